/**
 * `npm run bench:install`: what installing costs on a fresh clone, with npm's cache warm (docs/benchmarks.md,
 * "Install"). Each scenario clones this repository at a commit into bench/.work/install/ and times, with
 * `/usr/bin/time`, wall and CPU time (user + system, children included):
 *
 *   first-command  `npm install` with the system's Node first on PATH (the README's first command on a
 *                  machine with only Node 20), then checks that the project's Node 22 and the CLI run.
 *   ci-install     what a workflow job does after actions/checkout on a cache miss (.github/actions/setup):
 *                  `npm ci --omit=dev` on Node 22 (setup-node's; here the project's), then `cadence lint
 *                  --format github`, then `cadence publish` (the sample brand, an instant with posts due,
 *                  no credentials: the local outbox, a local bare remote). Reported: checkout → publish
 *                  starting, and publish's own time.
 *   ci-restore     the same on a cache hit: node_modules extracted from the tar.zst ci-install left (what
 *                  actions/cache/restore does once the archive is downloaded; the download is not here).
 *
 * Environment: BENCH_COMMITS (comma-separated commits or refs, default HEAD: several make an A/B run,
 * alternating within each round), BENCH_ROUNDS (1), BENCH_ONLY (comma-separated scenario ids).
 * A/B runs of a commit from before .github/actions/setup existed run `npm install` there (what the
 * workflows ran then) instead of `npm ci --omit=dev`.
 * Results: the table below and bench/.work/install-results.json. Exits 1 only when a step fails.
 */
import { spawnSync, type SpawnSyncOptions } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { REPO_ROOT, WORK_DIR } from './brand.ts';
import { median } from './stats.ts';
import { parseTimeReport } from './time-report.ts';

const COMMITS = (process.env.BENCH_COMMITS ?? 'HEAD').split(',').map((c) => c.trim()).filter(Boolean);
const ROUNDS = Math.max(1, Number(process.env.BENCH_ROUNDS ?? 1));
const ONLY = process.env.BENCH_ONLY ? new Set(process.env.BENCH_ONLY.split(',').map((s) => s.trim())) : undefined;
const DIR = path.join(WORK_DIR, 'install');
const NODE22_BIN = path.dirname(process.execPath);
// A machine with only the system's Node: PATH without any node_modules/.bin (npm and npx put theirs first).
const SYSTEM_PATH = (process.env.PATH ?? '').split(path.delimiter).filter((dir) => !dir.includes('node_modules')).join(path.delimiter);
const CI_PATH = `${NODE22_BIN}${path.delimiter}${SYSTEM_PATH}`;
// An evening of the sample brand with posts due (the demo's: `npm start`).
const PUBLISH_AT = '2026-12-08T20:00:00+01:00';

const log = (line: string) => process.stdout.write(`${line}\n`);
let failed = false;

interface Timed {
  wallS: number;
  cpuS: number;
}
interface Sample {
  scenario: string;
  commit: string;
  round: number;
  steps: Record<string, Timed>;
  /** Seconds from the checkout to `cadence publish` starting (CI scenarios). */
  toPublishS?: number;
  load: [number, number];
  notes: string[];
}

/** One command under /usr/bin/time -v: wall and CPU seconds; its output goes to `logFile`. */
function timed(command: string, args: string[], options: SpawnSyncOptions & { logFile: string; mayFail?: boolean }): Timed & { ok: boolean; stdout: string } {
  const started = performance.now();
  const result = spawnSync('/usr/bin/time', ['-v', command, ...args], { ...options, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  const wallS = (performance.now() - started) / 1000;
  const report = parseTimeReport(result.stderr ?? '');
  writeFileSync(options.logFile, `$ ${command} ${args.join(' ')}\n${result.stdout ?? ''}\n${report.stderr}`, { flag: 'a' });
  const ok = result.status === 0;
  if (!ok && !options.mayFail) {
    failed = true;
    log(`  ✖ ${command} ${args.join(' ')} exited ${result.status} (log: ${path.relative(REPO_ROOT, options.logFile)})`);
  }
  return { wallS, cpuS: (report.cpuMs ?? NaN) / 1000, ok, stdout: result.stdout ?? '' };
}

function git(args: string[], cwd: string): string {
  const result = spawnSync('git', args, { cwd, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`git ${args.join(' ')}: ${result.stderr}`);
  return result.stdout.trim();
}

/** A fresh clone at `commit`, with its own bare remote (publishing pushes the ledger there, never here). */
function freshClone(name: string, commit: string): string {
  const dir = path.join(DIR, name);
  rmSync(dir, { recursive: true, force: true });
  rmSync(`${dir}.git`, { recursive: true, force: true });
  mkdirSync(DIR, { recursive: true });
  git(['clone', '-q', '--no-checkout', REPO_ROOT, dir], DIR);
  git(['checkout', '-q', '--detach', commit], dir);
  git(['clone', '-q', '--bare', dir, `${dir}.git`], DIR);
  git(['remote', 'set-url', 'origin', `${dir}.git`], dir);
  git(['config', 'user.name', 'Cadence bench'], dir);
  git(['config', 'user.email', 'bench@cadence.invalid'], dir);
  return dir;
}

const loadNow = () => os.loadavg()[0]!;

function firstCommand(commit: string, round: number): Sample {
  const dir = freshClone('first-command', commit);
  const logFile = path.join(DIR, `first-command-${round}.log`);
  rmSync(logFile, { force: true });
  const load0 = loadNow();
  const env = { ...process.env, PATH: SYSTEM_PATH };
  const install = timed('npm', ['install'], { cwd: dir, env, logFile });
  const load1 = loadNow();
  const notes: string[] = [];
  const output = readFileSync(logFile, 'utf8');
  const added = /^added (\d+) packages/m.exec(output);
  if (added) notes.push(`${added[1]} packages`);
  if (/not yet covered by allowScripts/.test(output)) notes.push('npm warns about allowScripts');
  const version = spawnSync(path.join(dir, 'node_modules/.bin/node'), [path.join(dir, 'bin/cadence.js'), '--version'], { encoding: 'utf8' });
  if (version.status !== 0) {
    failed = true;
    log(`  ✖ the CLI does not run after npm install: ${version.stderr}`);
  } else notes.push(version.stdout.trim());
  return { scenario: 'first-command', commit, round, steps: { 'npm install': install }, load: [load0, load1], notes };
}

/** The steps of publish.yml after the checkout: install (or restore), lint, publish. */
function ciRun(scenario: 'ci-install' | 'ci-restore', commit: string, round: number): Sample {
  const dir = freshClone(scenario, commit);
  const logFile = path.join(DIR, `${scenario}-${round}.log`);
  rmSync(logFile, { force: true });
  const env = { ...process.env, PATH: CI_PATH, CADENCE_OUTBOX: '1', GITHUB_TOKEN: '', GH_TOKEN: '' };
  const archive = path.join(DIR, `node_modules-${git(['rev-parse', 'HEAD:package-lock.json'], dir)}.tar.zst`);
  const load0 = loadNow();
  const steps: Record<string, Timed> = {};
  const notes: string[] = [];
  if (scenario === 'ci-install') {
    // The install command of the clone's setup action, else what the workflows ran before it.
    const action = path.join(dir, '.github/actions/setup/action.yml');
    const command = existsSync(action) ? /^\s*run: npm (ci .*)$/m.exec(readFileSync(action, 'utf8'))?.[1] : undefined;
    const args = (command ?? 'install --no-audit --no-fund').split(' ');
    steps[`npm ${args.filter((arg) => !/^--(no-audit|no-fund)$/.test(arg)).join(' ')}`] = timed('npm', args, { cwd: dir, env, logFile });
    // For ci-restore: the tree as actions/cache would save it (zstd, as it compresses).
    if (!existsSync(archive)) spawnSync('sh', ['-c', `tar -cf - node_modules | zstd -q -T0 -o '${archive}'`], { cwd: dir });
  } else {
    if (!existsSync(archive)) {
      log(`  ✖ ${scenario}: no archive of this lockfile's node_modules (run ci-install first)`);
      failed = true;
      return { scenario, commit, round, steps, load: [load0, loadNow()], notes };
    }
    steps['restore node_modules'] = timed('sh', ['-c', `zstd -q -d -c '${archive}' | tar -xf -`], { cwd: dir, env, logFile });
    notes.push(`archive ${(Number(spawnSync('stat', ['-c', '%s', archive], { encoding: 'utf8' }).stdout) / 2 ** 20).toFixed(0)} MB`);
  }
  // npx, as the workflow runs them (Node 22 from PATH, as setup-node puts it). Lint does not block (continue-on-error).
  steps['cadence lint'] = timed('npx', ['cadence', 'lint', '--format', 'github'], { cwd: dir, env, logFile, mayFail: true });
  const toPublishS = Object.values(steps).reduce((sum, step) => sum + step.wallS, 0);
  const publish = timed('npx', ['cadence', 'publish', '--at', PUBLISH_AT], { cwd: dir, env, logFile });
  steps['cadence publish'] = publish;
  const published = (publish.stdout.match(/published/g) ?? []).length;
  notes.push(`${published} "published" lines`, spawnSync(path.join(NODE22_BIN, 'node'), ['bin/cadence.js', '--version'], { cwd: dir, encoding: 'utf8' }).stdout.trim());
  return { scenario, commit, round, steps, toPublishS, load: [load0, loadNow()], notes };
}

const scenarios = [
  { id: 'first-command', run: firstCommand },
  { id: 'ci-install', run: (commit: string, round: number) => ciRun('ci-install', commit, round) },
  { id: 'ci-restore', run: (commit: string, round: number) => ciRun('ci-restore', commit, round) },
].filter(({ id }) => !ONLY || ONLY.has(id));

const resolved = COMMITS.map((ref) => ({ ref, commit: git(['rev-parse', '--short', ref], REPO_ROOT) }));
log(`install benchmark: ${resolved.map((c) => `${c.ref} (${c.commit})`).join(' vs ')}, ${ROUNDS} round(s), ${os.availableParallelism()} cores, npm ${spawnSync('npm', ['--version'], { encoding: 'utf8', env: { ...process.env, PATH: SYSTEM_PATH } }).stdout.trim()}, system node ${spawnSync('node', ['--version'], { encoding: 'utf8', env: { ...process.env, PATH: SYSTEM_PATH } }).stdout.trim()}, project node ${process.version}`);
const samples: Sample[] = [];
for (let round = 0; round < ROUNDS; round++) {
  for (const { id, run } of scenarios) {
    // Alternate which commit goes first, round by round.
    for (const { commit } of round % 2 ? [...resolved].reverse() : resolved) {
      const sample = run(commit, round + 1);
      samples.push(sample);
      const steps = Object.entries(sample.steps).map(([name, t]) => `${name} ${t.wallS.toFixed(1)} s (CPU ${t.cpuS.toFixed(1)} s)`).join(', ');
      const toPublish = sample.toPublishS === undefined ? '' : `; checkout → publish starting ${sample.toPublishS.toFixed(1)} s`;
      log(`${id.padEnd(14)} ${commit} round ${round + 1}: ${steps}${toPublish}  [load ${sample.load.map((l) => l.toFixed(2)).join(' → ')}; ${sample.notes.join('; ')}]`);
    }
  }
}

log('');
for (const { id } of scenarios) {
  for (const { commit } of resolved) {
    const mine = samples.filter((s) => s.scenario === id && s.commit === commit);
    if (mine.length === 0) continue;
    const total = (s: Sample) => s.toPublishS ?? Object.values(s.steps).reduce((sum, t) => sum + t.wallS, 0);
    const cpu = (s: Sample) => Object.entries(s.steps).filter(([name]) => name !== 'cadence publish').reduce((sum, [, t]) => sum + t.cpuS, 0);
    log(`${id.padEnd(14)} ${commit}: median ${median(mine.map(total)).toFixed(1)} s wall, ${median(mine.map(cpu)).toFixed(1)} s CPU${id === 'first-command' ? ' (npm install)' : ' (checkout → publish starting)'}`);
  }
}
const file = path.join(WORK_DIR, 'install-results.json');
writeFileSync(file, `${JSON.stringify({ commits: resolved, machine: { cores: os.availableParallelism(), node: process.version }, samples }, null, 2)}\n`);
log(`results: ${path.relative(REPO_ROOT, file)}`);
process.exit(failed ? 1 : 0);
