/**
 * `npm run bench`: lint performance of a 10,000-post brand against the targets of the issue.
 *
 * Every figure is a separate child process started with this very Node binary (so Node's start and
 * module loading are counted, as a user or CI sees them), and the scenarios are interleaved round
 * by round, so a noisy neighbour slows the baseline and the lint alike. Figures are medians.
 *
 * Environment:
 *   BENCH_POSTS   posts to generate (default 10000)
 *   BENCH_REPS    rounds (default 5, but no new round starts after BENCH_BUDGET_S seconds once 3 are done)
 *   BENCH_BUDGET_S time budget in seconds for the rounds (default 120), so a run stays under ~3 minutes
 *   BENCH_SEED    generator seed (default 1)
 *   BENCH_CLI     path of the cadence binary to measure (default bin/cadence.js of this checkout),
 *                 e.g. a patched copy for an A/B experiment
 *   BENCH_RSS     "time" (/usr/bin/time -v) or "hook" (the child reports process.resourceUsage().maxRSS);
 *                 default: time when it works, else hook
 *   BENCH_ONLY    comma-separated scenario ids to run (default: all)
 *   BENCH_MINIMAL posts of the minimal brand (default: BENCH_POSTS; 0 leaves the minimal and sample scenarios out)
 *
 * Beside the rich posts (bench/generate.ts): minimal posts (bench/minimal-brand.ts: a title, one channel,
 * one line of text), where lint's fixed cost weighs most, against their own read-and-parse baseline; and
 * the sample brand of this repository (46 posts, copied under bench/.work/), whose lint should take under
 * 300 ms once Node has started.
 *
 * Exits non-zero only when something crashed (a child died, or lint output is not what it should be),
 * never because a target is missed. Results: the table below, and bench/.work/results.json.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { cpSync } from 'node:fs';
import { BENCH_DIR, ensureBrand, REPO_ROOT, WORK_DIR } from './brand.ts';
import { ensureMinimalBrand } from './minimal-brand.ts';
import { parseTimeReport } from './time-report.ts';
import { ensureCliBundle } from './cli-bundle.ts';
import { median } from './stats.ts';

const POSTS = Number(process.env.BENCH_POSTS ?? 10_000);
const REPS = Math.max(1, Number(process.env.BENCH_REPS ?? 5));
const BUDGET_MS = Number(process.env.BENCH_BUDGET_S ?? 120) * 1000;
const MIN_REPS = Math.min(3, REPS);
const SEED = Number(process.env.BENCH_SEED ?? 1);
const CLI = path.resolve(process.env.BENCH_CLI ?? path.join(REPO_ROOT, 'bin/cadence.js'));
const ONLY = process.env.BENCH_ONLY ? new Set(process.env.BENCH_ONLY.split(',').map((s) => s.trim())) : undefined;
const NODE = process.execPath;
const MB = 1024 * 1024;

// Targets of the issue, on 2-core machines.
const TARGET_FULL_RATIO = 2; // full lint ≤ 2 × (read + gray-matter)
const TARGET_FULL_RSS_MB = 400;
const TARGET_ONE_FILE_MS = 300; // one changed file, warm cache, minus `node -e 0`
const TARGET_SAMPLE_MS = 300; // the sample brand's lint, minus `node -e 0` (issue #21)
const MINIMAL_POSTS = Number(process.env.BENCH_MINIMAL ?? POSTS);

const log = (line: string) => process.stdout.write(`${line}\n`);
let crashed = false;
const problems: string[] = [];
const fail = (message: string) => {
  crashed = true;
  problems.push(message);
  log(`  ✖ ${message}`);
};
/** Something looks wrong (a broken generator, an inconsistent cache) but nothing crashed: reported, exit 0. */
const warnings: string[] = [];
const warn = (message: string) => {
  if (warnings.includes(message)) return;
  warnings.push(message);
  log(`  ⚠ ${message}`);
};

// ---------------------------------------------------------------------------------------------
// Peak memory: /usr/bin/time -v when it works, else a preloaded hook reporting maxRSS.

function timeWorks(): boolean {
  if (!existsSync('/usr/bin/time')) return false;
  const probe = spawnSync('/usr/bin/time', ['-v', NODE, '-e', '0'], { encoding: 'utf8' });
  return probe.status === 0 && /Maximum resident set size \(kbytes\): \d+/.test(probe.stderr);
}
const RSS_METHOD: 'time' | 'hook' = process.env.BENCH_RSS === 'hook' ? 'hook' : process.env.BENCH_RSS === 'time' || timeWorks() ? 'time' : 'hook';
const HOOK_DIR = mkdtempSync(path.join(os.tmpdir(), 'cadence-bench-'));
const HOOK_URL = pathToFileURL(path.join(BENCH_DIR, 'rss-hook.mjs')).href;

interface Sample {
  ms: number;
  /** User + system CPU time of the child: less sensitive than wall time to a busy machine. */
  cpuMs: number | undefined;
  rssMB: number | undefined;
  status: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

function runChild(args: string[], cwd: string): Sample {
  let command = NODE;
  let argv = args;
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
  const rssFile = path.join(HOOK_DIR, 'rss');
  if (RSS_METHOD === 'time') {
    command = '/usr/bin/time';
    argv = ['-v', NODE, ...args];
  } else {
    rmSync(rssFile, { force: true });
    env.NODE_OPTIONS = `${env.NODE_OPTIONS ?? ''} --import=${HOOK_URL}`.trim();
    env.BENCH_RSS_FILE = rssFile;
  }
  const start = performance.now();
  const child = spawnSync(command, argv, { cwd, env, encoding: 'utf8', maxBuffer: 512 * MB });
  const ms = performance.now() - start;
  let stderr = child.stderr ?? '';
  let rssKB: number | undefined;
  let cpuMs: number | undefined;
  if (RSS_METHOD === 'time') {
    ({ rssKB, cpuMs, stderr } = parseTimeReport(stderr));
  } else if (existsSync(rssFile)) {
    const usage = JSON.parse(readFileSync(rssFile, 'utf8')) as { maxRSS: number; userCPUTime: number; systemCPUTime: number };
    rssKB = usage.maxRSS;
    cpuMs = (usage.userCPUTime + usage.systemCPUTime) / 1000;
  }
  // /usr/bin/time reports the child's exit code as its own.
  return { ms, cpuMs, rssMB: rssKB === undefined ? undefined : rssKB / 1024, status: child.status, signal: child.signal, stdout: child.stdout ?? '', stderr };
}

// ---------------------------------------------------------------------------------------------
// Scenarios

interface Diagnostic {
  file: string;
  rule: string;
  severity: string;
}

interface Scenario {
  id: string;
  label: string;
  /** Not timed: what must hold before the run (cache present or absent, a file modified…). */
  setup?: () => void;
  args: () => string[];
  /** Exit codes that mean "ran fine". */
  okStatus: readonly number[];
  check?: (stdout: string) => string | undefined;
  samples: Sample[];
  /** Last output's diagnostics, counted by rule (lint scenarios). */
  counts?: Record<string, number>;
}

const started = Date.now();
log(`cadence lint benchmark: ${POSTS} posts, up to ${REPS} rounds, Node ${process.version}, ${os.availableParallelism()} CPUs, peak memory via ${RSS_METHOD === 'time' ? '/usr/bin/time -v' : 'a preloaded hook (VmHWM / ru_maxrss)'}`);
const brand = await ensureBrand(POSTS, SEED, log);
ensureCliBundle(CLI, log);
const root = brand.dir;
log(`brand: ${path.relative(REPO_ROOT, root)} — ${brand.posts} posts ${brand.firstDay} → ${brand.lastDay}, ${brand.blogPosts} blog (${brand.mdxJsxPosts} with JSX), ${brand.threadPosts} threads, ${brand.mediaPosts} with media, ${brand.draftPosts} drafts; frontmatter ${brand.frontmatterBytes.min}/${brand.frontmatterBytes.median}/${brand.frontmatterBytes.max} B (min/median/max)`);
log(`lint runs with --at ${brand.lintAt} (just before the first post, so ready posts are not "past")`);

// The changed file: a ready post from the middle of the calendar, modified before each run.
const changedFile = brand.files.slice(Math.floor(brand.files.length / 2)).find((f) => !readFileSync(path.join(root, f), 'utf8').includes('\nstatus: draft\n')) ?? brand.files[0]!;
const changedPath = path.join(root, changedFile);
const original = readFileSync(changedPath, 'utf8');
let edits = 0;
const modifyChangedFile = () => {
  // Always different from the committed version (for --changed-since) and from the previous run (size changes).
  edits++;
  writeFileSync(changedPath, `${original}${'\n'.repeat(1 + (edits % 2))}`);
};
const removeCache = () => rmSync(path.join(root, '.cadence'), { recursive: true, force: true });
const lintArgs = (...extra: string[]) => [CLI, 'lint', '--format', 'json', '--at', brand.lintAt, '--root', root, ...extra];

const expectedMax = Object.values(brand.anomalies).reduce((sum, n) => sum + n, 0) * 4 + 20;
/** The diagnostics of the changed file in the first full lint: a one-file lint must say the same. */
let fullVerdictOfChanged: string | undefined;
function checkLint(scope: 'all' | 'one', id: string) {
  return (stdout: string): string | undefined => {
    let diagnostics: Diagnostic[];
    try {
      diagnostics = JSON.parse(stdout) as Diagnostic[];
    } catch {
      return `lint output is not JSON: ${stdout.slice(0, 200)}`;
    }
    if (!Array.isArray(diagnostics)) return 'lint output is not an array';
    const ofChanged = JSON.stringify(diagnostics.filter((d) => d.file === changedFile));
    if (scope === 'one') {
      if (diagnostics.some((d) => d.file !== changedFile)) warn(`${id}: reported on other files too: ${[...new Set(diagnostics.map((d) => d.file))].slice(0, 3).join(', ')}`);
      if (fullVerdictOfChanged !== undefined && ofChanged !== fullVerdictOfChanged) warn(`${id}: a different verdict on ${changedFile} than the full lint (cache bug?)`);
    } else {
      fullVerdictOfChanged ??= ofChanged;
      if (diagnostics.length > expectedMax) warn(`${id}: ${diagnostics.length} diagnostics, expected at most ${expectedMax}: is the generator broken? (counts by rule below)`);
    }
    return undefined;
  };
}

// Minimal posts and the sample brand (a copy of this repository's content/ and public/, so that its cache
// can be removed between runs without touching the developer's own).
const minimal = MINIMAL_POSTS > 0 ? ensureMinimalBrand(MINIMAL_POSTS, log) : undefined;
const sampleRoot = path.join(WORK_DIR, 'sample-brand');
if (minimal) {
  rmSync(sampleRoot, { recursive: true, force: true });
  for (const dir of ['content', 'public']) cpSync(path.join(REPO_ROOT, dir), path.join(sampleRoot, dir), { recursive: true });
}
const checkJson = (stdout: string) => (Array.isArray(JSON.parse(stdout)) ? undefined : 'lint output is not an array');
const extraScenarios: Scenario[] = minimal
  ? [
      {
        id: 'min-baseline',
        label: `minimal posts: read + gray-matter`,
        args: () => [path.join(BENCH_DIR, 'baseline-gray-matter.ts'), minimal.dir],
        okStatus: [0],
        check: (stdout) => ((JSON.parse(stdout) as { files: number }).files === minimal.posts ? undefined : 'the baseline missed minimal posts'),
        samples: [],
      },
      { id: 'min-full-cold', label: 'minimal posts: lint all, cold cache', setup: () => rmSync(path.join(minimal.dir, '.cadence'), { recursive: true, force: true }), args: () => [CLI, 'lint', '--format', 'json', '--at', minimal.lintAt, '--root', minimal.dir], okStatus: [0, 1], check: checkJson, samples: [] },
      { id: 'min-full-warm', label: 'minimal posts: lint all, warm cache', args: () => [CLI, 'lint', '--format', 'json', '--at', minimal.lintAt, '--root', minimal.dir], okStatus: [0, 1], check: checkJson, samples: [] },
      { id: 'sample-cold', label: 'sample brand (46 posts): lint, cold cache', setup: () => rmSync(path.join(sampleRoot, '.cadence'), { recursive: true, force: true }), args: () => [CLI, 'lint', '--format', 'json', '--root', sampleRoot], okStatus: [0, 1], check: checkJson, samples: [] },
      { id: 'sample-warm', label: 'sample brand (46 posts): lint, warm cache', args: () => [CLI, 'lint', '--format', 'json', '--root', sampleRoot], okStatus: [0, 1], check: checkJson, samples: [] },
    ]
  : [];

const allScenarios: Scenario[] = [
  { id: 'node', label: 'node -e 0 (Node start)', args: () => ['-e', '0'], okStatus: [0], samples: [] },
  {
    id: 'baseline',
    label: 'baseline: read + gray-matter',
    args: () => [path.join(BENCH_DIR, 'baseline-gray-matter.ts'), root],
    okStatus: [0],
    check: (stdout) => {
      const files = (JSON.parse(stdout) as { files: number }).files;
      return files === brand.posts ? undefined : `baseline parsed ${files} files, not ${brand.posts}`;
    },
    samples: [],
  },
  { id: 'full-cold', label: 'lint all, cold cache', setup: removeCache, args: () => lintArgs(), okStatus: [0, 1], check: checkLint('all', 'full-cold'), samples: [] },
  { id: 'full-warm', label: 'lint all, warm cache', args: () => lintArgs(), okStatus: [0, 1], check: checkLint('all', 'full-warm'), samples: [] },
  { id: 'one-warm', label: 'lint 1 changed file, warm cache', setup: modifyChangedFile, args: () => lintArgs(changedPath), okStatus: [0, 1], check: checkLint('one', 'one-warm'), samples: [] },
  ...(brand.git
    ? [{ id: 'changed-since-warm', label: 'lint --changed-since HEAD (1 file), warm', setup: modifyChangedFile, args: () => lintArgs('--changed-since', 'HEAD'), okStatus: [0, 1], check: checkLint('one', 'changed-since-warm'), samples: [] }]
    : []),
  {
    id: 'one-cold',
    label: 'lint 1 changed file, cold cache',
    setup: () => {
      removeCache();
      modifyChangedFile();
    },
    args: () => lintArgs(changedPath),
    okStatus: [0, 1],
    check: checkLint('one', 'one-cold'),
    samples: [],
  },
  { id: 'full-nocache', label: 'lint all, --no-cache', args: () => lintArgs('--no-cache'), okStatus: [0, 1], check: checkLint('all', 'full-nocache'), samples: [] },
  ...extraScenarios,
];
// BENCH_ONLY keeps what each target needs: Node's start for one-file runs, the baseline for full runs.
const scenarios = allScenarios.filter(
  (s) =>
    !ONLY ||
    ONLY.has(s.id) ||
    (s.id === 'node' && [...ONLY].some((id) => id.includes('one') || id.includes('changed') || id.startsWith('sample'))) ||
    (s.id === 'baseline' && [...ONLY].some((id) => id.startsWith('full'))) ||
    (s.id === 'min-baseline' && [...ONLY].some((id) => id.startsWith('min-full'))),
);

// Untimed: Node's start and the baseline once (page cache), and a warm cache when no cold run precedes the warm ones.
log('warm-up…');
runChild(['-e', '0'], root);
runChild([path.join(BENCH_DIR, 'baseline-gray-matter.ts'), root], root);
if (!scenarios.some((s) => s.id === 'full-cold') && scenarios.some((s) => s.id.endsWith('-warm'))) runChild(lintArgs(), root);
if (minimal) runChild([path.join(BENCH_DIR, 'baseline-gray-matter.ts'), minimal.dir], root);

try {
  for (let round = 1; round <= REPS; round++) {
    if (round > MIN_REPS && Date.now() - started > BUDGET_MS) {
      log(`time budget (${BUDGET_MS / 1000} s) reached: ${round - 1} rounds`);
      break;
    }
    const parts: string[] = [];
    for (const scenario of scenarios) {
      scenario.setup?.();
      const sample = runChild(scenario.args(), root);
      scenario.samples.push(sample);
      parts.push(`${scenario.id} ${Math.round(sample.ms)}`);
      if (sample.signal || sample.status === null || !scenario.okStatus.includes(sample.status)) {
        fail(`${scenario.id}: exit ${sample.status ?? sample.signal}: ${sample.stderr.trim().split('\n').slice(-5).join(' | ')}`);
        continue;
      }
      const problem = scenario.check?.(sample.stdout);
      if (problem) fail(`${scenario.id}: ${problem}`);
      if (['full-cold', 'full-warm', 'one-warm', 'changed-since-warm', 'one-cold', 'full-nocache'].includes(scenario.id) && !problem) {
        const counts: Record<string, number> = {};
        for (const d of JSON.parse(sample.stdout) as Diagnostic[]) counts[`${d.severity} ${d.rule}`] = (counts[`${d.severity} ${d.rule}`] ?? 0) + 1;
        scenario.counts = counts;
      }
    }
    log(`round ${round}/${REPS} (ms): ${parts.join(', ')}`);
  }
} finally {
  writeFileSync(changedPath, original);
  rmSync(HOOK_DIR, { recursive: true, force: true });
}

// ---------------------------------------------------------------------------------------------
// Report


interface Figure {
  id: string;
  label: string;
  medianMs: number;
  minMs: number;
  maxMs: number;
  samplesMs: number[];
  medianCpuMs: number | undefined;
  peakRssMB: number | undefined;
  medianRssMB: number | undefined;
}
const figures = new Map<string, Figure>();
for (const s of scenarios) {
  if (s.samples.length === 0) continue;
  const ms = s.samples.map((x) => x.ms);
  const rss = s.samples.map((x) => x.rssMB).filter((x): x is number => x !== undefined);
  const cpu = s.samples.map((x) => x.cpuMs).filter((x): x is number => x !== undefined);
  figures.set(s.id, {
    id: s.id,
    label: s.label,
    medianMs: median(ms),
    minMs: Math.min(...ms),
    maxMs: Math.max(...ms),
    samplesMs: ms.map((x) => Math.round(x)),
    medianCpuMs: cpu.length ? median(cpu) : undefined,
    peakRssMB: rss.length ? Math.max(...rss) : undefined,
    medianRssMB: rss.length ? median(rss) : undefined,
  });
}

const fmt = (n: number | undefined, digits = 0) => (n === undefined ? 'n/a' : n.toFixed(digits));
log('');
log(`${'scenario'.padEnd(44)} ${'median ms'.padStart(10)} ${'min–max ms'.padStart(13)} ${'CPU ms'.padStart(8)} ${'peak MB'.padStart(8)}`);
for (const f of figures.values()) {
  log(`${f.label.padEnd(44)} ${fmt(f.medianMs).padStart(10)} ${`${fmt(f.minMs)}–${fmt(f.maxMs)}`.padStart(13)} ${fmt(f.medianCpuMs).padStart(8)} ${fmt(f.peakRssMB).padStart(8)}`);
}
log('(median wall time of the child process, as a user waits for it; CPU = user + system, median)');

interface TargetResult {
  target: string;
  measured: string;
  value: number;
  limit: number;
  pass: boolean;
}
const targets: TargetResult[] = [];
const node = figures.get('node');
const baseline = figures.get('baseline');
for (const id of ['full-cold', 'full-warm'] as const) {
  const f = figures.get(id);
  if (!f) continue;
  if (baseline) {
    const ratio = f.medianMs / baseline.medianMs;
    targets.push({ target: `(a) ${f.label} ≤ ${TARGET_FULL_RATIO}× baseline`, measured: `${fmt(f.medianMs)} / ${fmt(baseline.medianMs)} ms = ${ratio.toFixed(2)}×`, value: ratio, limit: TARGET_FULL_RATIO, pass: ratio <= TARGET_FULL_RATIO });
  }
  if (f.peakRssMB !== undefined) {
    targets.push({ target: `(a) ${f.label} < ${TARGET_FULL_RSS_MB} MB peak`, measured: `${fmt(f.peakRssMB)} MB`, value: f.peakRssMB, limit: TARGET_FULL_RSS_MB, pass: f.peakRssMB < TARGET_FULL_RSS_MB });
  }
}
const minBaseline = figures.get('min-baseline');
for (const id of ['min-full-cold', 'min-full-warm'] as const) {
  const f = figures.get(id);
  if (!f || !minBaseline) continue;
  const ratio = f.medianMs / minBaseline.medianMs;
  targets.push({ target: `(a) ${f.label} ≤ ${TARGET_FULL_RATIO}× its baseline`, measured: `${fmt(f.medianMs)} / ${fmt(minBaseline.medianMs)} ms = ${ratio.toFixed(2)}× (CPU ${fmt(f.medianCpuMs)} / ${fmt(minBaseline.medianCpuMs)} ms)`, value: ratio, limit: TARGET_FULL_RATIO, pass: ratio <= TARGET_FULL_RATIO });
}
for (const id of ['sample-warm', 'sample-cold'] as const) {
  const f = figures.get(id);
  if (!f || !node) continue;
  const net = f.medianMs - node.medianMs;
  targets.push({ target: `(c) ${f.label} − node start < ${TARGET_SAMPLE_MS} ms${id === 'sample-warm' ? '' : ' (for information)'}`, measured: `${fmt(f.medianMs)} − ${fmt(node.medianMs)} = ${fmt(net)} ms`, value: net, limit: TARGET_SAMPLE_MS, pass: net < TARGET_SAMPLE_MS });
}
for (const id of ['one-warm', 'changed-since-warm', 'one-cold'] as const) {
  const f = figures.get(id);
  if (!f || !node) continue;
  const net = f.medianMs - node.medianMs;
  const binding = id === 'one-warm';
  targets.push({
    target: `(b) ${f.label} − node start < ${TARGET_ONE_FILE_MS} ms${binding ? '' : ' (for information)'}`,
    measured: `${fmt(f.medianMs)} − ${fmt(node.medianMs)} = ${fmt(net)} ms`,
    value: net,
    limit: TARGET_ONE_FILE_MS,
    pass: net < TARGET_ONE_FILE_MS,
  });
}
log('');
for (const t of targets) log(`${t.pass ? 'PASS' : 'FAIL'}  ${t.target}: ${t.measured}`);

const lintCounts = scenarios.find((s) => s.id === 'full-cold' || s.id === 'full-warm' || s.id === 'full-nocache')?.counts;
if (lintCounts) {
  const total = Object.values(lintCounts).reduce((a, b) => a + b, 0);
  log('');
  log(`diagnostics of a full lint (${total}; the generator injects ${Object.entries(brand.anomalies).map(([k, v]) => `${v} ${k}`).join(', ')}):`);
  for (const [rule, count] of Object.entries(lintCounts).sort((a, b) => b[1] - a[1])) log(`  ${String(count).padStart(5)}  ${rule}`);
}

const gitHead = spawnSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: REPO_ROOT, encoding: 'utf8' }).stdout.trim();
const dirtySrc = spawnSync('git', ['status', '--porcelain', '--', 'src', 'bin'], { cwd: REPO_ROOT, encoding: 'utf8' }).stdout.trim().length > 0;
const results = {
  date: new Date().toISOString(),
  machine: { cpus: os.availableParallelism(), cpuModel: os.cpus()[0]?.model ?? 'unknown', totalMemMB: Math.round(os.totalmem() / MB), platform: `${os.type()} ${os.release()}`, loadavg: os.loadavg() },
  node: process.version,
  cli: path.relative(REPO_ROOT, CLI) || CLI,
  commit: gitHead,
  dirtySrc,
  rssMethod: RSS_METHOD,
  posts: brand.posts,
  rounds: Math.max(0, ...scenarios.map((s) => s.samples.length)),
  brand: { ...brand, files: undefined, dir: path.relative(REPO_ROOT, brand.dir) },
  changedFile,
  figures: [...figures.values()],
  targets,
  diagnostics: lintCounts,
  problems,
  warnings,
  seconds: Math.round((Date.now() - started) / 1000),
};
writeFileSync(path.join(WORK_DIR, 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
log('');
log(`results: ${path.relative(REPO_ROOT, path.join(WORK_DIR, 'results.json'))} (${results.seconds} s, load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}${dirtySrc ? '; src/ has uncommitted changes' : ''})`);
if (crashed) {
  log(`${problems.length} problem(s): see above`);
  process.exitCode = 1;
}
