/**
 * `cadence review` of a pull request that changes one post in the 10,000-post benchmark brand, social card
 * included (target: under 1.5 s plus Node's start).
 *
 *   node bench/review.ts            # BENCH_POSTS (10000), BENCH_SEED (1), BENCH_REPS (5)
 *
 * The brand (bench/generate.ts, shared with the lint benchmark) is cloned into bench/.work/review-clone so
 * the branch and commits made here never touch it. Each figure is a separate child process with the
 * project's Node; medians over the rounds. Scenarios:
 *  - cold: no .cadence/ (no lint cache, no card cache), as on a CI runner without a cache;
 *  - warm: right after (lint cache and card cache present), as on a developer's machine.
 */
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { ensureBrand, REPO_ROOT, WORK_DIR } from './brand.ts';

const posts = Number(process.env.BENCH_POSTS ?? 10_000);
const seed = Number(process.env.BENCH_SEED ?? 1);
const reps = Number(process.env.BENCH_REPS ?? 5);
const BIN = path.join(REPO_ROOT, 'bin/cadence.js');

const brand = await ensureBrand(posts, seed, (line) => console.log(line));
const clone = path.join(WORK_DIR, 'review-clone');
const out = path.join(WORK_DIR, 'review-out');
const git = (...args: string[]) => {
  const r = spawnSync('git', ['-c', 'user.name=bench', '-c', 'user.email=bench@cadence.invalid', '-c', 'commit.gpgsign=false', ...args], { cwd: clone, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`git ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
};
rmSync(clone, { recursive: true, force: true });
const cloned = spawnSync('git', ['clone', '-q', '--local', brand.dir, clone], { encoding: 'utf8' });
if (cloned.status !== 0) throw new Error(`git clone: ${cloned.stderr}`);
git('checkout', '-q', '-b', 'proposal');
// The pull request: one post, in the middle of the calendar, gets a new sentence.
const file = brand.files[Math.floor(brand.files.length / 2)]!;
const { readFileSync, writeFileSync } = await import('node:fs');
const source = readFileSync(path.join(clone, file), 'utf8');
// Block scalars (`text: |-`) get a first line, plain or quoted texts a prefix.
const edited = /^text: \|-?\n( +)/m.test(source) ? source.replace(/^text: (\|-?)\n( +)/m, 'text: $1\n$2Nouveau, cette semaine.\n$2') : source.replace(/^text: (["']?)/m, 'text: $1Nouveau : ');
if (edited === source) throw new Error(`no text to edit in ${file}`);
writeFileSync(path.join(clone, file), edited);
git('commit', '-q', '-am', 'proposal');

function time(args: string[]): { ms: number; code: number | null; stderr: string } {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, args, { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { ms: performance.now() - t0, code: r.status, stderr: r.stderr };
}

const review = [BIN, 'review', '--base', 'main', '--root', clone, '--at', brand.lintAt, '--format', 'json', '--out', out];
const samples: Record<string, number[]> = { node: [], cold: [], warm: [] };
for (let i = 0; i < reps; i++) {
  samples.node!.push(time(['-e', '0']).ms);
  rmSync(path.join(clone, '.cadence'), { recursive: true, force: true });
  rmSync(out, { recursive: true, force: true });
  const cold = time(review);
  if (cold.code !== 0 && cold.code !== 1) throw new Error(`review failed (${cold.code}): ${cold.stderr}`);
  samples.cold!.push(cold.ms);
  samples.warm!.push(time(review).ms);
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const report = JSON.parse(readFileSync(path.join(out, 'review.json'), 'utf8')) as { posts: Array<{ file: string; card?: string }> };
console.log(`cadence review of a 1-post pull request in a ${posts}-post brand (${reps} rounds, medians)`);
console.log(`  reviewed: ${report.posts.map((p) => `${p.file}${p.card ? ` + ${p.card}` : ''}`).join(', ')}`);
const node = median(samples.node!);
for (const [name, list] of Object.entries(samples)) {
  const m = median(list);
  console.log(`  ${name.padEnd(5)} ${m.toFixed(0).padStart(6)} ms  (min ${Math.min(...list).toFixed(0)}, max ${Math.max(...list).toFixed(0)})${name === 'node' ? '' : `  − node start = ${(m - node).toFixed(0)} ms ${m - node <= 1500 ? 'PASS' : 'FAIL'} (target 1,500 ms)`}`);
}
