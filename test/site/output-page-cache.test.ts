import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { planPreviousOutput, type PreviousOutput } from '../../src/site/output-page-cache.ts';
import { editorialLine, tempBrand, type TempBrand } from '../helpers/brand.ts';
import { buildSites, walk } from './helpers.ts';

describe('planPreviousOutput', () => {
  const complete: PreviousOutput = { exists: true, marker: { outDir: '/out/', manifestDigest: 'abc' }, manifestDigest: 'abc', outDir: '/out/', sameFileSystem: true };

  it('makes a complete output that goes with the manifest the page cache', () => {
    expect(planPreviousOutput(complete)).toBe('adopt');
  });

  it('discards an output without a marker, with another manifest, in another place or on another file system', () => {
    expect(planPreviousOutput({ ...complete, marker: undefined })).toBe('discard');
    expect(planPreviousOutput({ ...complete, manifestDigest: 'def' })).toBe('discard');
    expect(planPreviousOutput({ ...complete, manifestDigest: undefined })).toBe('discard');
    expect(planPreviousOutput({ ...complete, outDir: '/elsewhere/' })).toBe('discard');
    expect(planPreviousOutput({ ...complete, sameFileSystem: false })).toBe('discard');
  });

  it('has nothing to do without an output', () => {
    expect(planPreviousOutput({ ...complete, exists: false })).toBe('none');
  });
});

describe("the blog's previous output as its page cache", () => {
  let brand: TempBrand;
  let out: string;
  const build = () => buildSites({ root: brand.root, at: '2026-02-01T12:00:00Z', outBase: out, sites: ['public'] });
  const article = (n: number, body: string) =>
    brand.post(`2026/01/article-${n}.mdx`, { title: `Article number ${n}`, publishAt: `2026-01-0${n}T09:00`, channels: ['blog'], pillar: 'produits' }, body);
  const page = (n: number) => readFileSync(path.join(out, 'public', `blog/2026-01-article-${n}/index.html`), 'utf8');
  const cachedPages = () => (existsSync(path.join(out, '.cache/public/dist')) ? walk(path.join(out, '.cache/public/dist')).filter((file) => file.endsWith('.html')) : []);

  beforeAll(() => {
    brand = tempBrand({ line: editorialLine({ brand: { name: 'Test Bakery', siteUrl: 'https://example.org/', locale: 'en', timezone: 'Europe/London' } }) });
    article(1, 'First body.\n');
    article(2, 'Second body.\n');
    out = mkdtempSync(path.join(tmpdir(), 'cadence-page-cache-'));
  });
  afterAll(() => {
    brand?.cleanup();
    if (out) rmSync(out, { recursive: true, force: true });
  });

  it('writes no copy of the pages on a first build, copies them back from the output on the next, and never keeps a stale one', () => {
    build();
    expect(cachedPages()).toEqual([]);
    const first = new Map(walk(path.join(out, 'public')).map((file) => [file, readFileSync(path.join(out, 'public', file))]));

    // Unchanged: each article page comes from the previous output, byte for byte.
    const again = build();
    expect(again.output).toMatch(/blog\/2026-01-article-1\/index\.html.*\(restored\)/);
    expect(again.output).toMatch(/blog\/2026-01-article-2\/index\.html.*\(restored\)/);
    expect(walk(path.join(out, 'public')).sort()).toEqual([...first.keys()].sort());
    for (const [file, bytes] of first) expect(readFileSync(path.join(out, 'public', file)).equals(bytes), file).toBe(true);

    // Edited: rendered again, and its old page is no longer kept for a later build.
    article(2, 'A corrected second body.\n');
    const edited = build();
    expect(edited.output).not.toMatch(/blog\/2026-01-article-2\/index\.html.*\(restored\)/);
    expect(page(2)).toContain('A corrected second body.');
    expect(cachedPages()).not.toContain('blog/2026-01-article-2/index.html');

    // The output deleted by hand: what is left in the cache is right or rendered again.
    rmSync(path.join(out, 'public'), { recursive: true });
    build();
    expect(page(2)).toContain('A corrected second body.');
    expect(page(1)).toContain('First body.');

    // An output that no complete build vouches for (a build stopped halfway leaves no marker) is not reused,
    // and what a failed build left being deleted goes.
    writeFileSync(path.join(out, 'public/blog/2026-01-article-1/index.html'), 'half-written page');
    rmSync(path.join(out, '.cache/public/cadence-output.json'));
    mkdirSync(path.join(out, 'public.previous-1763770000000-999/blog'), { recursive: true });
    build();
    expect(page(1)).toContain('First body.');
    expect(readdirSync(out).sort()).toEqual(['.cache', 'public']);
  }, 240_000);
});
