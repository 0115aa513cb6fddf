import { describe, expect, it } from 'vitest';
import { ChunkQueue, threadCount } from '../../src/content/lint-parallel.ts';

describe('the chunk queue threads share', () => {
  it('hands every post out exactly once, whichever queue object over the shared counter takes it', () => {
    const files = Array.from({ length: 1003 }, (_, i) => `p${i}`);
    const main = new ChunkQueue(files, 100);
    const worker = new ChunkQueue(files, 100, main.counter); // what a worker thread rebuilds from its input
    const taken: string[][] = [];
    for (let turn = 0; ; turn++) {
      const chunk = (turn % 3 === 0 ? worker : main).next();
      if (!chunk) break;
      taken.push(chunk);
    }
    expect(taken).toHaveLength(11);
    expect(taken.flat()).toEqual(files);
    expect(main.next()).toBeUndefined();
    expect(worker.next()).toBeUndefined();
  });

  it('uses threads only for runs large enough to pay for starting them', () => {
    expect(threadCount(500, 2)).toBe(1);
    expect(threadCount(10_000, 2)).toBe(2);
    expect(threadCount(10_000, 1)).toBe(1);
  });
});
