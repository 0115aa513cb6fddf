/**
 * Where lint's time goes: runs one lint child with `node --cpu-prof` on the benchmark brand and prints
 * the top self-time functions, and self time grouped by package / source file.
 *
 *   node bench/profile.ts [full-cold|full-warm|one-warm|one-cold] [top=25]
 *
 * Env: BENCH_POSTS, BENCH_SEED, BENCH_CLI as for bench/run.ts. Profiles are kept in bench/.work/profiles/
 * (open them in Chrome DevTools › Performance, or speedscope).
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ensureBrand, REPO_ROOT, WORK_DIR } from './brand.ts';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

export interface SelfTime {
  name: string;
  where: string;
  group: string;
  ms: number;
}

/** Package name for node_modules, repository-relative path for our sources, or a V8/Node category. */
export function groupOf(url: string, functionName: string): string {
  if (!url) return functionName.startsWith('(') ? functionName : '(native / V8)';
  const nm = url.lastIndexOf('/node_modules/');
  if (nm !== -1) {
    const rest = url.slice(nm + '/node_modules/'.length).split('/');
    return rest[0]!.startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0]!;
  }
  if (url.startsWith('node:')) return 'node: internals';
  const file = url.replace(/^file:\/\//, '');
  return file.startsWith(REPO_ROOT) ? path.relative(REPO_ROOT, file) : file;
}

/** `src/core/time.ts`, `js-yaml/dist/js-yaml.mjs`, `node:internal/…`: short enough to read in a table. */
function shortUrl(url: string): string {
  const nm = url.lastIndexOf('/node_modules/');
  if (nm !== -1) return url.slice(nm + '/node_modules/'.length);
  const file = url.replace(/^file:\/\//, '');
  return file.startsWith(`${REPO_ROOT}/`) ? path.relative(REPO_ROOT, file) : url;
}

export function selfTimes(profile: CpuProfile): { total: number; entries: SelfTime[] } {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  for (let i = 0; i < profile.samples.length; i++) self.set(profile.samples[i]!, (self.get(profile.samples[i]!) ?? 0) + (profile.timeDeltas[i] ?? 0));
  const merged = new Map<string, SelfTime>();
  let total = 0;
  for (const [id, us] of self) {
    const { functionName, url, lineNumber } = byId.get(id)!.callFrame;
    const name = functionName || '(anonymous)';
    const where = url ? `${shortUrl(url)}:${lineNumber + 1}` : '';
    const key = `${name}@${where}`;
    const entry = merged.get(key) ?? { name, where, group: groupOf(url, name), ms: 0 };
    entry.ms += us / 1000;
    merged.set(key, entry);
    total += us / 1000;
  }
  return { total, entries: [...merged.values()].sort((a, b) => b.ms - a.ms) };
}

const SCENARIOS = ['full-cold', 'full-warm', 'one-warm', 'one-cold'] as const;

if (process.argv[1] === import.meta.filename) {
  const scenario = (process.argv[2] ?? 'full-cold') as (typeof SCENARIOS)[number];
  const top = Number(process.argv[3] ?? 25);
  if (!SCENARIOS.includes(scenario)) {
    process.stderr.write(`usage: node bench/profile.ts [${SCENARIOS.join('|')}] [top]\n`);
    process.exit(2);
  }
  const brand = await ensureBrand(Number(process.env.BENCH_POSTS ?? 10_000), Number(process.env.BENCH_SEED ?? 1), (l) => process.stdout.write(`${l}\n`));
  const cli = path.resolve(process.env.BENCH_CLI ?? path.join(REPO_ROOT, 'bin/cadence.js'));
  const root = brand.dir;
  const changed = path.join(root, brand.files[Math.floor(brand.files.length / 2)]!);
  const original = readFileSync(changed, 'utf8');
  const lint = (extra: string[], prof?: string) =>
    spawnSync(process.execPath, [...(prof ? ['--cpu-prof', '--cpu-prof-dir', prof, '--cpu-prof-interval', '250'] : []), cli, 'lint', '--format', 'json', '--at', brand.lintAt, '--root', root, ...extra], { encoding: 'utf8', maxBuffer: 1 << 29 });
  const dir = path.join(WORK_DIR, 'profiles', scenario);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  try {
    if (scenario.endsWith('-cold')) rmSync(path.join(root, '.cadence'), { recursive: true, force: true });
    else lint([]);
    if (scenario.startsWith('one')) writeFileSync(changed, `${original}\n`);
    const t0 = performance.now();
    const run = lint(scenario.startsWith('one') ? [changed] : [], dir);
    const wall = performance.now() - t0;
    if (run.status !== 0 && run.status !== 1) throw new Error(`lint exited ${run.status}: ${run.stderr}`);
    const file = readdirSync(dir).find((f) => f.endsWith('.cpuprofile'))!;
    const { total, entries } = selfTimes(JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as CpuProfile);
    const out = (line: string) => process.stdout.write(`${line}\n`);
    out(`\n${scenario}: ${Math.round(wall)} ms wall with the profiler on, ${Math.round(total)} ms sampled on the main thread; profile: ${path.relative(REPO_ROOT, path.join(dir, file))}`);
    out(`\ntop ${top} functions by self time:`);
    for (const e of entries.slice(0, top)) out(`  ${e.ms.toFixed(0).padStart(6)} ms ${((e.ms / total) * 100).toFixed(1).padStart(5)} %  ${e.name}  ${e.where}`);
    const groups = new Map<string, number>();
    for (const e of entries) groups.set(e.group, (groups.get(e.group) ?? 0) + e.ms);
    out('\nself time by package / file:');
    for (const [group, ms] of [...groups].sort((a, b) => b[1] - a[1]).slice(0, top)) out(`  ${ms.toFixed(0).padStart(6)} ms ${((ms / total) * 100).toFixed(1).padStart(5)} %  ${group}`);
  } finally {
    writeFileSync(changed, original);
  }
}
