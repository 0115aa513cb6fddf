import { describe, expect, it } from 'vitest';
import { ChunkQueue, threadCount } from '../../src/content/lint-parallel.ts';

describe('the chunk queue', () => {
  it('hands every post out exactly once, in order, in chunks of its size', () => {
    const files = Array.from({ length: 1003 }, (_, i) => `p${i}`);
    const queue = new ChunkQueue(files, 100);
    const taken: string[][] = [];
    for (let chunk = queue.next(); chunk; chunk = queue.next()) taken.push(chunk);
    expect(taken.flat()).toEqual(files);
    expect(taken.map((chunk) => chunk.length)).toEqual([...Array(10).fill(100), 3]);
    expect(queue.next()).toBeUndefined();
  });

  it('uses threads only for runs large enough to pay for starting them', () => {
    expect(threadCount(500, 2)).toBe(1);
    expect(threadCount(10_000, 2)).toBe(2);
    expect(threadCount(10_000, 1)).toBe(1);
  });
});
