import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ArticleHtmlWriter, readArticleHtml } from '../../src/site/article-html.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'cadence-article-html-'));
const previous = process.env.CADENCE_CACHE_DIR;
beforeAll(() => {
  process.env.CADENCE_CACHE_DIR = dir;
});
afterAll(() => {
  if (previous === undefined) delete process.env.CADENCE_CACHE_DIR;
  else process.env.CADENCE_CACHE_DIR = previous;
  rmSync(dir, { recursive: true, force: true });
});

describe('rendered article bodies beside the data store', () => {
  it('keeps unchanged bodies from one sync to the next, drops the others, and reads them back', () => {
    const first = new ArticleHtmlWriter();
    first.add('aaa', '<p>Pain de campagne, 1 kg</p>');
    first.add('bbb', '<p>Brioche des Lumières — 12 €</p>');
    first.save();
    expect(readArticleHtml('bbb')).toBe('<p>Brioche des Lumières — 12 €</p>');

    const second = new ArticleHtmlWriter();
    expect(second.keep('aaa')).toBe(true);
    expect(second.keep('zzz')).toBe(false);
    second.add('ccc', '<p>Galette</p>');
    second.save();
    expect(readArticleHtml('aaa')).toBe('<p>Pain de campagne, 1 kg</p>');
    expect(readArticleHtml('ccc')).toBe('<p>Galette</p>');
    expect(() => readArticleHtml('bbb')).toThrow(/missing .*rebuild without the cache/);
  });
});
