/** A worker thread of writeArticleCards: renders the cards it is sent, a batch at a time, into the cache. */
import { parentPort } from 'node:worker_threads';
import { cachedCard, type CardInput } from './card.ts';

parentPort!.on('message', async (batch: { first: number; inputs: CardInput[]; cacheDir: string }) => {
  for (let i = 0; i < batch.inputs.length; i++) {
    try {
      await cachedCard(batch.inputs[i]!, batch.cacheDir);
    } catch (error) {
      parentPort!.postMessage({ done: i, failed: batch.first + i, error: (error as Error).message });
      return;
    }
  }
  parentPort!.postMessage({ done: batch.inputs.length });
});
