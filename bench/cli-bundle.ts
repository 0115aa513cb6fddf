import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { REPO_ROOT } from './brand.ts';

/**
 * Makes sure `cli` runs the CLI bundle, as an install leaves it: bin/cadence.js falls back to the
 * TypeScript sources when the bundle is older than them (an edit since the last build), and a run from
 * the sources spends ~0.7–1.5 s more stripping types and loading modules, a different thing from what
 * users run. Builds this checkout's bundle when needed; says so when another CLI cannot be brought up to date.
 */
export function ensureCliBundle(cli: string, log: (line: string) => void): void {
  const runsBundle = () => spawnSync(process.execPath, [cli, '--version'], { encoding: 'utf8' }).stdout.includes('bundle');
  if (runsBundle()) return;
  if (path.resolve(cli) === path.join(REPO_ROOT, 'bin/cadence.js')) {
    log('building the CLI bundle (scripts/build-cli.mjs), as an install does…');
    const build = spawnSync(process.execPath, [path.join(REPO_ROOT, 'scripts/build-cli.mjs')], { cwd: REPO_ROOT, encoding: 'utf8' });
    if (build.status !== 0) throw new Error(`scripts/build-cli.mjs failed: ${build.stderr.trim().slice(0, 300)}`);
    if (runsBundle()) return;
  }
  log(`warning: ${cli} runs from the TypeScript sources, not its bundle: its figures include type stripping`);
}
