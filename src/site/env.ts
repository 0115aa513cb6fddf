/** Where the sites read content from, where they write, and the build's notion of "now". */
import { createHash } from 'node:crypto';
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
