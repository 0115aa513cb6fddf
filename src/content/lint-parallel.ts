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
}

export type RulesMessage = { chunk: RulesChunk } | { end: true };

/** A rules thread's replies: each chunk's summaries as soon as it arrives, then every finding at the end. */
export type RulesReply = { summaries: PostSummary[] } | { findings: PostFinding[] };

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
 *
 * A thread summarizes each chunk as soon as it arrives and sends the summaries back, before running the
 * chunk's rules: this thread has every summary soon after its last chunk, and runs the cross-post rules
 * while the others finish their rules.
 */
export class RulesThreads {
  private readonly threads: RulesThread[];
  private turn = 0;

  constructor(count: number, input: RulesWorkerInput) {
    this.threads = Array.from({ length: count }, () => new RulesThread(input));
  }

  /** Hands a chunk to the next thread in turn. */
  send(line: EditorialLine | undefined, posts: readonly PostDoc[], media: ReadonlyMap<string, MediaInfo>): void {
    this.threads[this.turn++ % this.threads.length]!.send(line, posts, media);
  }

  /** Every chunk's summaries; call once every chunk is sent. */
  async summaries(): Promise<PostSummary[]> {
    return (await Promise.all(this.threads.map((thread) => thread.end()))).flat();
  }

  /** What the rules found, once every thread has checked all it was sent. */
  async findings(): Promise<PostFinding[]> {
    return (await Promise.all(this.threads.map((thread) => thread.findings.promise))).flat();
  }
}

/** One worker thread and what it has sent back so far. */
class RulesThread {
  private readonly worker: Worker;
  private hasLine = false;
  private sent = 0;
  private ended = false;
  private readonly received: PostSummary[] = [];
  private chunksSummarized = 0;
  private readonly summaries = Promise.withResolvers<PostSummary[]>();
  readonly findings = Promise.withResolvers<PostFinding[]>();

  constructor(input: RulesWorkerInput) {
    const entry = new URL(import.meta.url.endsWith('.ts') ? './lint-worker.ts' : './lint-worker.js', import.meta.url);
    this.worker = new Worker(entry, { workerData: input });
    let done = false;
    this.worker.on('message', (reply: RulesReply) => {
      if ('summaries' in reply) {
        this.received.push(...reply.summaries);
        this.chunksSummarized++;
        this.resolveSummariesIfComplete();
        return;
      }
      done = true;
      this.findings.resolve(reply.findings);
      void this.worker.terminate();
    });
    const fail = (error: Error) => {
      this.summaries.reject(error);
      this.findings.reject(error);
    };
    this.worker.once('error', fail);
    this.worker.once('exit', (code) => {
      if (!done) fail(new Error(`a lint worker stopped with code ${code}`));
    });
    // Rejections are handled where these are awaited; until then, one must not crash the process as unhandled.
    this.summaries.promise.catch(() => {});
    this.findings.promise.catch(() => {});
  }

  send(line: EditorialLine | undefined, posts: readonly PostDoc[], media: ReadonlyMap<string, MediaInfo>): void {
    const chunk: RulesChunk = {
      ...(this.hasLine ? {} : { line }),
      posts: posts.map(({ locate: _, ...post }) => post),
      media: [...media],
    };
    this.hasLine = true;
    this.sent++;
    this.worker.postMessage({ chunk } satisfies RulesMessage);
  }

  /** No more chunks: resolves with the summaries of all of them. */
  end(): Promise<PostSummary[]> {
    this.ended = true;
    this.worker.postMessage({ end: true } satisfies RulesMessage);
    this.resolveSummariesIfComplete();
    return this.summaries.promise;
  }

  private resolveSummariesIfComplete(): void {
    if (this.ended && this.chunksSummarized === this.sent) this.summaries.resolve(this.received);
  }
}
