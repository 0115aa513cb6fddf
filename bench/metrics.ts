/**
 * `npm run bench:metrics` (part of `npm run bench`): reporting over a year of metrics, against the issue's
 * targets (#17), on the lint benchmark's 10,000-post brand (bench/brand.ts) with a data/metrics/ of its own
 * (bench/metrics-data.ts): 10,000 posts × 10 channels × 5 milestones = 500,000 readings, plus a year of
 * daily followers, blog analytics and hourly run rows.
 *
 *   (a) `cadence report --month <the year's last month>` in each format a user asks for (markdown, html,
 *       csv, json), and the internal site's reporting data prepared as its pages do
 *       (bench/metrics-dashboard.ts): under 3 s and 500 MB each;
 *   (b) the internal site built with and without the reporting section's data, in alternating pairs in
 *       the same run (without = the same brand with data/metrics/ set aside: the section's pages are then
 *       a handful of empty ones): under 20 % added;
 *   (c) the Git size of the year: a real repository whose history appends the rows week by week (as the
 *       hourly runs do, in 67 commits), `git gc`, then `git count-objects -vH`; and the same files in one
 *       commit, for comparison.
 *
 * Every figure is a separate child process started with this very Node binary under /usr/bin/time -v
 * (wall, CPU = user + system, peak resident set; the site build's peak is also sampled over its process
 * tree), and (a) interleaves its scenarios round by round, so a noisy neighbour slows them alike. Figures
 * are medians. The machine is shared: CPU time and ratios measured in one run say more than wall times.
 *
 * Environment: BENCH_POSTS (10000), BENCH_SEED (1), BENCH_REPS (rounds of (a), default 5, none started
 * after BENCH_BUDGET_S = 150 s once 3 are done), BENCH_ROUNDS (pairs of site builds, default 2),
 * BENCH_ONLY (comma-separated: report-markdown, report-html, report-csv, report-json, report-append (each run after
 * one more hour of rows appended to a copy of the data), report-markdown-cold, dashboard-cold, dashboard,
 * dashboard-unfrozen, site, site-unfrozen, git; the -cold ones delete the dataset cache, the
 * .cadence/cache/metrics-dataset/ folder, before each run; the -unfrozen ones run on the same files without the
 * frozen months of data/reports/, a year the monthly job never ran on), BENCH_SITE_CACHE=cold (each site build
 * without that cache), BENCH_DASHBOARD=sources (the dashboard's script from its TypeScript sources, not bundled).
 * Exits non-zero only when something crashed or printed what it should not, never for a missed target.
 * Results: the table below and bench/.work/metrics-results.json.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BENCH_DIR, ensureBrand, REPO_ROOT, WORK_DIR } from './brand.ts';
import { freezeMonth, METRICS_DATA_VERSION, writeMetricsData, type MetricsBenchData } from './metrics-data.ts';
import { sampleTreeMemory } from './process-tree.ts';
import { ensureCliBundle } from './cli-bundle.ts';
import { median } from './stats.ts';
import { DATASET_CACHE_DIR } from '../src/metrics/dataset-cache.ts';
import { appendRows } from '../src/metrics/store.ts';
import { parseTimeReport } from './time-report.ts';

const POSTS = Number(process.env.BENCH_POSTS ?? 10_000);
const SEED = Number(process.env.BENCH_SEED ?? 1);
const REPS = Math.max(1, Number(process.env.BENCH_REPS ?? 5));
const MIN_REPS = Math.min(3, REPS);
const BUDGET_MS = Number(process.env.BENCH_BUDGET_S ?? 150) * 1000;
const ROUNDS = Math.max(1, Math.floor(Number(process.env.BENCH_ROUNDS ?? 2)) || 1);
/** BENCH_SITE_CACHE=cold: each site build starts without the dataset cache (default: as the scenarios of (a) left it). */
const SITE_COLD = process.env.BENCH_SITE_CACHE === 'cold';
const ONLY = process.env.BENCH_ONLY ? new Set(process.env.BENCH_ONLY.split(',').map((s) => s.trim())) : undefined;
const wanted = (id: string) => !ONLY || ONLY.has(id);
const NODE = process.execPath;
const CLI = path.join(REPO_ROOT, 'bin/cadence.js');
const MB = 1024 * 1024;
const TARGET_MS = 3_000;
const TARGET_MB = 500;
const TARGET_SITE_ADDED = 0.2;

const log = (line: string) => process.stdout.write(`${line}\n`);
const problems: string[] = [];
const fail = (message: string) => {
  problems.push(message);
  log(`  ✖ ${message}`);
};

/** A run without credentials or CI variables (nothing here reads a network). */
function cleanEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { NO_COLOR: '1', ASTRO_TELEMETRY_DISABLED: '1' };
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined && !/^(GITHUB_|CADENCE_)/.test(k) && k !== 'CI') env[k] = v;
  return { ...env, ...extra };
}

function git(cwd: string, ...args: string[]): string {
  const result = spawnSync('git', ['-c', 'user.name=cadence-bench', '-c', 'user.email=bench@cadence.invalid', '-c', 'commit.gpgsign=false', '-c', 'gc.auto=0', ...args], { cwd, encoding: 'utf8', maxBuffer: 64 * MB });
  if (result.status !== 0) throw new Error(`git ${args.join(' ')} (in ${cwd}): ${result.stderr.trim()}`);
  return result.stdout;
}

interface Sample {
  ms: number;
  cpuMs: number | undefined;
  rssMB: number | undefined;
  status: number | null;
  stdout: string;
  stderr: string;
}

function timed(args: string[], cwd: string, env = cleanEnv()): Sample {
  const start = performance.now();
  const child = spawnSync('/usr/bin/time', ['-v', NODE, ...args], { cwd, env, encoding: 'utf8', maxBuffer: 512 * MB });
  const ms = performance.now() - start;
  const { rssKB, cpuMs, stderr } = parseTimeReport(child.stderr ?? '');
  return { ms, cpuMs, rssMB: rssKB === undefined ? undefined : rssKB / 1024, status: child.status, stdout: child.stdout ?? '', stderr };
}

const started = Date.now();
if (spawnSync('/usr/bin/time', ['-v', NODE, '-e', '0']).status !== 0) throw new Error('bench/metrics.ts needs /usr/bin/time (GNU time, package "time")');
log(`metrics benchmark: ${POSTS} posts × 10 channels × 5 milestones, Node ${process.version}, ${os.availableParallelism()} CPUs, load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`);

// ---------------------------------------------------------------------------------------------
// Set-up (untimed): the brand, its year of metrics, a fresh CLI bundle.

const brand = await ensureBrand(POSTS, SEED, log);
const dir = path.join(WORK_DIR, `metrics-${POSTS}-seed${SEED}`);
const manifestFile = path.join(dir, '.bench-metrics.json');
let data: MetricsBenchData | undefined;
try {
  const saved = JSON.parse(readFileSync(manifestFile, 'utf8')) as MetricsBenchData & { brandGenerator: number };
  if (saved.version === METRICS_DATA_VERSION && saved.posts === POSTS && saved.seed === SEED && saved.brandGenerator === brand.generatorVersion && existsSync(path.join(dir, 'data/metrics'))) data = saved;
} catch {
  data = undefined;
}
if (!data) {
  log(`writing a year of metrics into ${path.relative(REPO_ROOT, dir)}…`);
  const t0 = performance.now();
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  // The brand's content as hard links (nothing here writes to it), its metrics of its own.
  const copy = spawnSync('cp', ['-al', path.join(brand.dir, 'content'), path.join(brand.dir, 'public'), dir]);
  if (copy.status !== 0) throw new Error(`cp -al failed: ${copy.stderr}`);
  // Each past month frozen by the monthly job as the year goes (data/reports/<month>/), as a real brand has them.
  const frozenMonths: string[] = [];
  data = { ...writeMetricsData(dir, { posts: POSTS, seed: SEED, onMonthlyRun: (atMs) => frozenMonths.push(freezeMonth(dir, atMs)) }), frozenMonths };
  writeFileSync(manifestFile, JSON.stringify({ ...data, brandGenerator: brand.generatorVersion }));
  log(`  done in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
}
// The same brand and files (hard links) without data/reports/: a year whose months were never frozen.
const unfrozenDir = `${dir}-unfrozen`;
if (!existsSync(path.join(unfrozenDir, '.bench-metrics.json')) || readFileSync(path.join(unfrozenDir, '.bench-metrics.json'), 'utf8') !== readFileSync(manifestFile, 'utf8')) {
  rmSync(unfrozenDir, { recursive: true, force: true });
  mkdirSync(path.join(unfrozenDir, 'data'), { recursive: true });
  const copy = spawnSync('sh', ['-c', 'cp -al "$1/content" "$1/public" "$2/" && cp -al "$1/data/metrics" "$2/data/" && cp "$1/.bench-metrics.json" "$2/"', 'sh', dir, unfrozenDir]);
  if (copy.status !== 0) throw new Error(`cp -al failed: ${copy.stderr}`);
}
log(`data: ${data.publications.toLocaleString('en-US')} publications, ${data.snapshots.toLocaleString('en-US')} readings, ${data.accountRows} account days, ${data.blogRows.toLocaleString('en-US')} blog rows, ${data.runRows.toLocaleString('en-US')} run rows; ${data.files} files, ${(data.bytes / MB).toFixed(1)} MB; published ${data.firstDay} → ${data.lastDay}; report of ${data.month} at ${data.at}; ${data.frozenMonths?.length ?? 0} months frozen (${path.relative(REPO_ROOT, unfrozenDir)}: none)`);
ensureCliBundle(CLI, log);
// The dashboard's script bundled as the site's build bundles its pages (and the CLI is): from its TypeScript
// sources, Node would strip the types of ~60 modules first, 0.5 s of CPU that no site build spends on them.
// BENCH_DASHBOARD=sources runs the sources.
// With the dataset's worker thread as an entry of its own, next to it (a first load parses on it too, as the CLI's bundle does).
const DASHBOARD_DIR = path.join(WORK_DIR, 'metrics-dashboard');
const DASHBOARD = path.join(DASHBOARD_DIR, 'metrics-dashboard.js');
if (process.env.BENCH_DASHBOARD !== 'sources') {
  rmSync(DASHBOARD_DIR, { recursive: true, force: true });
  const entries = [path.join(BENCH_DIR, 'metrics-dashboard.ts'), path.join(REPO_ROOT, 'src/metrics/dataset-worker.ts')];
  const bundle = spawnSync(path.join(REPO_ROOT, 'node_modules/.bin/rolldown'), [...entries, '--platform', 'node', '--format', 'esm', '--dir', DASHBOARD_DIR, '--log-level', 'warn'], { cwd: REPO_ROOT, encoding: 'utf8' });
  if (bundle.status !== 0) throw new Error(`bundling bench/metrics-dashboard.ts: ${bundle.stderr || bundle.stdout}`);
}
const dashboardScript = process.env.BENCH_DASHBOARD === 'sources' ? path.join(BENCH_DIR, 'metrics-dashboard.ts') : DASHBOARD;

// ---------------------------------------------------------------------------------------------
// (a) The report in each format and the dashboard's data, interleaved rounds.

interface Scenario {
  id: string;
  label: string;
  args: string[];
  check: (stdout: string) => string | undefined;
  samples: Sample[];
  summary?: unknown;
  /** Untimed, before each run: the cold scenarios delete the dataset cache (the .cadence/cache/metrics-dataset/ folder). */
  before?: () => void;
}
const datasetCache = path.join(dir, DATASET_CACHE_DIR);
const coldCache = () => rmSync(datasetCache, { recursive: true, force: true });
const reportArgs = (format: string, root = dir) => [CLI, 'report', '--month', data!.month, '--at', data!.at, '--format', format, '--root', root];

// "After an hourly append": a copy of the data of its own, and before each run the rows of one more hour
// appended to it the way the hourly job appends them (appendRows, to the files that hour's run wrote: the
// readings of that hour in their publications' month files, the run row, the accounts at 02:17). The rows
// are the ones the generated year has for that hour, appended again: the first row of a key counts, so the
// report stays the same while every file they go to has new bytes to read.
const appendDir = path.join(WORK_DIR, 'metrics-append');
let appendHourMs = Date.parse('2027-12-20T02:00:00Z');
if (wanted('report-append')) {
  rmSync(appendDir, { recursive: true, force: true });
  mkdirSync(path.join(appendDir, 'data'), { recursive: true });
  const copy = spawnSync('sh', ['-c', `cp -al "${dir}/content" "${dir}/public" "${appendDir}" && cp -r "${dir}/data/metrics" "${appendDir}/data/"`]);
  if (copy.status !== 0) throw new Error(`copying the data for report-append failed: ${copy.stderr}`);
}
function appendOneHour(): void {
  const stamp = `"at":"${new Date(appendHourMs).toISOString().slice(0, 13)}:`;
  appendHourMs += 3_600_000;
  const root = path.join(appendDir, 'data/metrics');
  for (const name of readdirSync(root, { recursive: true }).map(String).sort()) {
    if (!name.endsWith('.jsonl')) continue;
    const rows = readFileSync(path.join(root, name), 'utf8').split('\n').filter((line) => line.includes(stamp));
    if (rows.length) appendRows(appendDir, `data/metrics/${name}`, rows.map((line) => JSON.parse(line) as object));
  }
}
const dashboardCheck = (frozen: number) => (out: string) => {
  const summary = JSON.parse(out) as { publications: number; months: number; frozen: number };
  return summary.publications === data!.publications && summary.months === 12 && summary.frozen === frozen ? undefined : `the dashboard saw ${summary.publications} publications, ${summary.months} months, ${summary.frozen} frozen`;
};
const expectText = (needle: string) => (stdout: string) => (stdout.includes(needle) ? undefined : `no "${needle}" in the output (${stdout.length} characters)`);
const allScenarios: Scenario[] = [
  { id: 'node', label: 'node -e 0 (Node start)', args: ['-e', '0'], check: () => undefined, samples: [] },
  { id: 'report-markdown', label: 'cadence report --format markdown', args: reportArgs('markdown'), check: expectText('## '), samples: [] },
  { id: 'report-html', label: 'cadence report --format html', args: reportArgs('html'), check: expectText('<svg'), samples: [] },
  { id: 'report-csv', label: 'cadence report --format csv', args: reportArgs('csv'), check: (out) => (out.split('\n').length > 1000 ? undefined : `${out.split('\n').length} CSV lines`), samples: [] },
  {
    id: 'report-json',
    label: 'cadence report --format json',
    args: reportArgs('json'),
    check: (out) => {
      const posts = (JSON.parse(out) as { posts: unknown[] }).posts.length;
      return posts > 1000 ? undefined : `${posts} publications in the month's report`;
    },
    samples: [],
  },
  { id: 'report-append', label: 'cadence report after an hourly append', args: reportArgs('markdown', appendDir), check: expectText('## '), samples: [], before: appendOneHour },
  { id: 'report-markdown-cold', label: 'cadence report --format markdown, no cache', args: reportArgs('markdown'), check: expectText('## '), samples: [], before: coldCache },
  {
    id: 'dashboard-cold',
    label: 'dashboard data, no cache',
    args: [dashboardScript, dir, data.at],
    check: () => undefined,
    samples: [],
    before: coldCache,
  },
  {
    id: 'dashboard',
    label: 'dashboard data (bench/metrics-dashboard.ts)',
    args: [dashboardScript, dir, data.at],
    check: dashboardCheck(12),
    samples: [],
  },
  {
    id: 'dashboard-unfrozen',
    label: 'dashboard data, no month frozen',
    args: [dashboardScript, unfrozenDir, data.at],
    check: dashboardCheck(0),
    samples: [],
  },
];
const scenarios = allScenarios.filter((s) => s.id === 'node' || wanted(s.id));

if (scenarios.length > 1) {
  log('warm-up…');
  for (const s of scenarios) {
    s.before?.();
    timed(s.args, dir);
  }
  for (let round = 1; round <= REPS; round++) {
    if (round > MIN_REPS && Date.now() - started > BUDGET_MS) {
      log(`time budget (${BUDGET_MS / 1000} s) reached: ${round - 1} rounds`);
      break;
    }
    const parts: string[] = [];
    for (const s of scenarios) {
      s.before?.();
      const sample = timed(s.args, dir);
      s.samples.push(sample);
      parts.push(`${s.id} ${Math.round(sample.ms)}/${Math.round(sample.cpuMs ?? NaN)}`);
      if (sample.status !== 0) {
        fail(`${s.id}: exit ${sample.status}: ${sample.stderr.trim().split('\n').slice(-3).join(' | ')}`);
        continue;
      }
      try {
        const problem = s.check(sample.stdout);
        if (problem) fail(`${s.id}: ${problem}`);
        if (s.id.startsWith('dashboard')) s.summary = JSON.parse(sample.stdout);
      } catch (error) {
        fail(`${s.id}: ${(error as Error).message}`);
      }
    }
    log(`round ${round}/${REPS} (wall/CPU ms): ${parts.join(', ')}`);
  }
}

interface Figure {
  id: string;
  label: string;
  medianMs: number;
  minMs: number;
  maxMs: number;
  medianCpuMs: number;
  peakMB: number;
}
const figures: Figure[] = scenarios
  .filter((s) => s.samples.length > 0)
  .map((s) => ({
    id: s.id,
    label: s.label,
    medianMs: median(s.samples.map((x) => x.ms)),
    minMs: Math.min(...s.samples.map((x) => x.ms)),
    maxMs: Math.max(...s.samples.map((x) => x.ms)),
    medianCpuMs: median(s.samples.map((x) => x.cpuMs ?? NaN)),
    peakMB: Math.max(...s.samples.map((x) => x.rssMB ?? NaN)),
  }));

// ---------------------------------------------------------------------------------------------
// (b) The internal site with and without the reporting section's data, alternating pairs.

type Variant = 'with' | 'without' | 'with-unfrozen';
interface Build {
  variant: Variant;
  seconds: number;
  cpuSeconds: number;
  peakMB: number;
  pages: number;
}
const builds: Build[] = [];
const RUN_DIR = path.join(WORK_DIR, 'metrics-run');
async function buildSite(variant: Variant): Promise<Build> {
  const root = variant === 'with-unfrozen' ? unfrozenDir : dir;
  const out = path.join(RUN_DIR, `internal-${variant}`);
  const cache = path.join(RUN_DIR, `cache-${variant}`);
  for (const d of [out, cache]) rmSync(d, { recursive: true, force: true });
  const metrics = path.join(dir, 'data/metrics');
  const aside = path.join(dir, 'data/metrics.aside');
  // The dataset cache is set aside with the data: a load without data/metrics/ prunes the folds of the files
  // gone, which would leave the next build with the data a first (uncached) load.
  const datasetCache = path.join(dir, DATASET_CACHE_DIR);
  const cacheAside = `${datasetCache}.aside`;
  if (SITE_COLD) rmSync(path.join(root, DATASET_CACHE_DIR), { recursive: true, force: true });
  if (variant === 'without') {
    renameSync(metrics, aside);
    if (existsSync(datasetCache)) renameSync(datasetCache, cacheAside);
  }
  const logFile = path.join(RUN_DIR, `build-${variant}.log`);
  try {
    const t0 = performance.now();
    const child = spawn('/usr/bin/time', ['-v', NODE, path.join(REPO_ROOT, 'site/build.ts'), 'internal'], {
      cwd: REPO_ROOT,
      env: cleanEnv({ CADENCE_ROOT: root, CADENCE_AT: data!.at, CADENCE_OUT_INTERNAL: out, CADENCE_CACHE_DIR: cache }),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const memory = sampleTreeMemory(child.pid!);
    let output = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    const status = await new Promise<number | null>((resolve) => child.on('close', resolve));
    const seconds = (performance.now() - t0) / 1000;
    const treeKB = memory.stop();
    writeFileSync(logFile, output);
    const { rssKB, cpuMs } = parseTimeReport(output);
    const pages = [...output.matchAll(/(\d+) page\(s\) built in/g)].reduce((sum, m) => sum + Number(m[1]), 0);
    if (status !== 0) fail(`site build (${variant}) exited ${status}: see ${path.relative(REPO_ROOT, logFile)}`);
    const channelPage = existsSync(path.join(out, 'reporting/channels/instagram/index.html'));
    if (variant !== 'without' && !channelPage) fail(`site build (${variant}): no reporting/channels/instagram/ page`);
    if (variant === 'without' && channelPage) fail('site build (without): the reporting section still has channel pages');
    return { variant, seconds, cpuSeconds: (cpuMs ?? NaN) / 1000, peakMB: Math.max(rssKB ?? 0, treeKB) / 1024, pages };
  } finally {
    if (variant === 'without') {
      renameSync(aside, metrics);
      rmSync(datasetCache, { recursive: true, force: true });
      if (existsSync(cacheAside)) renameSync(cacheAside, datasetCache);
    }
  }
}
const variants: Variant[] = [...(wanted('site') || wanted('site-unfrozen') ? ['without' as const] : []), ...(wanted('site') ? ['with' as const] : []), ...(wanted('site-unfrozen') ? ['with-unfrozen' as const] : [])];
if (variants.length) {
  mkdirSync(RUN_DIR, { recursive: true });
  for (let round = 0; round < ROUNDS; round++) {
    for (const variant of round % 2 ? [...variants].reverse() : variants) {
      const build = await buildSite(variant);
      builds.push(build);
      log(`site ${variant.padEnd(7)} ${round + 1}/${ROUNDS}: ${build.seconds.toFixed(1)} s wall, ${build.cpuSeconds.toFixed(1)} s CPU, ${build.pages} pages, peak ${build.peakMB.toFixed(0)} MB (load ${os.loadavg()[0]!.toFixed(1)})`);
    }
  }
}
const siteFigure = (variant: Variant) => {
  const list = builds.filter((b) => b.variant === variant);
  return list.length ? { seconds: median(list.map((b) => b.seconds)), cpuSeconds: median(list.map((b) => b.cpuSeconds)), peakMB: Math.max(...list.map((b) => b.peakMB)), pages: list[0]!.pages } : undefined;
};
const withData = siteFigure('with');
const withoutData = siteFigure('without');
const withUnfrozen = siteFigure('with-unfrozen');

// ---------------------------------------------------------------------------------------------
// (c) The Git size of the year.

interface GitSize {
  commits: number;
  rawMB: number;
  files: number;
  historyPackMB: number;
  singleCommitPackMB: number;
  countObjects: string;
  seconds: number;
}
let gitSize: GitSize | undefined;
if (wanted('git')) {
  const t0 = performance.now();
  const repo = path.join(WORK_DIR, 'metrics-git');
  rmSync(repo, { recursive: true, force: true });
  mkdirSync(repo, { recursive: true });
  git(repo, 'init', '-q', '-b', 'main');
  let commits = 0;
  log('git: a year of weekly commits…');
  const written = writeMetricsData(repo, {
    posts: POSTS,
    seed: SEED,
    onWeek: (untilMs) => {
      git(repo, 'add', '-A', 'data');
      if (git(repo, 'status', '--porcelain').trim() === '') return;
      git(repo, 'commit', '-q', '--no-verify', '-m', `cadence: metrics until ${new Date(untilMs).toISOString().slice(0, 10)}`);
      commits++;
    },
  });
  git(repo, 'add', '-A', 'data');
  if (git(repo, 'status', '--porcelain').trim() !== '') {
    git(repo, 'commit', '-q', '--no-verify', '-m', 'cadence: metrics, the last readings');
    commits++;
  }
  git(repo, 'gc', '-q');
  const countObjects = git(repo, 'count-objects', '-vH').trim();
  const sizePack = (text: string) => {
    const match = /size-pack: ([\d.]+) (bytes|KiB|MiB|GiB)/.exec(text);
    if (!match) return NaN;
    return Number(match[1]) * { bytes: 1 / MB, KiB: 1 / 1024, MiB: 1, GiB: 1024 }[match[2] as 'bytes' | 'KiB' | 'MiB' | 'GiB'];
  };
  // The same files in one commit, for comparison.
  const single = path.join(WORK_DIR, 'metrics-git-single');
  rmSync(single, { recursive: true, force: true });
  mkdirSync(single, { recursive: true });
  git(single, 'init', '-q', '-b', 'main');
  const copy = spawnSync('cp', ['-r', path.join(repo, 'data'), single]);
  if (copy.status !== 0) fail('git: copying data/ for the one-commit repository failed');
  git(single, 'add', '-A', 'data');
  git(single, 'commit', '-q', '--no-verify', '-m', 'one commit');
  git(single, 'gc', '-q');
  const singleCount = git(single, 'count-objects', '-vH');
  const files = readdirSync(path.join(repo, 'data/metrics'), { recursive: true }).filter((f) => statSync(path.join(repo, 'data/metrics', String(f))).isFile()).length;
  gitSize = { commits, rawMB: written.bytes / MB, files, historyPackMB: sizePack(countObjects), singleCommitPackMB: sizePack(singleCount), countObjects, seconds: (performance.now() - t0) / 1000 };
  log(`git: ${commits} commits, ${files} files, ${gitSize.rawMB.toFixed(1)} MB of rows → pack ${gitSize.historyPackMB.toFixed(1)} MB after git gc (one commit of the same files: ${gitSize.singleCommitPackMB.toFixed(1)} MB), in ${gitSize.seconds.toFixed(0)} s`);
  for (const line of countObjects.split('\n')) log(`  ${line}`);
  rmSync(single, { recursive: true, force: true });
}

// ---------------------------------------------------------------------------------------------
// Report

const fmt = (n: number | undefined, digits = 0) => (n === undefined || Number.isNaN(n) ? 'n/a' : n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits }));
log('');
if (figures.length) {
  log(`${'scenario'.padEnd(44)} ${'median ms'.padStart(10)} ${'min–max ms'.padStart(14)} ${'CPU ms'.padStart(8)} ${'peak MB'.padStart(8)}`);
  for (const f of figures) log(`${f.label.padEnd(44)} ${fmt(f.medianMs).padStart(10)} ${`${fmt(f.minMs)}–${fmt(f.maxMs)}`.padStart(14)} ${fmt(f.medianCpuMs).padStart(8)} ${fmt(f.peakMB).padStart(8)}`);
  log('(median wall time of the child process, as a user waits for it; CPU = user + system, median; peak = maximum resident set)');
  for (const s of scenarios.filter((x) => x.id.startsWith('dashboard'))) {
    const stages = (s.summary as { stages?: Record<string, { ms: number; cpuMs: number }> } | undefined)?.stages;
    if (stages) log(`${s.id} stages (wall/CPU ms, last round): ${Object.entries(stages).map(([k, v]) => `${k} ${v.ms}/${v.cpuMs}`).join('; ')}`);
  }
}
interface Target {
  target: string;
  measured: string;
  pass: boolean;
}
const targets: Target[] = [];
for (const f of figures.filter((x) => x.id !== 'node')) {
  targets.push({ target: `(a) ${f.label} < ${TARGET_MS / 1000} s`, measured: `${fmt(f.medianMs)} ms wall, ${fmt(f.medianCpuMs)} ms CPU`, pass: f.medianMs < TARGET_MS });
  targets.push({ target: `(a) ${f.label} < ${TARGET_MB} MB peak`, measured: `${fmt(f.peakMB)} MB`, pass: f.peakMB < TARGET_MB });
}
if (withData && withoutData) {
  const added = withData.seconds / withoutData.seconds - 1;
  const addedCpu = withData.cpuSeconds / withoutData.cpuSeconds - 1;
  targets.push({ target: `(b) the reporting section adds < ${TARGET_SITE_ADDED * 100} % to the internal site's build (wall)`, measured: `${fmt(withData.seconds, 1)} s (${withData.pages} pages) vs ${fmt(withoutData.seconds, 1)} s (${withoutData.pages} pages): +${fmt(added * 100, 1)} %`, pass: added < TARGET_SITE_ADDED });
  targets.push({ target: `(b) … in CPU time`, measured: `${fmt(withData.cpuSeconds, 1)} s vs ${fmt(withoutData.cpuSeconds, 1)} s: +${fmt(addedCpu * 100, 1)} %; peaks ${fmt(withData.peakMB)} / ${fmt(withoutData.peakMB)} MB`, pass: addedCpu < TARGET_SITE_ADDED });
}
log('');
for (const t of targets) log(`${t.pass ? 'PASS' : 'FAIL'}  ${t.target}: ${t.measured}`);

const results = {
  date: new Date().toISOString(),
  machine: { cpus: os.availableParallelism(), cpuModel: os.cpus()[0]?.model ?? 'unknown', totalMemMB: Math.round(os.totalmem() / MB), loadavg: os.loadavg() },
  node: process.version,
  commit: spawnSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: REPO_ROOT, encoding: 'utf8' }).stdout.trim(),
  data,
  figures,
  dashboard: Object.fromEntries(scenarios.filter((s) => s.id.startsWith('dashboard')).map((s) => [s.id, s.summary])),
  site: { builds, with: withData, without: withoutData, withUnfrozen },
  git: gitSize,
  targets,
  problems,
  seconds: Math.round((Date.now() - started) / 1000),
};
writeFileSync(path.join(WORK_DIR, 'metrics-results.json'), `${JSON.stringify(results, null, 2)}\n`);
log('');
log(`results: ${path.relative(REPO_ROOT, path.join(WORK_DIR, 'metrics-results.json'))} (${results.seconds} s, load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')})`);
if (problems.length) {
  log(`${problems.length} problem(s): see above`);
  process.exitCode = 1;
}
