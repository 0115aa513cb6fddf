import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SUMMARY_FILE } from '../../src/content/cache.ts';
import { fileKeys } from '../../src/content/file-keys.ts';
import { parseIndexEntry, readSummaryFile } from '../../src/content/summary-file.ts';
import { basicPost, runCli, tempBrand, type TempBrand } from '../helpers/brand.ts';

let brand: TempBrand;
afterEach(() => brand?.cleanup());

/** The key kind (`g:` or `f:`) of each post in the lint cache: the cache file, then its journal of later changes. */
function cachedKeys(root: string) {
  const read = (file: string) => (existsSync(path.join(root, file)) ? (JSON.parse(readFileSync(path.join(root, file), 'utf8')) as { posts: unknown }).posts : undefined);
  const summaryFile = path.join(root, '.cadence/cache', SUMMARY_FILE);
  const stored = existsSync(summaryFile) ? readSummaryFile(readFileSync(summaryFile)) : undefined;
  const saved = stored ? [...stored.index].map(([f, at]) => [f, parseIndexEntry(stored.indexText, at)!.key]) : [];
  const posts: Record<string, [string] | null> = { ...Object.fromEntries(saved.map(([f, k]) => [f, [k]])), ...((read('.cadence/cache/lint-journal.json') ?? {}) as Record<string, [string] | null>) };
  return Object.fromEntries(Object.entries(posts).flatMap(([f, entry]) => (entry ? [[f, entry[0].slice(0, 2)]] : [])));
}

describe('content keys of the lint cache', () => {
  it('are Git blob ids for committed, unchanged posts, and file stamps otherwise', async () => {
    brand = tempBrand({ git: true });
    brand.post('2026/12/a.mdx', basicPost());
    brand.post('2026/12/b.mdx', basicPost({ publishAt: '2026-12-08T09:00', text: 'b' }));
    brand.git('add', '-A');
    brand.git('commit', '-qm', 'two posts');
    const keyOf = await fileKeys(brand.root);
    expect(keyOf('content/posts/2026/12/a.mdx')).toBe(`g:${brand.git('rev-parse', 'HEAD:content/posts/2026/12/a.mdx').trim()}`);

    await runCli(['lint', '--at=2026-11-21T12:00:00+01:00', 'content/posts/2026/12/a.mdx'], brand.root);
    expect(cachedKeys(brand.root)).toEqual({ 'content/posts/2026/12/a.mdx': 'g:', 'content/posts/2026/12/b.mdx': 'g:' });

    brand.post('2026/12/b.mdx', basicPost({ publishAt: '2026-12-09T09:00', text: 'b modifié' }));
    brand.post('2026/12/c.mdx', basicPost({ publishAt: '2026-12-10T09:00', text: 'c, pas encore suivi' }));
    await runCli(['lint', '--at=2026-11-21T12:00:00+01:00', 'content/posts/2026/12/a.mdx'], brand.root);
    expect(cachedKeys(brand.root)).toEqual({ 'content/posts/2026/12/a.mdx': 'g:', 'content/posts/2026/12/b.mdx': 'f:', 'content/posts/2026/12/c.mdx': 'f:' });
  });

  it('fall back to file stamps outside Git', async () => {
    brand = tempBrand();
    brand.post('2026/12/a.mdx', basicPost());
    expect((await fileKeys(brand.root))('content/posts/2026/12/a.mdx')).toMatch(/^f:\d+(\.\d+)?:\d+$/);
  });
});
