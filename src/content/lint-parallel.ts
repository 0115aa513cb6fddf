import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { PostFinding } from '../core/lint.ts';
import type { MediaInfo, PostDoc } from '../core/model.ts';
import type { EditorialLine } from '../core/schema/index.ts';
import type { PostSummary } from '../core/summary.ts';

/** Below this many posts per thread, starting a worker (loading the code again) costs more than it saves. */
const MIN_POSTS_PER_THREAD = 1000;

export interface RulesWorkerInput {
  nowMs: number;
  published: string[];
}

/** Validated posts for a rules thread, with the media facts their rules read. Plain data: it is copied across. */
export interface RulesChunk {
  /** Sent with a thread's first chunk. */
  line?: EditorialLine | undefined;
  posts: Omit<PostDoc, 'locate'>[];
  media: [string, MediaInfo][];
  /** Whether the thread also summarizes these posts (or the main thread does). */
  summarize: boolean;
}

export type RulesMessage = { chunk: RulesChunk } | { end: true };

/** What a rules thread sends back once it has checked every chunk. */
export interface RulesOutput {
  findings: PostFinding[];
  summaries: PostSummary[];
}

/** How many threads to lint `posts` posts with: `requested`, or one per core for large runs. */
export function threadCount(posts: number, requested?: number): number {
  const wanted = requested ?? availableParallelism();
  return Math.max(1, Math.min(wanted, Math.floor(posts / MIN_POSTS_PER_THREAD)));
}

/** Posts per chunk: small enough for the rules threads to start early, large enough to cost nothing to send. */
export const CHUNK_SIZE = 200;

/** Posts in chunks of `size`, taken in turn. */
export class ChunkQueue {
  readonly files: readonly string[];
  readonly size: number;
  private taken = 0;

  constructor(files: readonly string[], size = CHUNK_SIZE) {
    this.files = files;
    this.size = size;
  }

  /** The next chunk, or undefined when all are taken. */
  next(): string[] | undefined {
    if (this.taken >= this.files.length) return undefined;
    const chunk = this.files.slice(this.taken, this.taken + this.size);
    this.taken += chunk.length;
    return chunk;
  }
}

/**
 * Worker threads that run the per-post rules (src/content/lint-worker.ts, or its bundle) while this thread
 * reads, parses and validates the next posts. Split by stage rather than by post, each thread warms up and
 * optimizes only its own half of the code: on 10,000 posts, V8's optimizing compiler took 2.6 s of CPU
 * when both threads did everything, 1.5 s split this way (docs/benchmarks.md).
 */
export class RulesThreads {
  private readonly workers: { worker: Worker; hasLine: boolean; output: Promise<RulesOutput> }[];
  private turn = 0;

  constructor(count: number, input: RulesWorkerInput) {
    const entry = new URL(import.meta.url.endsWith('.ts') ? './lint-worker.ts' : './lint-worker.js', import.meta.url);
    this.workers = Array.from({ length: count }, () => {
      const worker = new Worker(entry, { workerData: input });
      const output = new Promise<RulesOutput>((resolve, reject) => {
        worker.once('message', (result: RulesOutput) => {
          resolve(result);
          void worker.terminate();
        });
        worker.once('error', reject);
        worker.once('exit', (code) => {
          if (code !== 0) reject(new Error(`a lint worker stopped with code ${code}`));
        });
      });
      // Rejections are handled by `results()`; until then, one must not crash the process as unhandled.
      output.catch(() => {});
      return { worker, hasLine: false, output };
    });
  }

  /**
   * Hands a chunk to the next thread in turn. Returns whether that thread summarizes the posts too. With one
   * rules thread it does every other chunk, which balances the two (the rules take longer than parsing and
   * validating); with more, this thread is the slower stage and they summarize every chunk.
   */
  send(line: EditorialLine | undefined, posts: readonly PostDoc[], media: ReadonlyMap<string, MediaInfo>): boolean {
    const summarize = this.workers.length > 1 || this.turn % 2 === 1;
    const target = this.workers[this.turn++ % this.workers.length]!;
    const chunk: RulesChunk = {
      ...(target.hasLine ? {} : { line }),
      posts: posts.map(({ locate: _, ...post }) => post),
      media: [...media],
      summarize,
    };
    target.hasLine = true;
    target.worker.postMessage({ chunk } satisfies RulesMessage);
    return summarize;
  }

  /** Every thread's findings and summaries, once each has checked all it was sent. */
  async results(): Promise<RulesOutput> {
    for (const { worker } of this.workers) worker.postMessage({ end: true } satisfies RulesMessage);
    const outputs = await Promise.all(this.workers.map((w) => w.output));
    return { findings: outputs.flatMap((o) => o.findings), summaries: outputs.flatMap((o) => o.summaries) };
  }
}
