/** A worker thread of writeArticleCards: renders the cards it is sent and writes them to the cache. */
import { parentPort } from 'node:worker_threads';
import { cachedCard, type CardInput } from './card.ts';

parentPort!.on('message', async (job: { index: number; input: CardInput; cacheDir: string }) => {
  try {
    await cachedCard(job.input, job.cacheDir);
    parentPort!.postMessage({ index: job.index });
  } catch (error) {
    parentPort!.postMessage({ index: job.index, error: (error as Error).message });
  }
});
