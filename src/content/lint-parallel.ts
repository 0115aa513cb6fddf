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
  /** Every post to lint; the worker takes chunks of them from the shared queue. */
  files: string[];
  chunkSize: number;
  counter: SharedArrayBuffer;
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

/** Posts per chunk of a shared queue: small enough to balance the threads, large enough to cost nothing to take. */
export const CHUNK_SIZE = 200;
/** The last chunks shrink down to this: a thread that takes a long one last would keep the other waiting. */
export const MIN_CHUNK_SIZE = 25;

/**
 * Posts in chunks that threads take in turn, through a counter of posts taken in shared memory: a thread
 * that starts late (a worker loads the code again, ~0.3 s) or runs slower simply takes fewer, so none
 * waits for another. Chunks are an eighth of what is left, between MIN_CHUNK_SIZE and `size`.
 */
export class ChunkQueue {
  readonly files: readonly string[];
  readonly size: number;
  readonly counter: SharedArrayBuffer;
  private readonly taken: Int32Array;

  constructor(files: readonly string[], size = CHUNK_SIZE, counter = new SharedArrayBuffer(4)) {
    this.files = files;
    this.size = size;
    this.counter = counter;
    this.taken = new Int32Array(counter);
  }

  /** The next chunk nobody has taken, or undefined when all are taken. */
  next(): string[] | undefined {
    // The size is only an estimate (another thread may take posts meanwhile); the add hands out disjoint ranges.
    const left = this.files.length - Atomics.load(this.taken, 0);
    const size = Math.max(MIN_CHUNK_SIZE, Math.min(this.size, Math.ceil(left / 8)));
    const start = Atomics.add(this.taken, 0, size);
    return start < this.files.length ? this.files.slice(start, start + size) : undefined;
  }
}

/** Starts a worker thread that takes chunks of posts from the shared queue (src/content/lint-worker.ts, or its bundle). */
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
