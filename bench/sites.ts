/**
 * `npm run bench:sites` (part of `npm run bench`): both Astro sites for N blog articles, against a stock
 * Astro 7 + MDX build of the same articles (bench/stock-site/), in the same run.
 *
 * Scenarios, each fresh `astro build` processes (Cadence's two sites through site/build.ts as
 * `npm run build` runs them: side by side on a first build, one after the other once the blog has an
 * incremental-build cache):
 *   cadence-cold   both sites, empty Astro caches and an empty social-card cache (every card drawn)
 *   stock-cold     stock Astro + MDX blog (glob loader, one page per article), empty Astro cache
 *   cadence-cards  both sites, empty Astro caches, the card cache the first build left (what CI restores:
 *                  cards are cached by content hash, an unchanged article's card is never drawn twice)
 *   stock-warm     stock again with one article edited and its Astro cache kept
 *   cadence-warm   one article edited, every cache kept (incremental build: unchanged pages are copied)
 * Targets (2 cores), every peak under 1.5 GB: at least 3× faster than stock cold against cold (cadence-cards
 * vs stock-cold) and warm against warm (cadence-warm vs stock-warm); and a fresh runner's first build,
 * every card drawn (cadence-cold), at least as fast as stock-cold (issue #21).
 * The cold scenarios run BENCH_ROUNDS times, in alternating order, and each counts its median: this
 * shared machine's speed drifts over minutes, and one build of each, minutes apart, gave ratios that said
 * more about the drift than about the builds.
 *
 * Environment: BENCH_ARTICLES (default 10000), BENCH_SEED (1), BENCH_ROUNDS (2), BENCH_ONLY
 * (comma-separated ids).
 * Exits non-zero only when a build failed or its output is wrong, never for a missed target.
 * Results: the table below and bench/.work/sites-results.json.
 */
import { spawn } from 'node:child_process';
import { appendFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { REPO_ROOT, WORK_DIR } from './brand.ts';
import { generateArticles, SITES_BRAND_VERSION, type ArticlesBrand } from './sites-brand.ts';
import { parseTimeReport } from './time-report.ts';
import { median } from './stats.ts';
import { sampleTreeMemory } from './process-tree.ts';

const ARTICLES = Number(process.env.BENCH_ARTICLES ?? 10_000);
const SEED = Number(process.env.BENCH_SEED ?? 1);
const ONLY = process.env.BENCH_ONLY ? new Set(process.env.BENCH_ONLY.split(',').map((s) => s.trim())) : undefined;
const ROUNDS = Math.max(1, Math.floor(Number(process.env.BENCH_ROUNDS ?? 2)) || 1);
const TARGET_SPEEDUP = 3;
const TARGET_PEAK_MB = 1536;
const ASTRO = path.join(REPO_ROOT, 'node_modules/astro/bin/astro.mjs');
const BUILD = path.join(REPO_ROOT, 'site/build.ts');
// Outputs inside the project: Astro 7 stages prerendered chunks in <cwd>/.astro/ when outDir is outside
// the working directory, where two builds would share them.
const RUN_DIR = path.join(WORK_DIR, 'sites-run');

const log = (line: string) => process.stdout.write(`${line}\n`);
let failed = false;

interface Build {
  site: string;
  seconds: number;
  /** User + system time of the build command and its children (/usr/bin/time). */
  cpuSeconds: number;
  peakMB: number;
  pages: number;
  /** Each site's own build time when they build side by side ("public 40.7 s"), from the prefixed output. */
  parts: string[];
}
interface Scenario {
  id: string;
  /** The median of the rounds' total seconds. */
  seconds: number;
  peakMB: number;
  /** Each round's builds (one round but for the cold pair). */
  rounds: Build[][];
}

async function ensureArticles(): Promise<ArticlesBrand> {
  const dir = path.join(WORK_DIR, `sites-${ARTICLES}-seed${SEED}`);
  const manifest = path.join(dir, '.bench-sites.json');
  if (existsSync(manifest)) {
    const saved = JSON.parse(readFileSync(manifest, 'utf8')) as ArticlesBrand & { version: number };
    if (saved.version === SITES_BRAND_VERSION && saved.articles === ARTICLES) return saved;
  }
  log(`generating ${ARTICLES} articles into ${path.relative(REPO_ROOT, dir)}…`);
  rmSync(dir, { recursive: true, force: true });
  const brand = await generateArticles(dir, ARTICLES, SEED);
  writeFileSync(manifest, JSON.stringify({ ...brand, version: SITES_BRAND_VERSION }));
  return brand;
}

/**
 * One build command under /usr/bin/time -v: wall time, peak memory (the larger of the biggest process's
 * maximum resident set and the sampled sum over the process tree: Cadence's two sites build side by side),
 * and the log kept next to the results.
 */
async function timedBuild(site: string, args: string[], env: NodeJS.ProcessEnv, logFile: string): Promise<Build> {
  const t0 = performance.now();
  const child = spawn('/usr/bin/time', ['-v', process.execPath, ...args], {
    cwd: REPO_ROOT,
    env: { ...process.env, ASTRO_TELEMETRY_DISABLED: '1', GITHUB_TOKEN: '', GH_TOKEN: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const memory = sampleTreeMemory(child.pid!);
  const output = { stdout: '', stderr: '' };
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output.stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output.stderr += chunk));
  const status = await new Promise<number | null>((resolve) => child.on('close', resolve));
  const seconds = (performance.now() - t0) / 1000;
  const treeKB = memory.stop();
  writeFileSync(logFile, `${output.stdout}\n${output.stderr}`);
  const { rssKB, cpuMs } = parseTimeReport(output.stderr);
  const built = [...output.stdout.matchAll(/^(?:(\w+)\s+│ )?.*?\b(\d+) page\(s\) built in (.+)$/gm)];
  if (status !== 0 || rssKB === undefined) {
    failed = true;
    log(`  ✖ ${site}: the build exited ${status} (log: ${path.relative(REPO_ROOT, logFile)})`);
  }
  return {
    site,
    seconds,
    cpuSeconds: (cpuMs ?? NaN) / 1000,
    peakMB: rssKB === undefined ? NaN : Math.max(rssKB, treeKB) / 1024,
    pages: built.reduce((sum, match) => sum + Number(match[2]), 0),
    // Each site's own "built in" when several build side by side.
    parts: built.filter((match) => match[1]).map((match) => `${match[1]} ${astroSeconds(match[3]!).toFixed(1)} s`),
  };
}

/** Seconds in Astro's "built in" durations: "950ms", "40.71s", "2m 20s". */
function astroSeconds(duration: string): number {
  let seconds = 0;
  for (const [, value, unit] of duration.matchAll(/([\d.]+)(ms|m|s)\b/g)) seconds += Number(value) * (unit === 'ms' ? 0.001 : unit === 'm' ? 60 : 1);
  return seconds;
}

function countFiles(dir: string, name: string): number {
  if (!existsSync(dir)) return 0;
  return readdirSync(dir, { recursive: true }).filter((entry) => path.basename(String(entry)) === name).length;
}

function check(condition: boolean, message: string) {
  if (!condition) {
    failed = true;
    log(`  ✖ ${message}`);
  }
}

const totalSeconds = (builds: Build[]) => builds.reduce((sum, b) => sum + b.seconds, 0);


function logBuilds(id: string, builds: Build[]) {
  const peak = Math.max(...builds.map((b) => b.peakMB));
  log(`${id.padEnd(18)} ${totalSeconds(builds).toFixed(1).padStart(7)} s  CPU ${builds.reduce((sum, b) => sum + b.cpuSeconds, 0).toFixed(1).padStart(6)} s  peak ${peak.toFixed(0).padStart(5)} MB  (${builds.map((b) => `${b.site}: ${b.seconds.toFixed(1)} s, ${b.pages} pages${b.parts.length > 0 ? `: ${b.parts.join(', ')}` : ''}`).join('; ')})`);
}

function scenario(id: string, rounds: Build[][]): Scenario {
  return { id, seconds: median(rounds.map(totalSeconds)), peakMB: Math.max(...rounds.flat().map((b) => b.peakMB)), rounds };
}

const brand = await ensureArticles();
const stockOut = path.join(RUN_DIR, 'stock');
const out = { public: path.join(RUN_DIR, 'public'), internal: path.join(RUN_DIR, 'internal') };
const caches = { astro: path.join(RUN_DIR, 'astro-cache'), stock: path.join(RUN_DIR, 'stock-cache'), cards: path.join(RUN_DIR, 'cards') };
const logs = path.join(RUN_DIR, 'logs');
mkdirSync(logs, { recursive: true });
const cadenceEnv = {
  CADENCE_ROOT: brand.dir,
  CADENCE_AT: brand.buildAt,
  CADENCE_OUT_PUBLIC: out.public,
  CADENCE_OUT_INTERNAL: out.internal,
  CADENCE_CACHE_DIR: caches.astro,
  CADENCE_CARD_CACHE: caches.cards,
};
const wanted = (id: string) => !ONLY || ONLY.has(id);
// Through site/build.ts, as `npm run build` runs them (side by side or not, bounded heaps included).
const cadenceBuild = async (id: string) => [await timedBuild('sites', [BUILD], cadenceEnv, path.join(logs, `${id}.log`))];
const stockEnv = { STOCK_CONTENT: brand.dir, STOCK_OUT: stockOut, STOCK_CACHE: caches.stock };
const stockBuild = async (id: string) => [await timedBuild('stock', [ASTRO, 'build', '--root', 'bench/stock-site'], stockEnv, path.join(logs, `${id}.log`))];

/** Runs `build` with one article's body edited (what a typical change between two builds is), then restores it. */
async function withOneArticleEdited<T>(build: () => Promise<T>): Promise<T> {
  const folder = path.join(brand.dir, 'content/posts', brand.lastDay.slice(0, 4), brand.lastDay.slice(5, 7));
  const edited = path.join(folder, readdirSync(folder).sort()[0]!);
  const before = readFileSync(edited, 'utf8');
  appendFileSync(edited, `\nUne phrase ajoutée par le benchmark (${Date.now()}).\n`);
  try {
    return await build();
  } finally {
    writeFileSync(edited, before);
  }
}
const checkCadence = (id: string) => {
  check(countFiles(path.join(out.public, 'blog'), 'card.png') === brand.articles, `${id}: ${brand.articles} social cards expected in ${path.relative(REPO_ROOT, out.public)}/blog/`);
  check(existsSync(path.join(out.internal, 'calendar.ics')), `${id}: the calendar has no calendar.ics`);
};
const checkStock = (id: string) =>
  check(countFiles(path.join(stockOut, 'blog'), 'index.html') === brand.articles, `${id}: ${brand.articles} article pages expected`);

log(`sites benchmark: ${brand.articles} articles (${brand.withCallout} with a <Callout>, ${brand.withImage} with an image), ${os.cpus().length} cores, node ${process.version}`);
const results: Scenario[] = [];
const loads: string[] = [];
const noteLoad = (when: string) => loads.push(`${when}: ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
noteLoad('start');
/** A scenario measured once. */
async function measureOnce(id: string, build: () => Promise<Build[]>, checkOutput: (id: string) => void) {
  const builds = await build();
  logBuilds(id, builds);
  results.push(scenario(id, [builds]));
  checkOutput(id);
}

// The cold builds, in alternating order (stock, Cadence with every cache empty, Cadence with its cards;
// then the other way round…). cadence-cards uses the cards the last cadence-cold drew.
const coldPair = [
  { id: 'stock-cold', run: async () => {
    for (const dir of [stockOut, caches.stock]) rmSync(dir, { recursive: true, force: true });
    const builds = await stockBuild('stock-cold');
    checkStock('stock-cold');
    return builds;
  } },
  { id: 'cadence-cold', run: async () => {
    for (const dir of [out.public, out.internal, caches.astro, caches.cards]) rmSync(dir, { recursive: true, force: true });
    const builds = await cadenceBuild('cadence-cold');
    checkCadence('cadence-cold');
    return builds;
  } },
  { id: 'cadence-cards', run: async () => {
    for (const dir of [out.public, out.internal, caches.astro]) rmSync(dir, { recursive: true, force: true });
    const builds = await cadenceBuild('cadence-cards');
    checkCadence('cadence-cards');
    return builds;
  } },
].filter(({ id }) => wanted(id));
const coldRounds = new Map<string, Build[][]>(coldPair.map(({ id }) => [id, []]));
for (let round = 0; coldPair.length > 0 && round < ROUNDS; round++) {
  for (const { id, run } of round % 2 ? [...coldPair].reverse() : coldPair) {
    const builds = await run();
    noteLoad(`${id} ${round + 1}`);
    logBuilds(ROUNDS > 1 ? `${id} ${round + 1}/${ROUNDS}` : id, builds);
    coldRounds.get(id)!.push(builds);
  }
}
for (const [id, rounds] of coldRounds) results.push(scenario(id, rounds));
if (wanted('stock-warm')) await measureOnce('stock-warm', () => withOneArticleEdited(() => stockBuild('stock-warm')), checkStock);
if (wanted('cadence-warm')) await measureOnce('cadence-warm', () => withOneArticleEdited(() => cadenceBuild('cadence-warm')), checkCadence);

const byId = (id: string) => results.find((r) => r.id === id);
const comparisons = [
  // A fresh runner's first build, every card drawn: at least as fast as stock.
  { ours: 'cadence-cold', stock: 'stock-cold', target: 1 },
  { ours: 'cadence-cards', stock: 'stock-cold', target: TARGET_SPEEDUP },
  { ours: 'cadence-warm', stock: 'stock-warm', target: TARGET_SPEEDUP },
].flatMap(({ ours, stock, target }) => {
  const a = byId(ours);
  const b = byId(stock);
  return a && b ? [{ ours, stock, speedup: b.seconds / a.seconds, peakMB: a.peakMB, target }] : [];
});
log('');
for (const c of comparisons) {
  const verdict = ` ${c.speedup >= c.target ? 'PASS' : 'FAIL'} (target ≥ ${c.target}×), peak ${c.peakMB.toFixed(0)} MB ${c.peakMB < TARGET_PEAK_MB ? 'PASS' : 'FAIL'} (target < ${TARGET_PEAK_MB} MB)`;
  log(`${c.ours} vs ${c.stock}: ${c.speedup.toFixed(2)}× faster${verdict}`);
}
const stockRounds = coldRounds.get('stock-cold') ?? [];
for (const id of ['cadence-cold', 'cadence-cards']) {
  const ours = coldRounds.get(id) ?? [];
  if (stockRounds.length > 1 && ours.length === stockRounds.length) {
    const ratios = stockRounds.map((stock, i) => totalSeconds(stock) / totalSeconds(ours[i]!));
    log(`${id} vs stock-cold round by round: ${ratios.map((r) => `${r.toFixed(2)}×`).join(', ')} (the verdict above compares the medians)`);
  }
}
log(`load average (1, 5, 15 min) after each build: ${loads.join('; ')}`);
const file = path.join(WORK_DIR, 'sites-results.json');
writeFileSync(
  file,
  `${JSON.stringify({ articles: brand.articles, seed: SEED, loads, machine: { cores: os.cpus().length, node: process.version, memoryGB: Math.round(os.totalmem() / 2 ** 30) }, results, comparisons }, null, 2)}\n`,
);
log(`results: ${path.relative(REPO_ROOT, file)}`);
process.exit(failed ? 1 : 0);
