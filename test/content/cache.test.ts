import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LintCache, SUMMARY_FILE } from '../../src/content/cache.ts';
import { parseIndexEntry, readSummaryFile } from '../../src/content/summary-file.ts';
import { isRelevant } from '../../src/core/rules/reach.ts';
import type { PostSummary } from '../../src/core/summary.ts';
import { mulberry32 } from '../../bench/generate.ts';

let root: string;
beforeEach(() => {
  root = mkdtempSync(path.join(tmpdir(), 'cadence-cache-'));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

const file = (i: number) => `content/posts/${String(i).padStart(5, '0')}.mdx`;
const summary = (i: number, title = `Post ${i}`): PostSummary => ({
  file: file(i),
  id: `p${i}`,
  title,
  status: 'ready',
  pillar: 'produits',
  slots: [{ channel: 'mastodon', publishAtMs: 1_800_000_000_000 + i * 60_000, publishAtPath: ['publishAt'], textKey: `k${i}`, textPath: ['text'] }],
});
const cacheFile = () => path.join(root, '.cadence/cache', SUMMARY_FILE);
const journalFile = () => path.join(root, '.cadence/cache/lint-journal.json');
const all = (n: number) => new Set(Array.from({ length: n }, (_, i) => file(i)));

describe('the lint cache and its journal', () => {
  it('writes small changes to the journal, reads them back, and rewrites the cache for large ones', () => {
    const first = new LintCache(root, 'line');
    for (let i = 0; i < 1000; i++) first.setSummary(file(i), `g:${i}`, summary(i));
    first.save(all(1000));
    expect(existsSync(journalFile())).toBe(false);
    const written = readFileSync(cacheFile(), 'utf8');

    // One post edited, one deleted: a journal of two entries, the cache file untouched.
    const second = new LintCache(root, 'line');
    second.setSummary(file(7), 'g:7b', summary(7, 'Edited'));
    second.save(new Set([...all(1000)].filter((f) => f !== file(8))));
    expect(readFileSync(cacheFile(), 'utf8')).toBe(written);
    expect(Object.keys((JSON.parse(readFileSync(journalFile(), 'utf8')) as { posts: object }).posts).sort()).toEqual([file(7), file(8)]);

    const third = new LintCache(root, 'line');
    expect(third.summary(file(7), 'g:7b')?.title).toBe('Edited');
    expect(third.summary(file(7), 'g:7')).toBeUndefined();
    expect(third.summary(file(8), 'g:8')).toBeUndefined();
    expect(third.summary(file(9), 'g:9')).toEqual(summary(9));

    // A later small change keeps what the journal already had, also when one instance saves twice.
    const remaining = new Set([...all(1000)].filter((f) => f !== file(8)));
    third.setSummary(file(10), 'g:10b', summary(10, 'Also edited'));
    third.save(remaining);
    third.setSummary(file(11), 'g:11b', summary(11, 'Edited later'));
    third.save(remaining);
    const fourth = new LintCache(root, 'line');
    expect(fourth.summary(file(7), 'g:7b')?.title).toBe('Edited');
    expect(fourth.summary(file(10), 'g:10b')?.title).toBe('Also edited');
    expect(fourth.summary(file(11), 'g:11b')?.title).toBe('Edited later');

    // Many changes: the cache is written whole and the journal removed.
    for (let i = 0; i < 600; i++) fourth.setSummary(file(i), `g:${i}c`, summary(i, 'Rewritten'));
    fourth.save(all(1000));
    expect(existsSync(journalFile())).toBe(false);
    const fifth = new LintCache(root, 'line');
    expect(fifth.summary(file(599), 'g:599c')?.title).toBe('Rewritten');
    expect(fifth.summary(file(7), 'g:7c')?.title).toBe('Rewritten');
    expect(fifth.summary(file(900), 'g:900')).toEqual(summary(900));
    // The post deleted earlier (its file back since) is not remembered: it is summarized again.
    expect(fifth.summary(file(8), 'g:8')).toBeUndefined();
  });

  it('removes the summaries file of earlier versions when it writes its own', () => {
    const legacy = path.join(root, '.cadence/cache/lint.json');
    mkdirSync(path.dirname(legacy), { recursive: true });
    writeFileSync(legacy, JSON.stringify({ version: 4, lineKey: 'line', posts: [[file(1), 'g:1', ['p1', 'Post 1', 'ready', null]]], media: {} }));
    const cache = new LintCache(root, 'line');
    expect(cache.summary(file(1), 'g:1')).toBeUndefined();
    cache.setSummary(file(1), 'g:1', summary(1));
    cache.save(all(2));
    expect(existsSync(legacy)).toBe(false);
    expect(new LintCache(root, 'line').summary(file(1), 'g:1')).toEqual(summary(1));
  });

  it('does not write when nothing changed, and starts over for another editorial line', () => {
    const first = new LintCache(root, 'line');
    first.setSummary(file(1), 'g:1', summary(1));
    first.save(all(2));
    const before = statSync(cacheFile()).mtimeMs;
    const same = new LintCache(root, 'line');
    same.setSummary(file(1), 'g:1', summary(1));
    same.save(all(2));
    expect(statSync(cacheFile()).mtimeMs).toBe(before);
    expect(existsSync(journalFile())).toBe(false);

    const other = new LintCache(root, 'another line');
    expect(other.summary(file(1), 'g:1')).toBeUndefined();
  });
});

describe('damaged cache files', () => {
  it('are read as misses, entry by entry, never as data', async () => {
    const { ResultCache } = await import('../../src/content/result-cache.ts');
    const good = new LintCache(root, 'line');
    good.setSummary(file(1), 'g:1', summary(1));
    good.setSummary(file(2), 'g:2', summary(2));
    good.save(all(3));
    // A summary whose bytes were damaged: valid JSON of the wrong shape, same length.
    const bytes = readFileSync(cacheFile());
    const damaged = replaceOnce(bytes, '"Post 2"', '["Pos2"]');
    writeFileSync(cacheFile(), damaged);
    const read = new LintCache(root, 'line');
    expect(read.summary(file(1), 'g:1')).toEqual(summary(1));
    expect(read.summary(file(2), 'g:2')).toBeUndefined();

    // An index line that points outside the data, or has lost its fields: a miss too.
    const parts = readSummaryFile(bytes)!;
    const [start, length] = parseIndexEntry(parts.indexText, parts.index.get(file(2))!)!.range!;
    // (The same number of digits: the index keeps its size, so the other entries stay where they were.)
    const tooLong = '9'.repeat(String(length).length);
    expect(start + Number(tooLong)).toBeGreaterThan(parts.data.length);
    writeFileSync(cacheFile(), replaceOnce(bytes, `\t${start},${length}\n`, `\t${start},${tooLong}\n`));
    expect(new LintCache(root, 'line').summary(file(2), 'g:2')).toBeUndefined();
    expect(new LintCache(root, 'line').summary(file(1), 'g:1')).toEqual(summary(1));
    writeFileSync(cacheFile(), replaceOnce(bytes, `\tg:2\t`, `\tg:2\n`));
    expect(new LintCache(root, 'line').summary(file(2), 'g:2')).toBeUndefined();
    // A line cut after its id, followed by what reads as fields of an out-of-reach post: the cut line is
    // decoded (a miss), not taken for out of reach on the strength of the next line's fields.
    const whole = `\tp2\t${1_800_000_000_000 + 2 * 60_000}\tk2\t${start},${length}\n`;
    const head = '\tp2\nq\t5\tk\t';
    writeFileSync(cacheFile(), replaceOnce(bytes, whole, `${head}${'z'.repeat(whole.length - head.length - 1)}\n`));
    const nowhere = { ids: new Set<string>(), textKeys: new Set<string>(), intervals: [[0, 1]] as [number, number][] };
    expect(new LintCache(root, 'line').summary(file(2), 'g:2', nowhere)).toBeUndefined();

    // Not a summary file at all, or cut short: everything is a miss, nothing throws.
    for (const broken of [Buffer.from('{"posts": []}'), bytes.subarray(0, bytes.length >> 1), bytes.subarray(0, 40)]) {
      writeFileSync(cacheFile(), broken);
      const reread = new LintCache(root, 'line');
      expect(reread.summary(file(2), 'g:2')).toBeUndefined();
    }

    const resultsFile = path.join(root, '.cadence/cache/lint-results.json');
    const keyOf = () => 'g:x';
    const results = new ResultCache(root, 'k');
    results.set(file(1), 'g:1', [{ file: file(1), line: 3, column: 4, rule: 'a/b', severity: 'warning', message: 'm' }], ['public/a.jpg'], keyOf);
    results.set(file(2), 'g:2', [], [], keyOf);
    results.save(all(3));
    const stored = JSON.parse(readFileSync(resultsFile, 'utf8')) as { posts: Record<string, unknown[]> };
    stored.posts[file(2)] = ['g:2', [[1, 1, 'a/b', 'fatal', 'm', -1]], []];
    writeFileSync(resultsFile, JSON.stringify(stored));
    const again = new ResultCache(root, 'k');
    expect(again.get(file(1), 'g:1', keyOf)).toEqual([{ file: file(1), line: 3, column: 4, rule: 'a/b', severity: 'warning', message: 'm' }]);
    expect(again.get(file(2), 'g:2', keyOf)).toBeUndefined();
  });
});

function replaceOnce(bytes: Buffer, from: string, to: string): Buffer {
  const at = bytes.indexOf(from);
  expect(at).toBeGreaterThan(-1);
  return Buffer.concat([bytes.subarray(0, at), Buffer.from(to), bytes.subarray(at + Buffer.byteLength(from))]);
}

describe('the summary file', () => {
  it('keeps paths and ids with tabs, newlines, backslashes and accents, and decodes only what is relevant', () => {
    const odd = (i: number) => `content/posts/été\t${i}\n\\x.mdx`;
    const cache = new LintCache(root, 'line');
    for (let i = 0; i < 3; i++) cache.setSummary(odd(i), `g:${i}`, { ...summary(i), file: odd(i), id: `id\t${i}` });
    cache.setSummary(file(9), 'g:9', null);
    cache.save(new Set([odd(0), odd(1), odd(2), file(9)]));
    const stored = readSummaryFile(readFileSync(cacheFile()))!;
    expect([...stored.index.keys()].sort()).toEqual([file(9), odd(0), odd(1), odd(2)].sort());

    const read = new LintCache(root, 'line');
    expect(read.summary(odd(1), 'g:1')).toEqual({ ...summary(1), file: odd(1), id: 'id\t1' });
    expect(read.summary(file(9), 'g:9')).toBeNull();
    const near = { ids: new Set<string>(), textKeys: new Set<string>(), intervals: [[1_800_000_000_000 + 2 * 60_000, 1_800_000_000_000 + 2 * 60_000]] as [number, number][] };
    expect(read.summary(odd(1), 'g:1', near)).toBeNull();
    expect(read.summary(odd(2), 'g:2', near)?.title).toBe('Post 2');
    expect(read.summary(odd(0), 'g:0', { ...near, textKeys: new Set(['k0']) })?.title).toBe('Post 0');
    expect(read.summary(odd(1), 'g:1', { ...near, ids: new Set(['id\t1']) })?.title).toBe('Post 1');

    // Rewritten whole (another line key invalidates nothing here: same line), stored entries are copied byte for byte.
    for (let i = 0; i < 600; i++) read.setSummary(file(100 + i), `g:${100 + i}`, summary(100 + i));
    read.save(new Set([odd(0), odd(1), odd(2), file(9), ...Array.from({ length: 600 }, (_, i) => file(100 + i))]));
    const again = new LintCache(root, 'line');
    expect(again.summary(odd(2), 'g:2')).toEqual({ ...summary(2), file: odd(2), id: 'id\t2' });
    expect(again.summary(file(650), 'g:650')).toEqual(summary(650));
    expect(again.summary(file(9), 'g:9')).toBeNull();
  });
});

describe('the reach test on the summary file', () => {
  it('keeps exactly the posts isRelevant keeps, for random posts and targets (before and after a reload)', () => {
    const random = mulberry32(7);
    const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
    const T0 = 1_800_000_000_000;
    const channels = ['mastodon', 'bluesky', 'x', 'instagram', 'blog'] as const;
    const posts: PostSummary[] = Array.from({ length: 400 }, (_, i) => ({
      file: file(i),
      id: pick(['a', 'b', 'été', 'tab\tid', `p${i}`, `p${i}`]),
      title: `Post ${i}`,
      status: 'ready',
      pillar: undefined,
      slots: Array.from({ length: 1 + Math.floor(random() * 4) }, () => ({
        channel: pick(channels),
        publishAtMs: random() < 0.1 ? undefined : T0 + Math.floor(random() * 1_000) * 3_600_000,
        publishAtPath: ['publishAt'],
        textKey: random() < 0.2 ? undefined : pick(['k1', 'k2', 'k3', 'k4', 'k5', 'k6', 'k7', 'k8']),
        textPath: ['text'],
      })),
    }));
    const written = new LintCache(root, 'line');
    for (const post of posts) written.setSummary(post.file, `g:${post.file}`, post);
    written.save(all(400));
    const read = new LintCache(root, 'line');
    for (let round = 0; round < 60; round++) {
      const starts = Array.from({ length: Math.floor(random() * 4) }, () => T0 + Math.floor(random() * 1_000) * 3_600_000).sort((a, b) => a - b);
      const intervals = starts.map((start, i): [number, number] => [start, Math.min(start + Math.floor(random() * 40) * 3_600_000, (starts[i + 1] ?? Infinity) - 1)]);
      const relevance = {
        ids: new Set(Array.from({ length: Math.floor(random() * 3) }, () => pick(['a', 'b', 'été', 'tab\tid', 'p7', 'zz']))),
        textKeys: new Set(Array.from({ length: Math.floor(random() * 3) }, () => pick(['k1', 'k2', 'k3', 'k9']))),
        intervals,
      };
      for (const cache of [read, written]) {
        const kept = posts.filter((post) => cache.summary(post.file, `g:${post.file}`, relevance) !== null).map((post) => post.file);
        expect(kept).toEqual(posts.filter((post) => isRelevant(relevance, post)).map((post) => post.file));
      }
    }
  });
});
