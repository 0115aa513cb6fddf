import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { Diagnostic } from '../core/diagnostics.ts';
import type { MediaInfo } from '../core/model.ts';
import type { PostSummary } from '../core/summary.ts';
import type { FileStamp } from './documents.ts';

/** Below this many posts per thread, starting a worker (loading the code again) costs more than it saves. */
const MIN_POSTS_PER_THREAD = 1000;

export interface WorkerInput {
  root: string;
  files: string[];
  nowMs: number;
  published: string[];
  media: [string, FileStamp, MediaInfo][];
}

export interface WorkerOutput {
  diagnostics: Diagnostic[];
  summaries: PostSummary[];
  unreadable: string[];
  mediaOf: [string, string[]][];
  media: [string, FileStamp, MediaInfo][];
}

/** How many threads to lint `posts` posts with: `requested`, or one per core for large runs. */
export function threadCount(posts: number, requested?: number): number {
  const wanted = requested ?? availableParallelism();
  return Math.max(1, Math.min(wanted, Math.floor(posts / MIN_POSTS_PER_THREAD)));
}

/** Contiguous shares of nearly equal size. */
export function shares<T>(items: readonly T[], count: number): T[][] {
  const size = Math.ceil(items.length / count);
  return Array.from({ length: count }, (_, i) => items.slice(i * size, (i + 1) * size)).filter((share) => share.length > 0);
}

/** Starts a worker thread on a share of the posts (src/content/lint-worker.ts, or its bundle). */
export function lintInWorker(input: WorkerInput): Promise<WorkerOutput> {
  const entry = new URL(import.meta.url.endsWith('.ts') ? './lint-worker.ts' : './lint-worker.js', import.meta.url);
  return new Promise((resolve, reject) => {
    const worker = new Worker(entry, { workerData: input });
    worker.once('message', (output: WorkerOutput) => {
      resolve(output);
      void worker.terminate();
    });
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (code !== 0) reject(new Error(`a lint worker stopped with code ${code}`));
    });
  });
}
