/**
 * `cadence moderate` on the 10,000-post benchmark brand (bench/generate.ts, shared with the lint benchmark):
 *
 *   node bench/moderate.ts        # BENCH_POSTS (10000), BENCH_SEED (1), BENCH_REPS (5), BENCH_INTERACTIONS (10000)
 *
 * (a) nothing new: `cadence moderate` after a run that recorded every interaction, against `cadence due` on
 *     the same brand at the same instant (both read the editorial line and the whole ledger; due also every
 *     post): target ≤ 1.5×;
 * (b) BENCH_INTERACTIONS new interactions (a realistic French mix: praise, questions, criticism, insults,
 *     spam, personal data, repeats; about 4 % hidden, a few flagged) on 20 recent posts of the local inbox,
 *     decided, acted on (local inbox and local queue) and recorded (claims and outcomes committed to the
 *     brand's Git repository): target < 3 s and < 400 MB on two cores.
 *
 * The brand is cloned into bench/.work/moderate/ with a ledger: one published pair per post (a mature brand),
 * 20 of them within the charter's look-back. Before each (b) run, untimed, the clone is reset to that commit
 * and the local inbox state and queue are emptied. Every figure is a separate child process with the project's
 * Node; rounds interleave the scenarios; figures are medians of wall time, with CPU time (user + sys) and peak
 * RSS from /usr/bin/time -v. Results: the table below and bench/.work/moderate-results.json. Exits 1 only
 * when a run misbehaves (a crash, wrong counts), never for a missed target.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { postIdFromPath } from '../src/core/post.ts';
import { loadModerationContent } from '../src/moderation/content.ts';
import { ensureBrand, REPO_ROOT, WORK_DIR } from './brand.ts';
import { median } from './stats.ts';
import { parseTimeReport } from './time-report.ts';

const POSTS = Number(process.env.BENCH_POSTS ?? 10_000);
const SEED = Number(process.env.BENCH_SEED ?? 1);
const REPS = Math.max(1, Number(process.env.BENCH_REPS ?? 5));
const INTERACTIONS = Number(process.env.BENCH_INTERACTIONS ?? 10_000);
const CLI = path.join(REPO_ROOT, 'bin/cadence.js');
const NODE = process.execPath;
const TARGET_RATIO = 1.5;
const TARGET_MS = 3_000;
const TARGET_RSS_MB = 400;

const log = (line: string) => process.stdout.write(`${line}\n`);
const problems: string[] = [];

function cleanEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { NO_COLOR: '1', CADENCE_PSEUDONYM_KEY: 'b'.repeat(64), CADENCE_QUEUE: 'local' };
  for (const [k, v] of Object.entries(process.env)) {
    if (v === undefined || /^(MASTODON|BLUESKY|X|LINKEDIN|FACEBOOK|INSTAGRAM|THREADS|DISCORD|SLACK|TELEGRAM)_/.test(k) || /^(GITHUB_|CADENCE_)/.test(k) || k === 'CI') continue;
    env[k] = v;
  }
  return env;
}
const ENV = cleanEnv();

function git(cwd: string, ...args: string[]): string {
  const r = spawnSync('git', ['-c', 'user.name=cadence-bench', '-c', 'user.email=bench@cadence.invalid', '-c', 'commit.gpgsign=false', ...args], { cwd, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`git ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

const TIME = existsSync('/usr/bin/time');
interface Sample {
  ms: number;
  cpuMs?: number;
  rssMB?: number;
  stdout: string;
  status: number | null;
}
function measure(args: string[], cwd: string): Sample {
  const command = TIME ? '/usr/bin/time' : NODE;
  const full = TIME ? ['-v', NODE, CLI, ...args] : [CLI, ...args];
  const started = performance.now();
  const r = spawnSync(command, full, { cwd, env: ENV, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  const ms = performance.now() - started;
  const report = TIME ? parseTimeReport(r.stderr) : undefined;
  return { ms, ...(report?.cpuMs !== undefined ? { cpuMs: report.cpuMs } : {}), ...(report?.rssKB !== undefined ? { rssMB: report.rssKB / 1024 } : {}), stdout: r.stdout, status: r.status };
}

// ---- The brand -----------------------------------------------------------------------------------

const brand = await ensureBrand(POSTS, SEED, log);
const work = path.join(WORK_DIR, 'moderate');
const bare = path.join(WORK_DIR, 'moderate-remote.git');
rmSync(work, { recursive: true, force: true });
rmSync(bare, { recursive: true, force: true });
mkdirSync(WORK_DIR, { recursive: true });
// A runner's clone of a bare remote: runs fetch, rebase, commit and push as in GitHub Actions.
git(WORK_DIR, 'clone', '-q', '--bare', brand.dir, bare);
git(WORK_DIR, 'clone', '-q', bare, work);
const at = brand.lintAt;
const atMs = Date.parse(at);
const content = loadModerationContent(work);
const channel = content.channels.includes('instagram') ? 'instagram' : content.channels[0]!;

// A ledger as a mature brand has it: every post published once (on the inbox's channel), 20 of them recently.
const ids = brand.files.map((f) => postIdFromPath(f));
ids.forEach((id, i) => {
  const recent = i >= ids.length - 20;
  const publishedAt = new Date(atMs - (recent ? (ids.length - i) * 6 * 3_600_000 : 60 * 86_400_000 + i * 1000)).toISOString();
  mkdirSync(path.join(work, 'data/ledger', id), { recursive: true });
  writeFileSync(path.join(work, 'data/ledger', id, `${channel}.jsonl`), `${JSON.stringify({ type: 'published', at: publishedAt, run: 'bench', adapter: 'outbox', remoteId: `${id}.${channel}`, contentHash: 'sha256:0', key: `${id}.${channel}.0` })}\n`);
});
const recentPosts = ids.slice(-20);

// The interactions: deterministic French mix.
const TEXTS: [string, number][] = [
  ['Magnifique, bravo à toute l’équipe ! 😍', 30],
  ['Vous êtes ouverts le dimanche matin ?', 10],
  ['Le pain était un peu trop cuit samedi, dommage.', 10],
  ['J’adore cette boulangerie, mon fils aussi 🥖', 20],
  ['Espèce de connard, rendez-moi mon argent', 2],
  ['Gagnez un iPhone gratuit ici bit.ly/xyz', 1],
  ['Appelez-moi au 06 12 34 56 78 pour la commande', 1],
  ['JE SUIS TRÈS EN COLÈRE CONTRE VOTRE SERVICE', 1],
  ['Combien de parts pour huit personnes ?', 5],
  ['Merci pour la recette, testée et approuvée', 20],
];
const pool = TEXTS.flatMap(([text, weight]) => Array(weight).fill(text) as string[]);
let state = SEED;
const random = () => ((state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
const inbox = Array.from({ length: INTERACTIONS }, (_, i) => ({
  id: `bench-${i}`,
  post: recentPosts[i % recentPosts.length],
  kind: 'comment',
  author: { id: `u${Math.floor(random() * INTERACTIONS * 0.6)}`, handle: `@fan${i}` },
  text: `${pool[Math.floor(random() * pool.length)]}${random() < 0.5 ? '' : ` (${i})`}`,
  at: new Date(atMs - 10 * 86_400_000 + Math.floor((i / INTERACTIONS) * 10 * 86_400_000)).toISOString(),
}));
mkdirSync(path.join(work, 'samples/inbox'), { recursive: true });
writeFileSync(path.join(work, 'samples/inbox', `${channel}.json`), JSON.stringify(inbox));
git(work, 'add', '-A');
git(work, 'commit', '-q', '-m', 'bench: ledger and inbox');
git(work, 'push', '-q', 'origin', 'HEAD:main');
const base = git(work, 'rev-parse', 'HEAD').trim();

/** Runner and remote at `commit` (untimed). */
function resetTo(commit: string): void {
  git(work, 'reset', '-q', '--hard', commit);
  git(work, 'push', '-q', '--force', 'origin', 'HEAD:main');
}

/** The repository as it was before any moderation: nothing decided yet. */
function reset(): void {
  resetTo(base);
  git(work, 'clean', '-qfdx', '-e', '.cadence/cache');
  rmSync(path.join(work, '.cadence/outbox'), { recursive: true, force: true });
  rmSync(path.join(work, '.cadence/moderation'), { recursive: true, force: true });
}

// A first run (untimed) so that (a) finds nothing new; the pattern-safety memo is warm for everyone.
reset();
const modArgs = ['moderate', '--at', at, '--channel', channel];
const warm = measure(modArgs, work);
if (warm.status !== 0 && warm.status !== 1) problems.push(`first moderate run exited ${warm.status}`);
const recorded = git(work, 'rev-parse', 'HEAD').trim();

const due: Sample[] = [];
const nothing: Sample[] = [];
const fresh: Sample[] = [];
const started = performance.now();
for (let round = 0; round < REPS; round++) {
  // (a) nothing new, on the recorded repository.
  resetTo(recorded);
  due.push(measure(['due', '--at', at, '--channel', channel], work));
  const n = measure(modArgs, work);
  if (!/nothing new/.test(n.stdout)) problems.push(`a rerun found something new: ${n.stdout.slice(0, 300)}`);
  nothing.push(n);
  // (b) every interaction new.
  reset();
  const f = measure(modArgs, work);
  const read = /(\d+) read/.exec(f.stdout)?.[1];
  if (Number(read) !== INTERACTIONS) problems.push(`expected ${INTERACTIONS} read, got ${read ?? 'nothing'}: ${f.stdout.slice(0, 300)}`);
  if (git(work, 'rev-list', '--count', `${base}..HEAD`).trim() !== '2') problems.push('the run did not commit its claims and its record');
  fresh.push(f);
  log(`  round ${round + 1}: due ${Math.round(due.at(-1)!.ms)} ms, nothing new ${Math.round(n.ms)} ms, ${INTERACTIONS} new ${Math.round(f.ms)} ms (${Math.round(f.rssMB ?? 0)} MB)`);
  if (round >= 2 && performance.now() - started > 180_000) break;
}

const med = (list: Sample[], pick: (s: Sample) => number | undefined) => {
  const values = list.map(pick).filter((v): v is number => v !== undefined);
  return values.length ? median(values) : NaN;
};
const results = {
  posts: POSTS,
  interactions: INTERACTIONS,
  rounds: nothing.length,
  cores: os.availableParallelism(),
  load: os.loadavg().map((l) => Number(l.toFixed(2))),
  dueMs: Math.round(med(due, (s) => s.ms)),
  dueCpuMs: Math.round(med(due, (s) => s.cpuMs)),
  nothingNewMs: Math.round(med(nothing, (s) => s.ms)),
  nothingNewCpuMs: Math.round(med(nothing, (s) => s.cpuMs)),
  ratio: Number((med(nothing, (s) => s.ms) / med(due, (s) => s.ms)).toFixed(2)),
  cpuRatio: Number((med(nothing, (s) => s.cpuMs) / med(due, (s) => s.cpuMs)).toFixed(2)),
  newMs: Math.round(med(fresh, (s) => s.ms)),
  newCpuMs: Math.round(med(fresh, (s) => s.cpuMs)),
  newRssMB: Math.round(Math.max(...fresh.map((s) => s.rssMB ?? 0))),
};
writeFileSync(path.join(WORK_DIR, 'moderate-results.json'), `${JSON.stringify(results, null, 2)}\n`);
log('');
log(`| Scenario | Median wall | Median CPU | Target |`);
log(`| --- | ---: | ---: | --- |`);
log(`| cadence due (${POSTS} posts, ledger of ${POSTS} pairs) | ${results.dueMs} ms | ${results.dueCpuMs} ms | |`);
log(`| cadence moderate, nothing new | ${results.nothingNewMs} ms (${results.ratio}×) | ${results.nothingNewCpuMs} ms (${results.cpuRatio}×) | ≤ ${TARGET_RATIO}× due ${results.ratio <= TARGET_RATIO ? '✓' : '✖'} |`);
log(`| cadence moderate, ${INTERACTIONS} new | ${results.newMs} ms | ${results.newCpuMs} ms | < ${TARGET_MS} ms ${results.newMs < TARGET_MS ? '✓' : '✖'}, peak ${results.newRssMB} MB (< ${TARGET_RSS_MB} ${results.newRssMB < TARGET_RSS_MB ? '✓' : '✖'}) |`);
log(`load average ${results.load.join(', ')} on ${results.cores} cores`);
for (const p of problems) log(`  ✖ ${p}`);
process.exitCode = problems.length > 0 ? 1 : 0;
