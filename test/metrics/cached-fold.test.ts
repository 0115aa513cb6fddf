/**
 * A cached dataset (src/metrics/cached-fold.ts) decodes a publication's readings and the rest of its
 * descriptor only when they are read: a month's report reads its own month's lines and no other, and a
 * damaged line says which cache file to delete instead of a stack trace.
 */
import { appendFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { editorialLine } from '../../bench/generate.ts';
import { writeMetricsData } from '../../bench/metrics-data.ts';
import { InputError } from '../../src/core/errors.ts';
import { plainPost } from '../../src/core/metrics/dataset.ts';
import { buildReport, monthPeriod } from '../../src/core/metrics/report.ts';
import { DATASET_CACHE_DIR } from '../../src/metrics/dataset-cache.ts';
import { prefillDatasetCache } from '../../src/metrics/dataset-prefill.ts';
import { reportCsv, reportMarkdown } from '../../src/metrics/report/render.ts';
import { loadReportSources } from '../../src/metrics/report/load.ts';
import { loadDataset } from '../../src/metrics/store.ts';

const root = mkdtempSync(path.join(tmpdir(), 'cadence-cached-fold-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const AT = Date.parse('2028-01-08T06:00:00Z');
const ZONE = 'Europe/Paris';

/** Every fold's own line of a cache file replaced by an array that is not a fold's: its fold line and count stay right. */
function damageFoldLines(file: string): number {
  const lines = readFileSync(file, 'utf8').split('\n');
  let damaged = 0;
  // Line 0: head; then per chunk one line of folds followed by one line per fold; last: tail.
  for (let i = 1; i < lines.length - 2; ) {
    const folds = (JSON.parse(lines[i]!) as unknown[]).length;
    for (let j = i + 1; j <= i + folds; j++) {
      lines[j] = '[not json]';
      damaged++;
    }
    i += folds + 1;
  }
  writeFileSync(file, lines.join('\n'));
  return damaged;
}

describe('a cached dataset decodes what is read, when it is read', () => {
  mkdirSync(path.join(root, 'content'), { recursive: true });
  writeFileSync(path.join(root, 'content/editorial-line.mdx'), editorialLine());
  writeMetricsData(root, { posts: 120, seed: 3 });
  const line = loadReportSources(root).line;
  const report = (dataset: ReturnType<typeof loadDataset>['dataset'], month: string) => {
    const built = buildReport({ dataset, line, period: monthPeriod(month), atMs: AT });
    return reportMarkdown(built) + reportCsv(built);
  };

  it('a month is reported from its own lines: the other months\' lines are never parsed', () => {
    const fresh = loadDataset(root, ZONE, { cache: false }).dataset;
    const expected = report(fresh, '2027-11');
    loadDataset(root, ZONE); // writes the cache
    const cacheDir = path.join(root, DATASET_CACHE_DIR);
    // Every channel's March, clicks included (a clicks objective adds up the clicks of every post since its start).
    expect(line.objectives.some((o) => o.kpi === 'clicks')).toBe(true);
    expect(fresh.posts.some((p) => p.day < '2027-04' && p.latestClicks !== undefined)).toBe(true);
    const march = readdirSync(cacheDir).filter((name) => name.startsWith('posts~2027-03~'));
    expect(march.length).toBe(fresh.byChannel.size);
    let damaged = 0;
    for (const name of march) damaged += damageFoldLines(path.join(cacheDir, name));
    expect(damaged).toBeGreaterThan(20);

    const cached = loadDataset(root, ZONE).dataset;
    expect(cached.posts.length).toBe(fresh.posts.length);
    // What every post carries is at hand without its line: post, channel, day, rate, lift, campaign, pillar, clicks.
    const scalars = (posts: typeof fresh.posts) => JSON.stringify(posts.map((p) => [p.channel, p.day, p.time, p.rate, p.lift, p.pub.post, p.pub.campaign, p.pub.pillar, p.pub.exp, p.givenMetrics, p.latestClicks]));
    expect(scalars(cached.posts)).toBe(scalars(fresh.posts));
    expect(report(cached, '2027-11')).toBe(expected);

    // March's readings were never parsed: reading one now is the first time, and its line is damaged.
    const inMarch = cached.posts.find((p) => p.day >= '2027-03-02' && p.day <= '2027-03-30')!;
    let error: unknown;
    try {
      void inMarch.latest;
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(InputError);
    expect((error as Error).message).toMatch(/^\.cadence\/cache\/metrics-dataset\/posts~2027-03~\w+\.jsonl\.jsonl: a line of this cache file is damaged\. Delete \.cadence\/cache\/metrics-dataset\/ and run the command again/);
    expect(() => inMarch.pub.title).toThrow(InputError);
    expect(() => inMarch.reference).toThrow(InputError);

    // After the hourly job appended rows to November's files (the build kept is then stale: posts are built
    // again, their local times, rates and lifts), still no March line is read.
    const november = readdirSync(path.join(root, 'data/metrics/posts/2027-11')).sort()[0]!;
    const novemberFile = path.join(root, 'data/metrics/posts/2027-11', november);
    const [first] = readFileSync(novemberFile, 'utf8').split('\n');
    const row = JSON.parse(first!) as { post: string; ch: string };
    appendFileSync(novemberFile, `${JSON.stringify({ post: 'ajout-novembre', ch: row.ch, rid: 'r-1', pub: '2027-11-20T10:00:00.000Z', title: 'Ajout’' })}\n${JSON.stringify({ post: 'ajout-novembre', ch: row.ch, age: '24h', at: '2027-11-21T10:00:00Z', ageH: 24, likes: 7, reach: 70 })}\n`);
    const appended = loadDataset(root, ZONE).dataset;
    const freshAfter = loadDataset(root, ZONE, { cache: false }).dataset;
    expect(appended.posts.find((p) => p.pub.post === 'ajout-novembre')?.rate).toBe(0.1);
    expect(report(appended, '2027-11')).toBe(report(freshAfter, '2027-11'));
    expect(scalars(appended.posts)).toBe(scalars(freshAfter.posts));
    expect(() => appended.posts.find((p) => p.day >= '2027-03-02' && p.day <= '2027-03-30')!.latest).toThrow(InputError);

    // Deleted as the message says: the next load rebuilds it, March included.
    rmSync(cacheDir, { recursive: true, force: true });
    expect(report(loadDataset(root, ZONE).dataset, '2027-03')).toBe(report(freshAfter, '2027-03'));
    expect(report(loadDataset(root, ZONE).dataset, '2027-03')).toBe(report(freshAfter, '2027-03'));
    writeFileSync(novemberFile, readFileSync(novemberFile, 'utf8').split('\n').filter((l) => !l.includes('ajout-novembre')).join('\n'));
  });

  it('plainPost: a cached post as a plain object a worker thread can post whole (a structured clone drops getters)', () => {
    rmSync(path.join(root, DATASET_CACHE_DIR), { recursive: true, force: true });
    loadDataset(root, ZONE);
    const post = loadDataset(root, ZONE).dataset.posts.find((p) => p.pub.title !== undefined && p.latest !== undefined)!;
    expect(structuredClone(post).pub.title).toBeUndefined();
    const sent = structuredClone(plainPost(post));
    expect(sent.pub).toEqual(JSON.parse(JSON.stringify(post.pub)));
    expect(sent.pub.title).toBe(post.pub.title);
    expect(sent.latest).toEqual(post.latest);
    expect(sent.reference).toEqual(post.reference);
    expect(JSON.stringify(sent)).toBe(JSON.stringify(post).replace('"followersAtPublication"', `"latestClicks":${JSON.stringify(post.latestClicks)},"followersAtPublication"`).replace('"latestClicks":undefined,', ''));
  });

  it('a cache file whose fold lines are not arrays is not taken: the dataset is read from data/metrics/', () => {
    const fresh = loadDataset(root, ZONE, { cache: false }).dataset;
    const cacheDir = path.join(root, DATASET_CACHE_DIR);
    rmSync(cacheDir, { recursive: true, force: true });
    loadDataset(root, ZONE);
    const file = path.join(cacheDir, readdirSync(cacheDir).find((name) => name.startsWith('posts~2027-05~'))!);
    const lines = readFileSync(file, 'utf8').split('\n');
    lines[2] = 'cut';
    writeFileSync(file, lines.join('\n'));
    // index.json still has the file's size and time: the damaged cache is read, refused, the data file parsed.
    const loaded = loadDataset(root, ZONE).dataset;
    expect(JSON.stringify(loaded.posts)).toBe(JSON.stringify(fresh.posts));
  });
});

describe('a first load without any cache, on worker threads as well', () => {
  it('every file is parsed once, on some thread, and cached: the load then reads the caches and gives the dataset of a plain read', () => {
    const brand = mkdtempSync(path.join(tmpdir(), 'cadence-prefill-'));
    try {
      mkdirSync(path.join(brand, 'content'), { recursive: true });
      writeFileSync(path.join(brand, 'content/editorial-line.mdx'), editorialLine());
      writeMetricsData(brand, { posts: 60, seed: 9 });
      // A file whose last line is cut short: not cached (the line may yet be completed), still read.
      const cut = path.join(brand, 'data/metrics/posts/2027-04', readdirSync(path.join(brand, 'data/metrics/posts/2027-04')).sort()[0]!);
      appendFileSync(cut, '{"post":"cut","ch":');
      const expected = JSON.stringify(loadDataset(brand, ZONE, { cache: false }));
      const cacheDir = path.join(brand, DATASET_CACHE_DIR);
      prefillDatasetCache(brand, 2, 0);
      const cached = readdirSync(cacheDir).sort();
      const dataFiles = readdirSync(path.join(brand, 'data/metrics'), { recursive: true }).map(String).filter((name) => name.endsWith('.jsonl'));
      expect(cached).toHaveLength(dataFiles.length - 1);
      expect(cached).not.toContain(`posts~2027-04~${path.basename(cut)}.jsonl`);
      expect(cached.some((name) => name.endsWith('.tmp'))).toBe(false);
      const written = Object.fromEntries(cached.map((name) => [name, readFileSync(path.join(cacheDir, name), 'utf8')]));
      expect(JSON.stringify(loadDataset(brand, ZONE))).toBe(expected);
      // The load took the threads' caches as they were (it wrote its index and build, not the files' folds).
      for (const [name, text] of Object.entries(written)) expect(readFileSync(path.join(cacheDir, name), 'utf8'), name).toBe(text);
      // With a cache in place, nothing is parsed ahead again.
      const before = readdirSync(cacheDir).map((name) => [name, readFileSync(path.join(cacheDir, name), 'utf8')]);
      prefillDatasetCache(brand, 2, 0);
      expect(readdirSync(cacheDir).map((name) => [name, readFileSync(path.join(cacheDir, name), 'utf8')])).toEqual(before);
    } finally {
      rmSync(brand, { recursive: true, force: true });
    }
  });
});
