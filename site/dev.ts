// `npm run dev`: serves both sites in the foreground, the blog on :4321 and the calendar on :4322.
// Ctrl-C stops both. ASTRO_DEV_BACKGROUND=0 keeps Astro from detaching.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const astro = path.join(root, 'node_modules/.bin/astro');
const env = { ...process.env, ASTRO_DEV_BACKGROUND: '0', ASTRO_TELEMETRY_DISABLED: '1' };
const children: ChildProcess[] = [
  spawn(astro, ['dev', '--root', '.', '--port', process.env.PUBLIC_PORT ?? '4321'], { cwd: root, env, stdio: 'inherit' }),
  spawn(astro, ['dev', '--root', 'site/calendar', '--port', process.env.INTERNAL_PORT ?? '4322'], { cwd: root, env, stdio: 'inherit' }),
];
const stop = () => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
for (const child of children) child.on('exit', (code) => {
  stop();
  process.exitCode = code ?? 0;
});
