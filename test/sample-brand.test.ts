import { describe, expect, it } from 'vitest';
import { REPO_ROOT, runCli } from './helpers/brand.ts';

// The sample brand is the product's showcase and the README's main command: it must stay clean.
describe('the sample brand (content/)', () => {
  it('lints without errors or warnings before its first post', async () => {
    const r = await runCli(['lint', '--no-cache', '--format', 'json', '--at', '2026-11-21T12:00:00+01:00'], REPO_ROOT);
    expect(JSON.parse(r.stdout)).toEqual([]);
    expect(r.code).toBe(0);
  });
  it('has the breadth the sample promises', async () => {
    const r = await runCli(['lint', '--no-cache', '--format', 'json', '--at', '2026-11-21T12:00:00+01:00', 'content/posts'], REPO_ROOT);
    expect(r.code).toBe(0);
    const { listPostFiles } = await import('../src/content/repository.ts');
    expect(listPostFiles(REPO_ROOT).length).toBeGreaterThanOrEqual(25);
  });
});
