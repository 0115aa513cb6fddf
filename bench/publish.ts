/**
 * `cadence publish` on the 10,000-post benchmark brand (bench/generate.ts, shared with the lint benchmark):
 *
 *   node bench/publish.ts          # BENCH_POSTS (10000), BENCH_SEED (1), BENCH_REPS (5), BENCH_PAIRS (200)
 *
 * (a) nothing due (`--at` the day before the first post) against the baseline of the lint benchmark (read
 *     every post and parse its frontmatter with gray-matter): target ≤ 2×;
 * (b) about BENCH_PAIRS (post, channel) pairs due at `--at`, published through the local outbox (no
 *     credentials; the blog channel records its URL), with real claims and pushes: the runner is a clone of
 *     a local bare remote, so every run fetches, rebases, commits the claims, pushes, sends, commits the
 *     outcomes and pushes again: target < 5 s. Twice per round: with no `.cadence/` (cold lint cache: a fresh
 *     clone, a manual run) and with the lint cache of an earlier `cadence lint` (the publish workflow lints
 *     the repository, or restores the cache, right before publishing).
 *
 * (a) also on minimal posts (bench/minimal-brand.ts: a title, one channel, a pillar, one line of text; issue #21),
 *     where the fixed cost weighs most: BENCH_MINIMAL posts (default BENCH_POSTS, 0 leaves them out), cloned the
 *     same way (bare remote + runner), against their own read-and-parse baseline. BENCH_DUE=0 leaves (b) out.
 *
 * The brand is cloned (bare remote + runner) into bench/.work/publish/, so nothing here touches the shared
 * brand. Before each (b) run, untimed, the runner and the remote are reset to the brand's commit and the
 * outbox is emptied. Every figure is a separate child process with the project's Node (Node's start and
 * module loading counted, as CI sees them); rounds interleave the scenarios; figures are medians.
 * Results: the table below, and bench/.work/publish-results.json. Exits 1 only when a run misbehaves
 * (a crash, a wrong count), never for a missed target.
 */
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { existsSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BENCH_DIR, ensureBrand, REPO_ROOT, WORK_DIR } from './brand.ts';
import { ensureMinimalBrand } from './minimal-brand.ts';
import { ensureCliBundle } from './cli-bundle.ts';
import { median } from './stats.ts';
import { parseTimeReport } from './time-report.ts';

const POSTS = Number(process.env.BENCH_POSTS ?? 10_000);
const SEED = Number(process.env.BENCH_SEED ?? 1);
const REPS = Math.max(1, Number(process.env.BENCH_REPS ?? 5));
const PAIRS = Number(process.env.BENCH_PAIRS ?? 200);
const MINIMAL_POSTS = Number(process.env.BENCH_MINIMAL ?? POSTS);
const WITH_DUE = process.env.BENCH_DUE !== '0';
const CLI = path.join(REPO_ROOT, 'bin/cadence.js');
const NODE = process.execPath;
const TARGET_RATIO = 2;
const TARGET_DUE_MS = 5_000;

const log = (line: string) => process.stdout.write(`${line}\n`);
const problems: string[] = [];
const fail = (message: string) => {
  problems.push(message);
  log(`  ✖ ${message}`);
};

/** The environment of a publish run: no credentials (the outbox), no CI variables, no Cadence overrides. */
function cleanEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { NO_COLOR: '1' };
  for (const [k, v] of Object.entries(process.env)) {
    if (v === undefined) continue;
    if (/^(MASTODON|BLUESKY|X|LINKEDIN|FACEBOOK|INSTAGRAM|THREADS|DISCORD|SLACK|TELEGRAM)_/.test(k)) continue;
    if (/^(GITHUB_|CADENCE_)/.test(k) || k === 'CI') continue;
    env[k] = v;
  }
  return env;
}
const ENV = cleanEnv();

function git(cwd: string, ...args: string[]): string {
  const result = spawnSync('git', ['-c', 'user.name=cadence-bench', '-c', 'user.email=bench@cadence.invalid', '-c', 'commit.gpgsign=false', ...args], { cwd, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`git ${args.join(' ')} (in ${cwd}): ${result.stderr.trim()}`);
  return result.stdout;
}

interface Sample {
  ms: number;
  /** User + system CPU time of the child and its children (Git), from /usr/bin/time when it runs here. */
  cpuMs: number | undefined;
  child: SpawnSyncReturns<string>;
}

const TIME = spawnSync('/usr/bin/time', ['-v', NODE, '-e', '0'], { encoding: 'utf8' }).status === 0;

function timed(args: string[], cwd: string): Sample {
  const start = performance.now();
  const child = spawnSync(TIME ? '/usr/bin/time' : NODE, TIME ? ['-v', NODE, ...args] : args, { cwd, env: ENV, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  const ms = performance.now() - start;
  if (!TIME) return { ms, cpuMs: undefined, child };
  const { cpuMs, stderr } = parseTimeReport(child.stderr ?? '');
  return { ms, cpuMs, child: { ...child, stderr } };
}

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');

// ---------------------------------------------------------------------------------------------
// Set-up (untimed): the brand, a bare remote and a runner clone.

const started = Date.now();
log(`cadence publish benchmark: ${POSTS} posts, ${REPS} rounds, Node ${process.version}, ${os.availableParallelism()} CPUs`);
const brand = await ensureBrand(POSTS, SEED, log);
ensureCliBundle(CLI, log);
if (!brand.git) throw new Error('the benchmark brand is not a Git repository (git missing?)');
const work = path.join(WORK_DIR, 'publish');
rmSync(work, { recursive: true, force: true });
const bare = path.join(work, 'remote.git');
const runner = path.join(work, 'runner');
git(REPO_ROOT, 'clone', '-q', '--bare', brand.dir, bare);
git(REPO_ROOT, 'clone', '-q', bare, runner);
const seedCommit = git(runner, 'rev-parse', 'HEAD').trim();
log(`brand: ${path.relative(REPO_ROOT, brand.dir)} (${brand.posts} posts), remote ${path.relative(REPO_ROOT, bare)}, runner ${path.relative(REPO_ROOT, runner)}`);
const minimal = MINIMAL_POSTS > 0 ? ensureMinimalBrand(MINIMAL_POSTS, log) : undefined;
if (minimal && !minimal.git) throw new Error('the minimal brand is not a Git repository (git missing?)');
const minimalRunner = path.join(work, 'minimal-runner');
if (minimal) {
  git(REPO_ROOT, 'clone', '-q', '--bare', minimal.dir, path.join(work, 'minimal-remote.git'));
  git(REPO_ROOT, 'clone', '-q', path.join(work, 'minimal-remote.git'), minimalRunner);
  log(`minimal brand: ${minimal.posts} posts, runner ${path.relative(REPO_ROOT, minimalRunner)}`);
}

/** Back to the brand's commit, on the runner and on the remote; outbox emptied; lint cache removed or kept. */
function reset(cache: 'cold' | 'warm'): void {
  git(bare, 'update-ref', 'refs/heads/main', seedCommit);
  git(runner, 'reset', '-q', '--hard', seedCommit);
  git(runner, 'update-ref', 'refs/remotes/origin/main', seedCommit);
  git(runner, 'clean', '-qfdx', '--', 'data');
  rmSync(path.join(runner, cache === 'cold' ? '.cadence' : '.cadence/outbox'), { recursive: true, force: true });
  // As in the publish workflow, where `cadence lint` runs (and fills the cache) right before `cadence publish`.
  if (cache === 'warm' && !existsSync(path.join(runner, '.cadence/cache'))) {
    const lint = spawnSync(NODE, [CLI, 'lint', '--format', 'json', '--at', dueAt], { cwd: runner, env: ENV, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
    if (lint.status !== 0 && lint.status !== 1) throw new Error(`cadence lint failed: ${lint.stderr}`);
  }
}

// The instant at which about PAIRS pairs are due: from `cadence due` a month after the first post.
const nothingAt = brand.lintAt;
const probe = spawnSync(NODE, [CLI, 'due', '--format', 'json', '--at', new Date(Date.parse(brand.lintAt) + 40 * 86_400_000).toISOString()], { cwd: runner, env: ENV, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
if (probe.status !== 0) throw new Error(`cadence due failed: ${probe.stderr}`);
const dueTimes = (JSON.parse(probe.stdout) as { publishAt: string }[]).map((d) => Date.parse(d.publishAt)).sort((a, b) => a - b);
if (dueTimes.length < PAIRS) throw new Error(`only ${dueTimes.length} pairs in the first 40 days`);
// Closest count to PAIRS at a post boundary (pairs of one post share an instant).
const candidates = [...new Set(dueTimes)].map((t) => ({ t, n: dueTimes.filter((x) => x <= t).length }));
const distance = (c: { n: number }) => Math.abs(c.n - PAIRS) - (c.n >= PAIRS ? 0.5 : 0); // ties: at least PAIRS
const best = candidates.reduce((a, b) => (distance(b) < distance(a) ? b : a));
const dueAt = new Date(best.t).toISOString();
const expected = best.n;
log(`(a) nothing due at ${nothingAt}; (b) ${expected} pairs due at ${dueAt}`);

// ---------------------------------------------------------------------------------------------
// Rounds

const baselineArgs = [path.join(BENCH_DIR, 'baseline-gray-matter.ts'), runner];
const nothingArgs = [CLI, 'publish', '--at', nothingAt];
const dueArgs = [CLI, 'publish', '--at', dueAt, '--format', 'json'];
type ScenarioId = 'baseline' | 'nothing' | 'due' | 'dueWarm' | 'minBaseline' | 'minNothing';
const samples: Record<ScenarioId, Sample[]> = { baseline: [], nothing: [], due: [], dueWarm: [], minBaseline: [], minNothing: [] };
const breakdown: Record<string, number> = {};

function checkBaseline(sample: Sample, posts: number, label: string): void {
  if (sample.child.status !== 0 || (JSON.parse(sample.child.stdout) as { files: number }).files !== posts) fail(`${label}: ${sample.child.stderr || sample.child.stdout}`);
}
function checkNothingDue(sample: Sample, label: string): void {
  if (sample.child.status !== 0 || !sample.child.stdout.includes('nothing due')) fail(`${label}: exit ${sample.child.status}: ${(sample.child.stderr || sample.child.stdout).trim().slice(0, 300)}`);
}

log('warm-up…');
timed(baselineArgs, runner);
timed(nothingArgs, runner);
if (minimal) {
  timed([path.join(BENCH_DIR, 'baseline-gray-matter.ts'), minimalRunner], minimalRunner);
  timed([CLI, 'publish', '--at', minimal.lintAt], minimalRunner);
}
for (let round = 1; round <= REPS; round++) {
  const base = timed(baselineArgs, runner);
  checkBaseline(base, brand.posts, 'baseline');
  samples.baseline.push(base);

  const nothing = timed(nothingArgs, runner);
  checkNothingDue(nothing, 'publish (nothing due)');
  samples.nothing.push(nothing);

  if (minimal) {
    const minBase = timed([path.join(BENCH_DIR, 'baseline-gray-matter.ts'), minimalRunner], minimalRunner);
    checkBaseline(minBase, minimal.posts, 'minimal posts: baseline');
    samples.minBaseline.push(minBase);
    const minNothing = timed([CLI, 'publish', '--at', minimal.lintAt], minimalRunner);
    checkNothingDue(minNothing, 'minimal posts: publish (nothing due)');
    samples.minNothing.push(minNothing);
  }

  for (const cache of WITH_DUE ? (['cold', 'warm'] as const) : []) {
    reset(cache);
    const due = timed(dueArgs, runner);
    (cache === 'cold' ? samples.due : samples.dueWarm).push(due);
    try {
      const report = JSON.parse(due.child.stdout) as { outcomes: { kind: string; channel: string; adapter?: string }[]; pushed: boolean; gitError?: string };
      const kinds: Record<string, number> = {};
      for (const o of report.outcomes) kinds[`${o.kind} via ${o.adapter ?? '-'}`] = (kinds[`${o.kind} via ${o.adapter ?? '-'}`] ?? 0) + 1;
      const published = report.outcomes.filter((o) => o.kind === 'published').length;
      const outbox = report.outcomes.filter((o) => o.kind === 'published' && o.adapter === 'outbox').length;
      const files = existsSync(path.join(runner, '.cadence/outbox')) ? readdirSync(path.join(runner, '.cadence/outbox'), { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.json')).length : 0;
      const remoteLedger = git(bare, 'ls-tree', '-r', '--name-only', 'main', '--', 'data/ledger').trim().split('\n').filter(Boolean).length;
      if (due.child.status !== 0) fail(`publish (due): exit ${due.child.status}: ${JSON.stringify(kinds)} ${due.child.stderr.trim().slice(0, 300)}`);
      if (report.outcomes.length !== expected) fail(`publish (due): ${report.outcomes.length} outcomes, ${expected} pairs due`);
      if (published !== expected) fail(`publish (due): ${published} published of ${expected}: ${JSON.stringify(kinds)}`);
      if (files !== outbox) fail(`publish (due): ${files} outbox files for ${outbox} outbox publications`);
      if (remoteLedger !== published || !report.pushed || report.gitError) fail(`publish (due): the remote has ${remoteLedger} ledger files for ${published} publications (pushed ${report.pushed}, ${report.gitError ?? 'no git error'})`);
      Object.assign(breakdown, kinds);
    } catch (error) {
      fail(`publish (due): ${(error as Error).message}: ${due.child.stderr.trim().slice(0, 300)}`);
    }
  }
  const last = (id: ScenarioId) => (samples[id].length === round ? `${Math.round(samples[id].at(-1)!.ms)}` : '-');
  log(`round ${round}/${REPS} (ms): baseline ${last('baseline')}, nothing due ${last('nothing')}, ${expected} due ${last('due')} (cold cache), ${last('dueWarm')} (warm cache); minimal posts: baseline ${last('minBaseline')}, nothing due ${last('minNothing')}`);
}
if (WITH_DUE) reset('cold');

// ---------------------------------------------------------------------------------------------
// Report

const figures = Object.fromEntries(
  Object.entries(samples)
    .filter(([, list]) => list.length > 0)
    .map(([id, list]) => {
      const ms = list.map((x) => x.ms);
      const cpu = list.map((x) => x.cpuMs).filter((x): x is number => x !== undefined);
      return [id, { medianMs: median(ms), minMs: Math.min(...ms), maxMs: Math.max(...ms), samplesMs: ms.map(Math.round), medianCpuMs: cpu.length ? median(cpu) : undefined }];
    }),
) as Partial<Record<ScenarioId, { medianMs: number; minMs: number; maxMs: number; samplesMs: number[]; medianCpuMs: number | undefined }>>;
/** Each round's own ratio (the same minute of a shared machine), and their median. */
const roundRatios = (id: ScenarioId, base: ScenarioId) => samples[id].map((s, i) => s.ms / samples[base][i]!.ms);
const cpuRatio = (id: ScenarioId, base: ScenarioId) => (figures[id]?.medianCpuMs && figures[base]?.medianCpuMs ? `, CPU ${fmt(figures[id].medianCpuMs)} / ${fmt(figures[base].medianCpuMs)} ms = ${(figures[id].medianCpuMs / figures[base].medianCpuMs).toFixed(2)}×` : '');
const targets: { target: string; measured: string; pass: boolean }[] = [];
for (const [id, base, label] of [['nothing', 'baseline', ''], ['minNothing', 'minBaseline', ' (minimal posts)']] as const) {
  if (!figures[id] || !figures[base]) continue;
  const ratios = roundRatios(id, base);
  const ratio = median(ratios);
  targets.push({
    target: `(a) publish, nothing due ≤ ${TARGET_RATIO}× baseline${label}`,
    measured: `median of the rounds' ratios ${ratio.toFixed(2)}× (${ratios.map((r) => r.toFixed(2)).join(', ')})${cpuRatio(id, base)}`,
    pass: ratio <= TARGET_RATIO,
  });
}
if (figures.due) targets.push({ target: `(b) publish ${expected} due pairs < ${TARGET_DUE_MS / 1000} s, cold lint cache`, measured: `${fmt(figures.due.medianMs)} ms`, pass: figures.due.medianMs < TARGET_DUE_MS });
if (figures.dueWarm) targets.push({ target: `(b) publish ${expected} due pairs < ${TARGET_DUE_MS / 1000} s, warm lint cache (as in publish.yml)`, measured: `${fmt(figures.dueWarm.medianMs)} ms`, pass: figures.dueWarm.medianMs < TARGET_DUE_MS });
const labels: Record<ScenarioId, string> = {
  baseline: 'baseline: read + gray-matter',
  nothing: 'publish, nothing due',
  due: `publish, ${expected} due, cold lint cache`,
  dueWarm: `publish, ${expected} due, warm lint cache`,
  minBaseline: 'minimal posts: read + gray-matter',
  minNothing: 'minimal posts: publish, nothing due',
};
log('');
log(`${'scenario'.padEnd(44)} ${'median ms'.padStart(10)} ${'min–max ms'.padStart(14)} ${'CPU ms'.padStart(8)}`);
for (const [id, f] of Object.entries(figures)) log(`${labels[id as ScenarioId].padEnd(44)} ${fmt(f.medianMs).padStart(10)} ${`${fmt(f.minMs)}–${fmt(f.maxMs)}`.padStart(14)} ${(f.medianCpuMs === undefined ? '-' : fmt(f.medianCpuMs)).padStart(8)}`);
log('');
for (const t of targets) log(`${t.pass ? 'PASS' : 'FAIL'}  ${t.target}: ${t.measured}`);
if (WITH_DUE) log(`(b) outcomes of the last round: ${Object.entries(breakdown).map(([k, v]) => `${v} ${k}`).join(', ')}`);

const results = {
  date: new Date().toISOString(),
  machine: { cpus: os.availableParallelism(), cpuModel: os.cpus()[0]?.model ?? 'unknown', loadavg: os.loadavg() },
  node: process.version,
  commit: spawnSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: REPO_ROOT, encoding: 'utf8' }).stdout.trim(),
  posts: brand.posts,
  minimalPosts: minimal?.posts ?? 0,
  rounds: REPS,
  nothingAt,
  dueAt,
  duePairs: expected,
  breakdown,
  figures,
  targets,
  problems,
  seconds: Math.round((Date.now() - started) / 1000),
};
writeFileSync(path.join(WORK_DIR, 'publish-results.json'), `${JSON.stringify(results, null, 2)}\n`);
log(`results: ${path.relative(REPO_ROOT, path.join(WORK_DIR, 'publish-results.json'))} (${results.seconds} s, load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')})`);
if (problems.length) {
  log(`${problems.length} problem(s): see above`);
  process.exitCode = 1;
}
