/**
 * An Astro integration: the blog's previous output is the incremental build's cache of pages.
 *
 * With `experimental.incrementalBuild`, Astro writes every page it renders twice, into the output folder
 * and a copy into <cacheDir>/dist/, from which the next build copies the unchanged pages back (the output
 * folder itself is emptied first). For 10,000 articles that is 11,600 more folders and files on a first
 * build: a median 7 s of a 50-60 s build on this project's two-core machines (docs/benchmarks.md).
 *
 * Here no copy is written. When a build starts, the previous output, if it is complete and belongs to the
 * manifest Astro left, becomes <cacheDir>/dist/ (one rename, instead of a deletion); a page rendered again
 * has its stale copy there deleted rather than rewritten. So every page file in <cacheDir>/dist/ is the
 * one its manifest entry describes, or absent, and Astro renders an absent one again: a deleted or
 * half-built output folder, or a cache restored without it, costs renders, never a wrong page.
 *
 * An output it cannot use (and any output of a site without an incremental build, such as the calendar)
 * is renamed aside and deleted while the site builds: Astro would otherwise empty it file by file first
 * (5 s for a 10,000-article blog on a slow disk).
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { rm, unlink } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { AstroIntegration, AstroIntegrationLogger } from 'astro';

/** What the previous build left, as far as the decision goes. */
export interface PreviousOutput {
  /** The output folder exists. */
  exists: boolean;
  /** The marker the last complete build wrote, if any. */
  marker?: OutputMarker;
  /** Digest of the incremental-build manifest now in the cache, if any. */
  manifestDigest?: string;
  /** This build's output folder. */
  outDir: string;
  /** The output folder and the cache are on one file system (a rename can move one into the other). */
  sameFileSystem: boolean;
}

/** Written when a build has written its pages and its manifest: this output goes with that manifest. */
export interface OutputMarker {
  outDir: string;
  manifestDigest: string;
}

/** `adopt`: the output becomes the page cache; `discard`: it is deleted; `none`: there is no output. */
export type OutputPlan = 'adopt' | 'discard' | 'none';

export function planPreviousOutput(previous: PreviousOutput): OutputPlan {
  if (!previous.exists) return 'none';
  const { marker } = previous;
  const belongs = marker !== undefined && marker.outDir === previous.outDir && marker.manifestDigest === previous.manifestDigest;
  return belongs && previous.sameFileSystem ? 'adopt' : 'discard';
}

const MARKER_FILE = 'cadence-output.json';
const MANIFEST_FILE = 'incremental-build.json';
const PAGES_DIR = 'dist';

interface IncrementalCache {
  /** Called with the page's path relative to the output folder, as a URL path (percent-encoded). */
  writeOutputFile(settings: unknown, outputFile: string, body: unknown): Promise<void>;
  restoreOutputFile(settings: unknown, outputFile: string, destination: URL): Promise<boolean>;
}

export function outputAsPageCache(): AstroIntegration {
  let outDir = '';
  let cacheDir = '';
  let enabled = false;
  let restore: (() => void) | undefined;
  let removals: Promise<void>[] = [];
  return {
    name: 'cadence-output-page-cache',
    hooks: {
      'astro:config:done': ({ config }) => {
        outDir = fileURLToPath(config.outDir);
        cacheDir = fileURLToPath(config.cacheDir);
        enabled = Boolean((config.experimental as { incrementalBuild?: boolean }).incrementalBuild);
      },
      'astro:build:start': async ({ logger }) => {
        const cache = enabled ? await incrementalCachePrototype(logger) : undefined;
        try {
          // Without an incremental build no marker is ever written: the output is set aside and deleted.
          const pages = takeOverPreviousOutput(outDir, cacheDir, removals, logger);
          // Without a rename into the cache (another file system), Astro's own copies are the only way.
          if (cache && pages.renamesIntoCache) restore = writeNoCopies(cache, pages.stale);
        } catch (error) {
          // Astro reports what it cannot write itself, naming the folder; its own copies are always right.
          logger.warn(`Astro keeps its own copies of the pages (${(error as Error).message})`);
        }
      },
      'astro:build:done': async () => {
        restore?.();
        restore = undefined;
        await Promise.all(removals);
        removals = [];
        const digest = enabled ? manifestDigest(cacheDir) : undefined;
        if (digest) writeFileSync(path.join(cacheDir, MARKER_FILE), JSON.stringify({ outDir, manifestDigest: digest } satisfies OutputMarker));
      },
    },
  };
}

/**
 * Moves the previous output into the cache when it qualifies, else aside for deletion (pushed on
 * `removals`). Says whether a later output can be moved into the cache, and where stale copies may be.
 */
function takeOverPreviousOutput(outDir: string, cacheDir: string, removals: Promise<void>[], logger: AstroIntegrationLogger): { renamesIntoCache: boolean; stale?: URL } {
  mkdirSync(cacheDir, { recursive: true });
  const renamesIntoCache = sameFileSystem(nearestExisting(path.dirname(outDir)), cacheDir);
  const marker = path.join(cacheDir, MARKER_FILE);
  const pages = path.join(cacheDir, PAGES_DIR);
  const plan = planPreviousOutput({
    exists: existsSync(outDir),
    marker: readMarker(marker),
    manifestDigest: manifestDigest(cacheDir),
    outDir,
    sameFileSystem: renamesIntoCache,
  });
  // From here the output no longer matches any manifest, whatever happens to this build.
  rmSync(marker, { force: true });
  // What a failed build left being deleted (Astro exits without waiting for it).
  for (const dir of [outDir, pages]) removals.push(...leftAside(dir).map((aside) => removed(aside, logger)));
  if (plan !== 'none') {
    // Stale copies go and the output replaces them; else it is renamed aside and deleted while the site
    // builds (Astro would empty it file by file first). Astro empties whatever could not be moved.
    if (plan === 'adopt' && existsSync(pages)) removals.push(renamedAndRemoved(pages, logger));
    try {
      if (plan === 'adopt') renameSync(outDir, pages);
      else removals.push(renamedAndRemoved(outDir, logger));
    } catch (error) {
      logger.warn(`could not move the previous output aside (${(error as Error).message}): Astro empties it`);
    }
  }
  return { renamesIntoCache, stale: existsSync(pages) ? pathToFileURL(pages + path.sep) : undefined };
}

/**
 * A page rendered again deletes its stale copy, if there are copies (`pages`), instead of writing a new one;
 * returns the undo. An unlink, not Astro's deleteOutputFile: its rm() cost 1.2 s of 10,000 pages.
 */
function writeNoCopies(cache: IncrementalCache, pages: URL | undefined): () => void {
  const original = cache.writeOutputFile;
  cache.writeOutputFile = async (_settings, outputFile) => {
    if (!pages) return;
    await unlink(new URL(outputFile, pages)).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'ENOENT') throw error;
    });
  };
  return () => {
    cache.writeOutputFile = original;
  };
}

/**
 * Astro's incremental-build cache class, from the module its build imports (not among the package's
 * exports): checked for the two methods this relies on, else Astro is left to write its copies.
 */
async function incrementalCachePrototype(logger: AstroIntegrationLogger): Promise<IncrementalCache | undefined> {
  const astroRoot = path.dirname(createRequire(import.meta.url).resolve('astro/package.json'));
  const file = path.join(astroRoot, 'dist/core/build/incremental.js');
  try {
    const module = (await import(pathToFileURL(file).href)) as { IncrementalBuildCache?: { prototype: Partial<IncrementalCache> } };
    const prototype = module.IncrementalBuildCache?.prototype;
    if (typeof prototype?.writeOutputFile === 'function' && typeof prototype.restoreOutputFile === 'function') return prototype as IncrementalCache;
  } catch {
    // Reported below.
  }
  logger.warn(`this Astro's incremental build cannot keep its pages in the output folder: it copies them into ${PAGES_DIR}/ of its cache`);
  return undefined;
}

const ASIDE = '.previous-';

/** Renamed at once, deleted while the site builds. */
function renamedAndRemoved(dir: string, logger: AstroIntegrationLogger): Promise<void> {
  const aside = `${path.resolve(dir)}${ASIDE}${Date.now()}-${process.pid}`;
  renameSync(dir, aside);
  return removed(aside, logger);
}

/** A folder that could not be deleted takes disk space, and fails no build. */
function removed(dir: string, logger: AstroIntegrationLogger): Promise<void> {
  return rm(dir, { recursive: true, force: true }).catch((error: Error) => logger.warn(`could not delete ${dir}: ${error.message}`));
}

function leftAside(dir: string): string[] {
  const parent = path.dirname(path.resolve(dir));
  const prefix = `${path.basename(path.resolve(dir))}${ASIDE}`;
  try {
    return readdirSync(parent).filter((name) => name.startsWith(prefix) && /^\d+-\d+$/.test(name.slice(prefix.length))).map((name) => path.join(parent, name));
  } catch {
    return [];
  }
}

function readMarker(file: string): OutputMarker | undefined {
  try {
    const marker = JSON.parse(readFileSync(file, 'utf8')) as Partial<OutputMarker>;
    return typeof marker.outDir === 'string' && typeof marker.manifestDigest === 'string' ? (marker as OutputMarker) : undefined;
  } catch {
    return undefined;
  }
}

function manifestDigest(cacheDir: string): string | undefined {
  try {
    return createHash('sha256').update(readFileSync(path.join(cacheDir, MANIFEST_FILE))).digest('hex');
  } catch {
    return undefined;
  }
}

function nearestExisting(dir: string): string {
  while (!existsSync(dir) && path.dirname(dir) !== dir) dir = path.dirname(dir);
  return dir;
}

function sameFileSystem(a: string, b: string): boolean {
  try {
    return statSync(a).dev === statSync(b).dev;
  } catch {
    return false;
  }
}
