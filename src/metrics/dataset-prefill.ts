/**
 * A first load of data/metrics/ with no cache at all (a fresh runner without its cache, a deleted
 * .cadence/cache/): every file must be parsed, ~130 MB of rows for a year of 10,000 posts on 10 networks,
 * seconds of one core. Worker threads and this one take the files one at a time from a shared counter,
 * parse them and write their caches (store.ts, cacheFileFold); `loadDataset` then finds every file cached
 * and reads the caches. `cadence report` and the site's reporting data ask for it (in the site's build,
 * from the reporting thread, while Astro bundles: a first build on a runner without its cache).
 *
 * A thread that cannot start or dies leaves its file uncached: the load parses it, as it would have. A
 * file is never cached twice (each is claimed once), and a cache file is written through a rename, so a
 * load never reads half of one.
 */
import { existsSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { readStatIndex, type MetricsFileKind } from './dataset-cache.ts';
import { cacheFileFold, metricsFiles } from './store.ts';

/** Below this many bytes to parse, threads cost more to start than they save. */
const MIN_BYTES = 16 * 1024 * 1024;
/** How long the load waits for a file a thread claimed (then parses it itself). */
const CLAIM_WAIT_MS = 20_000;

export interface PrefillJob {
  root: string;
  files: { file: string; kind: MetricsFileKind }[];
  /** Int32 [next file to claim, then per file: 0 free, 1 claimed, 2 cached or given up]. */
  state: SharedArrayBuffer;
}

/**
 * Caches every file of data/metrics/ with `threads` worker threads besides this one (by default one fewer
 * than the cores, at most 3), when there is no cache yet and at least `minBytes` to parse.
 */
export function prefillDatasetCache(root: string, threads = Math.min(availableParallelism() - 1, 3), minBytes = MIN_BYTES): void {
  if (threads < 1 || Object.keys(readStatIndex(root)).length > 0) return;
  const files = metricsFiles(root)
    .map((f) => ({ ...f, size: statSync(path.join(root, f.file), { throwIfNoEntry: false })?.size ?? 0 }))
    .filter((f) => f.size > 0)
    // Largest first: the threads finish together.
    .sort((a, b) => b.size - a.size);
  if (files.reduce((sum, f) => sum + f.size, 0) < minBytes) return;
  // Bundled without its worker (a page bundle of the site's): this thread alone would parse, cache and then
  // read the caches back, more work than the load's own parse.
  const entry = new URL(import.meta.url.endsWith('.ts') ? './dataset-worker.ts' : './dataset-worker.js', import.meta.url);
  if (entry.protocol !== 'file:' || !existsSync(entry)) return;
  const job: PrefillJob = { root, files: files.map(({ file, kind }) => ({ file, kind })), state: new SharedArrayBuffer(4 * (files.length + 1)) };
  for (let i = 0; i < threads; i++) {
    try {
      new Worker(entry, { workerData: job }).on('error', () => {}).unref();
    } catch {
      break;
    }
  }
  cacheClaimedFiles(job);
  // The files the threads still work on: waited for, each at most CLAIM_WAIT_MS (the load parses what is left).
  const state = new Int32Array(job.state);
  for (let i = 0; i < files.length; i++) {
    if (Atomics.load(state, i + 1) === 1) Atomics.wait(state, i + 1, 1, CLAIM_WAIT_MS);
  }
}

/** Takes the job's files one at a time, until none is left, and caches each (what every thread runs). */
export function cacheClaimedFiles(job: PrefillJob): void {
  const state = new Int32Array(job.state);
  for (let i = Atomics.add(state, 0, 1); i < job.files.length; i = Atomics.add(state, 0, 1)) {
    Atomics.store(state, i + 1, 1);
    try {
      cacheFileFold(job.root, job.files[i]!.file, job.files[i]!.kind);
    } catch {
      // Unreadable here: the load reads it again and says what is wrong with it.
    } finally {
      Atomics.store(state, i + 1, 2);
      Atomics.notify(state, i + 1);
    }
  }
}
