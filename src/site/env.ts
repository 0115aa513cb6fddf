/** Where the sites read content from, where they write, and the build's notion of "now". */
import { createHash } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * This repository's root. Computed from this file on first load and pinned in the environment: Astro bundles
 * this module into build chunks elsewhere on disk, where import.meta.url no longer points here.
 */
process.env.CADENCE_REPO_ROOT ||= path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const REPO_ROOT: string = process.env.CADENCE_REPO_ROOT;

/** The brand repository whose content is built: CADENCE_ROOT, else this repository. */
export function contentRoot(): string {
  return path.resolve(process.env.CADENCE_ROOT || REPO_ROOT);
}

/** Output folder of a site: CADENCE_OUT_PUBLIC / CADENCE_OUT_INTERNAL, else dist/public, dist/internal. */
export function outDir(site: 'public' | 'internal'): string {
  const override = process.env[site === 'public' ? 'CADENCE_OUT_PUBLIC' : 'CADENCE_OUT_INTERNAL'];
  return path.resolve(override || path.join(REPO_ROOT, 'dist', site));
}

/**
 * Astro's cache of a site (content layer, images, incremental build): CADENCE_CACHE_DIR/<site>, else
 * node_modules/.astro/<site>, one per brand repository: Astro would take another brand's cached entries
 * for its own when their ids and contents match.
 */
export function cacheDir(site: 'public' | 'internal'): string {
  // Resolved here: Astro resolves a relative cacheDir against the site's root, our own caches against the working directory.
  if (process.env.CADENCE_CACHE_DIR) return path.resolve(process.env.CADENCE_CACHE_DIR, site);
  const root = contentRoot();
  const suffix = root === REPO_ROOT ? '' : `-${createHash('sha256').update(root).digest('hex').slice(0, 12)}`;
  return path.join(REPO_ROOT, 'node_modules/.astro', `${site}${suffix}`);
}

/**
 * The build time that decides what is public: CADENCE_AT (ISO 8601) when set, else now.
 * The first call pins it in the environment so every module of one build agrees.
 */
export function buildTimeMs(): number {
  const raw = process.env.CADENCE_AT;
  if (raw) {
    const ms = Date.parse(raw);
    if (Number.isNaN(ms)) throw new Error(`CADENCE_AT="${raw}" is not an ISO 8601 date-time`);
    return ms;
  }
  const now = Date.now();
  process.env.CADENCE_AT = new Date(now).toISOString();
  return now;
}

/**
 * Threads to render with by default: one per core beyond two, at most two. On two cores the second one is
 * already taken by the file writes (the kernel's share of a 10,000-article build is 10-35 s) and by the
 * calendar's build: a thread there saved nothing in eight alternating builds, for ~100 MB more
 * (docs/benchmarks.md). The blog renders with them (parallel-prerender.ts).
 */
export function prerenderThreads(env: NodeJS.ProcessEnv = process.env, cores = os.availableParallelism()): number {
  const set = env.CADENCE_PRERENDER_THREADS;
  if (set !== undefined && set !== '') {
    const n = Number(set);
    if (!Number.isInteger(n) || n < 0) throw new Error(`CADENCE_PRERENDER_THREADS must be a whole number ≥ 0, got "${set}"`);
    return n;
  }
  return Math.min(Math.max(cores - 2, 0), 2);
}
