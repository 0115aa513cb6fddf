// `npm start`: the whole Cadence pipeline on the sample brand, with no account.
//
// The brand's content is copied into a throwaway Git repository with a local bare remote
// (.cadence/demo/), because publishing commits its ledger and pushes it, as the scheduled workflow
// would. Then, as the workflows do: lint → due → publish (channels without credentials go to the
// local outbox) → build the public blog and the internal calendar → serve both.
//
//   npm start                       at 2026-12-08T20:00+01:00, the evening of the Fête des Lumières
//   npm start -- --at <ISO>         another instant
//   npm start -- --no-serve         stop after the builds (CI, scripts)
//   npm start -- --workspace <dir>  where to make the throwaway brand repository (default .cadence/demo)
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';

const repo = path.resolve(import.meta.dirname, '..');
const { values } = parseArgs({ options: { at: { type: 'string' }, 'no-serve': { type: 'boolean' }, workspace: { type: 'string' } } });
const at = values.at ?? process.env.CADENCE_DEMO_AT ?? '2026-12-08T20:00:00+01:00';
const workspace = path.resolve(values.workspace ?? path.join(repo, '.cadence/demo'));
const brand = path.join(workspace, 'brand');
const remote = path.join(workspace, 'remote.git');
const node = process.execPath;
const bin = path.join(repo, 'bin/cadence.js');
const astro = path.join(repo, 'node_modules/.bin/astro');

function step(title: string): void {
  process.stdout.write(`\n━━ ${title}\n`);
}

function run(command: string, args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv; allowFailure?: boolean } = {}): number {
  const result = spawnSync(command, args, { cwd: options.cwd ?? brand, stdio: 'inherit', env: { ...process.env, ...options.env } });
  const code = result.status ?? 1;
  if (code !== 0 && !options.allowFailure) {
    process.stderr.write(`\n✖ ${path.basename(command)} ${args.join(' ')} exited with ${code}\n`);
    process.exit(code);
  }
  return code;
}

const git = (...args: string[]) => run('git', ['-c', 'user.name=Cadence demo', '-c', 'user.email=demo@cadence.invalid', ...args]);

step(`A brand repository with the sample content, at ${at}`);
rmSync(workspace, { recursive: true, force: true });
for (const folder of ['content', 'public', 'samples']) if (existsSync(path.join(repo, folder))) cpSync(path.join(repo, folder), path.join(brand, folder), { recursive: true });
// The metrics the brand's workflow committed before the sample posts (six months), for full dashboards.
cpSync(path.join(repo, 'samples/metrics/history'), path.join(brand, 'data/metrics'), { recursive: true });
cpSync(path.join(repo, '.gitignore'), path.join(brand, '.gitignore'));
run('git', ['init', '-q', '--bare', '-b', 'main', remote], { cwd: repo });
git('init', '-q', '-b', 'main');
git('add', '-A');
git('commit', '-q', '-m', 'Sample brand');
git('remote', 'add', 'origin', remote);
git('push', '-q', '-u', 'origin', 'main');
console.log(`  ${brand} (remote: ${remote})`);

step('cadence lint: what a pull request check would say');
run(node, [bin, 'lint', '--at', at], { allowFailure: true });

step('cadence due: what the scheduled workflow finds due');
run(node, [bin, 'due', '--at', at]);

step('cadence publish: channels without credentials publish to .cadence/outbox/');
// No network credentials reach the demo, whatever the shell has.
const noCredentials = Object.fromEntries(Object.keys(process.env).filter((k) => /_(TOKEN|PASSWORD|SECRET|WEBHOOK_URL|APP_PASSWORD|IDENTIFIER)$/.test(k)).map((k) => [k, '']));
// The demo publishes to the outbox on purpose, even where GITHUB_ACTIONS would otherwise forbid it.
// CADENCE_CLOCK: the ledger dates the publications at the demo's instant, as a run at that time would.
run(node, [bin, 'publish', '--at', at], { env: { ...noCredentials, CADENCE_OUTBOX: '1', CADENCE_CLOCK: at } });
const outbox = path.join(brand, '.cadence/outbox');
if (existsSync(outbox)) {
  for (const channel of readdirSync(outbox).sort()) console.log(`  outbox/${channel}: ${readdirSync(path.join(outbox, channel)).length} publication(s)`);
}
console.log(`  ledger commits pushed: ${spawnSync('git', ['rev-list', '--count', 'main'], { cwd: remote, encoding: 'utf8' }).stdout.trim()}`);

step('cadence metrics: the outbox channels read the seeded history (samples/metrics/network/)');
run(node, [bin, 'metrics', '--at', at], { env: { ...noCredentials, CADENCE_OUTBOX: '1', CADENCE_CLOCK: at } });

step('cadence report: the last month, as the monthly workflow freezes it');
run(node, [bin, 'report', '--at', at, '--format', 'markdown', '--output', 'dist/report.md']);
run(node, [bin, 'report', '--at', at, '--format', 'csv', '--output', 'dist/report.csv']);

step('cadence watch: mentions from samples/watch/ (no account), sentiment, the spike rule');
// Samples on purpose (no account), and no GitHub: the alert issue is written to .cadence/watch/.
run(node, [bin, 'watch', '--at', at], { env: { ...noCredentials, CADENCE_OUTBOX: '1', GITHUB_TOKEN: '', GITHUB_REPOSITORY: '' } });
step('cadence moderate: replies to the sample posts (local inbox) against the netiquette; queue in .cadence/moderation/queue.jsonl');
// Third parties' words stay out of Git: the log keeps ids, rules and keyed pseudonyms (a local key in .cadence/).
run(node, [bin, 'moderate', '--at', at], { env: { ...noCredentials, CADENCE_OUTBOX: '1', CADENCE_QUEUE: 'local', GITHUB_ACTIONS: '' }, allowFailure: true });

step('Both sites: the public blog (embargoed at that instant) and the internal calendar');
const siteEnv = {
  CADENCE_ROOT: brand,
  CADENCE_AT: at,
  CADENCE_OUT_PUBLIC: path.join(brand, 'dist/public'),
  CADENCE_OUT_INTERNAL: path.join(brand, 'dist/internal'),
  // The demo brand's Astro caches live and go with its workspace (each run starts from a fresh copy).
  CADENCE_CACHE_DIR: path.join(workspace, 'astro-cache'),
  ASTRO_TELEMETRY_DISABLED: '1',
};
run(process.execPath, [path.join(repo, 'site/build.ts')], { cwd: repo, env: siteEnv });
console.log(`  ${siteEnv.CADENCE_OUT_PUBLIC}\n  ${siteEnv.CADENCE_OUT_INTERNAL}`);

if (values['no-serve'] || process.env.CI) {
  console.log('\n✓ pipeline done (not serving: --no-serve or CI)');
  process.exit(0);
}
step('Serving: blog http://localhost:4321/  calendar http://localhost:4322/  (Ctrl-C to stop)');
const previewEnv = { ...process.env, ...siteEnv, ASTRO_PREVIEW_BACKGROUND: '0' };
const servers = [
  spawn(astro, ['preview', '--root', '.', '--port', '4321'], { cwd: repo, env: previewEnv, stdio: 'inherit' }),
  spawn(astro, ['preview', '--root', 'site/calendar', '--port', '4322'], { cwd: repo, env: previewEnv, stdio: 'inherit' }),
];
const stop = () => servers.forEach((s) => s.exitCode === null && s.kill('SIGTERM'));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
