/** A worker thread of writeArticleCards: renders the cards it is sent and writes them to the cache. */
import { readlinkSync } from 'node:fs';
import os from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import { cachedCard, type CardInput } from './card.ts';

// A thread that draws while the build renders pages yields to it: on Linux a thread's nice value is its own,
// set through its thread id (/proc/thread-self is <pid>/task/<tid>).
const nice = (workerData as { nice?: number } | undefined)?.nice ?? 0;
if (nice > 0) {
  try {
    os.setPriority(Number(readlinkSync('/proc/thread-self').split('/').pop()), nice);
  } catch {
    // Not Linux, or not allowed: the thread draws at normal priority.
  }
}

parentPort!.on('message', async (job: { index: number; input: CardInput; cacheDir: string }) => {
  try {
    await cachedCard(job.input, job.cacheDir);
    parentPort!.postMessage({ index: job.index });
  } catch (error) {
    parentPort!.postMessage({ index: job.index, error: (error as Error).message });
  }
});
