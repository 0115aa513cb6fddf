import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateBrand, type GeneratedBrand } from '../../bench/generate.ts';
import { listPostFiles } from '../../src/content/documents.ts';
import { runCli } from '../helpers/brand.ts';

// A large run hands the per-post rules and the summaries to a worker thread; the verdict must not depend on it.
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
    // The injected anomalies are found all through the posts, by the per-post rules (run in the worker, located
    // by the main thread) and by the cross-post ones (on the worker's summaries).
    const diagnostics = JSON.parse(threaded.stdout) as { file: string; line: number; rule: string }[];
    const secondHalf = new Set(listPostFiles(dir).slice(1200));
    expect(diagnostics.length).toBeGreaterThan(20);
    expect(diagnostics.filter((d) => secondHalf.has(d.file)).length).toBeGreaterThan(5);
    expect(diagnostics.some((d) => d.rule.startsWith('voice/') && d.line > 1)).toBe(true);
    expect(diagnostics.some((d) => d.rule.startsWith('cadence/'))).toBe(true);
  });

  it('refuses a bad value', async () => {
    expect(await runCli(['lint', '--concurrency', '0', '--root', dir], dir)).toMatchObject({ code: 2, stderr: expect.stringContaining('--concurrency must be a whole number') });
  });
});
