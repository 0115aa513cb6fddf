/** The benchmark brand under bench/.work/: generated once per (posts, seed, generator version), then reused. */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { GENERATOR_VERSION, generateBrand, type GeneratedBrand } from './generate.ts';

export const BENCH_DIR = import.meta.dirname;
export const REPO_ROOT = path.dirname(BENCH_DIR);
export const WORK_DIR = path.join(BENCH_DIR, '.work');

export interface Brand extends GeneratedBrand {
  /** True when the brand is a Git repository with everything committed (for --changed-since). */
  git: boolean;
  generatedNow: boolean;
  generateSeconds: number;
}

const MANIFEST = '.bench-brand.json';

/** Returns the brand for `posts` and `seed`, generating it (and committing it to a local Git repo) if needed. */
export async function ensureBrand(posts: number, seed: number, log: (line: string) => void = () => {}): Promise<Brand> {
  const dir = path.join(WORK_DIR, `brand-${posts}-seed${seed}`);
  const manifestFile = path.join(dir, MANIFEST);
  if (existsSync(manifestFile)) {
    try {
      const saved = JSON.parse(readFileSync(manifestFile, 'utf8')) as Brand;
      if (saved.generatorVersion === GENERATOR_VERSION && saved.posts === posts && saved.seed === seed && existsSync(path.join(dir, saved.files[0] ?? 'missing'))) {
        return { ...saved, dir, generatedNow: false };
      }
    } catch {
      // Regenerate below.
    }
  }
  log(`generating ${posts} posts into ${path.relative(REPO_ROOT, dir)} (seed ${seed})…`);
  const t0 = performance.now();
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const generated = await generateBrand(dir, posts, { seed });
  writeFileSync(path.join(dir, '.gitignore'), `.cadence/\n${MANIFEST}\n`);
  const git = initGit(dir);
  const brand: Brand = { ...generated, git, generatedNow: true, generateSeconds: Number(((performance.now() - t0) / 1000).toFixed(1)) };
  writeFileSync(manifestFile, JSON.stringify(brand));
  log(`  done in ${brand.generateSeconds} s${git ? ' (committed to a local Git repository for --changed-since)' : ' (no git: --changed-since skipped)'}`);
  return brand;
}

/** A throwaway repository of the brand itself (never the project's): everything committed once. */
export function initGit(dir: string): boolean {
  const run = (args: string[]) =>
    spawnSync('git', ['-c', 'user.name=cadence-bench', '-c', 'user.email=bench@cadence.invalid', '-c', 'commit.gpgsign=false', ...args], { cwd: dir, encoding: 'utf8' });
  if (run(['init', '-q', '-b', 'main']).status !== 0) return false;
  // The minimal brand has no public/: `git add` of a missing path fails.
  const paths = ['.gitignore', 'content', 'public'].filter((p) => existsSync(path.join(dir, p)));
  if (run(['add', ...paths]).status !== 0) return false;
  return run(['commit', '-q', '--no-verify', '-m', 'Generated brand for benchmarks']).status === 0;
}
