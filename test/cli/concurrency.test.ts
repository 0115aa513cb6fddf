import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateBrand, type GeneratedBrand } from '../../bench/generate.ts';
import { listPostFiles } from '../../src/content/documents.ts';
import { runCli } from '../helpers/brand.ts';

// A large run splits the per-post work across worker threads; the verdict must not depend on it.
describe('cadence lint --concurrency', () => {
  let dir: string;
  let brand: GeneratedBrand;
  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'cadence-concurrency-'));
    brand = await generateBrand(dir, 2400, { seed: 7, anomalyRate: 0.05 });
  }, 120_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('gives the same diagnostics with one thread and with two', async () => {
    const args = ['lint', '--no-cache', '--format', 'json', '--at', brand.lintAt, '--root', dir];
    const single = await runCli([...args, '--concurrency', '1'], dir);
    const threaded = await runCli([...args, '--concurrency', '2'], dir);
    expect(threaded.code).toBe(single.code);
    expect(threaded.stdout).toBe(single.stdout);
    // The injected anomalies are found, including in the worker's share (the second half of the posts).
    const diagnostics = JSON.parse(threaded.stdout) as { file: string; line: number; rule: string }[];
    const workerShare = new Set(listPostFiles(dir).slice(1200));
    expect(diagnostics.length).toBeGreaterThan(20);
    expect(diagnostics.filter((d) => workerShare.has(d.file)).length).toBeGreaterThan(5);
  });

  it('refuses a bad value', async () => {
    expect(await runCli(['lint', '--concurrency', '0', '--root', dir], dir)).toMatchObject({ code: 2, stderr: expect.stringContaining('--concurrency must be a whole number') });
  });
});
