/**
 * A worker thread of writeArticleCards. As a card thread: takes its brand's layer (the pixels every card
 * shares), then renders the cards it is sent, a batch at a time, into the cache. As the brand's thread:
 * draws the brand's layer once, answers its pixels and is stopped, so that what satori holds goes with it.
 */
import { parentPort } from 'node:worker_threads';
import { brandLayerPixels, cachedCard, useBrandLayer, type CardInput } from './card.ts';

type Message = { brand: CardInput; rgb: Uint8Array } | { drawBrand: CardInput } | { first: number; inputs: CardInput[]; cacheDir: string };

parentPort!.on('message', async (message: Message) => {
  if ('drawBrand' in message) {
    try {
      const rgb = await brandLayerPixels(message.drawBrand);
      parentPort!.postMessage({ rgb });
    } catch (error) {
      parentPort!.postMessage({ error: (error as Error).message });
    }
    return;
  }
  if ('brand' in message) return useBrandLayer(message.brand, message.rgb);
  for (let i = 0; i < message.inputs.length; i++) {
    try {
      await cachedCard(message.inputs[i]!, message.cacheDir);
    } catch (error) {
      parentPort!.postMessage({ done: i, failed: message.first + i, error: (error as Error).message });
      return;
    }
  }
  parentPort!.postMessage({ done: message.inputs.length });
});
