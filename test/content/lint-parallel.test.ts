import { describe, expect, it } from 'vitest';
import { ChunkQueue, MIN_CHUNK_SIZE, threadCount } from '../../src/content/lint-parallel.ts';

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
    expect(taken.flat()).toEqual(files);
    // Full chunks while much is left, then smaller ones, so that the threads finish together.
    const sizes = taken.map((chunk) => chunk.length);
    expect(sizes.slice(0, 4)).toEqual([100, 100, 100, 88]); // an eighth of what is left: 1003, 903, 803, 703
    expect(Math.max(...sizes)).toBe(100);
    expect(sizes.slice(-3, -1)).toEqual([MIN_CHUNK_SIZE, MIN_CHUNK_SIZE]);
    expect(sizes).toEqual([...sizes].sort((a, b) => b - a));
    expect(main.next()).toBeUndefined();
    expect(worker.next()).toBeUndefined();
  });

  it('uses threads only for runs large enough to pay for starting them', () => {
    expect(threadCount(500, 2)).toBe(1);
    expect(threadCount(10_000, 2)).toBe(2);
    expect(threadCount(10_000, 1)).toBe(1);
  });
});
