import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { describe, expect, it } from 'vitest';
import { residentKB, sampleTreeMemory, treeResidentKB } from '../../bench/process-tree.ts';

// A parent that starts a child holding 200 MB of touched memory, and says "ready" once the child has it.
const PARENT = `
const { spawn } = require('node:child_process');
const child = spawn(process.execPath, ['-e', "globalThis.keep = Buffer.alloc(200 * 1024 * 1024, 1); console.log('held'); setInterval(() => {}, 1000)"], { stdio: ['ignore', 'pipe', 'inherit'] });
child.stdout.once('data', () => console.log('ready'));
process.on('SIGTERM', () => { child.kill(); process.exit(0); });
`;

describe('the memory of a process tree (bench peaks)', () => {
  it("counts the descendants' resident memory, which the parent alone does not hold", async () => {
    const parent = spawn(process.execPath, ['-e', PARENT], { stdio: ['ignore', 'pipe', 'inherit'] });
    const sampler = sampleTreeMemory(parent.pid!, 20);
    try {
      await once(parent.stdout!, 'data');
      const tree = treeResidentKB(parent.pid!);
      const parentOnly = residentKB(parent.pid!);
      expect(parentOnly).toBeLessThan(150 * 1024);
      expect(tree).toBeGreaterThan(parentOnly + 200 * 1024);
      await new Promise((resolve) => setTimeout(resolve, 60));
      expect(sampler.stop()).toBeGreaterThan(200 * 1024);
    } finally {
      sampler.stop();
      parent.kill('SIGTERM');
      await once(parent, 'close');
    }
  });

  it('reads a process that has ended as holding nothing', async () => {
    const done = spawn(process.execPath, ['-e', '0']);
    await once(done, 'close');
    expect(treeResidentKB(done.pid!)).toBe(0);
  });
});
