/**
 * The report and the dashboard's data, on a generated year of metrics with the oddities real files get
 * (a reading stored twice with other values, a publication stored twice, lines cut short, blank lines,
 * readings taken late, posts without their +7 d reading, a reading before its descriptor), must stay
 * exactly what they were before the reporting was made faster (docs/benchmarks.md, "Metrics: speed"):
 * the snapshot below was taken with the code before that work, and every output is compared with it.
 */
import { appendFileSync, cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync, mkdirSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { editorialLine } from '../../bench/generate.ts';
import { writeMetricsData } from '../../bench/metrics-data.ts';
import { buildReport, monthPeriod, type Report } from '../../src/core/metrics/report.ts';
import { addDay } from '../../src/core/metrics/plan.ts';
import { loadReportSources } from '../../src/metrics/report/load.ts';
import { DATASET_CACHE_DIR } from '../../src/metrics/dataset-cache.ts';
import { appendRows, loadDataset, loadMetrics } from '../../src/metrics/store.ts';
import { buildDataset } from '../../src/core/metrics/dataset.ts';
import { reportCsv, reportMarkdown } from '../../src/metrics/report/render.ts';
import { loadReporting } from '../../src/site/reporting.ts';

const root = mkdtempSync(path.join(tmpdir(), 'cadence-dataset-eq-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const AT = '2028-01-08T06:00:00Z';
const digest = (text: string | Uint8Array) => createHash('sha256').update(text).digest('hex').slice(0, 16);

function makeBrand(): void {
  mkdirSync(path.join(root, 'content'), { recursive: true });
  writeFileSync(path.join(root, 'content/editorial-line.mdx'), editorialLine());
  writeMetricsData(root, { posts: 150, seed: 5 });
  const postsDir = path.join(root, 'data/metrics/posts');
  let n = 0;
  for (const month of readdirSync(postsDir).sort()) {
    for (const name of readdirSync(path.join(postsDir, month)).sort()) {
      const file = path.join(postsDir, month, name);
      const lines = readFileSync(file, 'utf8').split('\n').filter(Boolean);
      const out: string[] = [];
      for (const text of lines) {
        const row = JSON.parse(text) as Record<string, unknown>;
        n++;
        // Every 7th post loses its +7 d reading; every 11th has its +24 h reading taken very late.
        const serial = Number(/(\d+)$/.exec(String(row.post))?.[1] ?? 0);
        if (row.age === '7d' && serial % 7 === 0) continue;
        if (row.age === '24h' && serial % 11 === 0) Object.assign(row, { ageH: 200.5, late: true });
        out.push(JSON.stringify(row));
        // A reading stored twice by racing runs, with other values: the first counts.
        if (row.age !== undefined && n % 13 === 0) out.push(JSON.stringify({ ...row, likes: 99_999, reach: 1, late: true }));
        // A publication stored twice with another date: the first counts.
        if (row.age === undefined && n % 17 === 0) out.push(JSON.stringify({ ...row, pub: '2027-03-03T03:03:00.000Z', title: 'Doublon ’' }));
        if (n % 29 === 0) out.push('');
        if (n % 31 === 0) out.push('{"post":"cut short","ch":');
      }
      // A reading that came before its descriptor (a merge put it there).
      if (n % 5 === 0 && out.length > 3) out.unshift(out.splice(1, 1)[0]!);
      writeFileSync(file, `${out.join('\n')}\n`);
    }
  }
  appendFileSync(path.join(postsDir, '2027-06/instagram.jsonl'), '{"post":"nowhere","ch":"instagram","age":"7d","at":"2027-06-09T00:00:00Z","ageH":170,"likes":5}\n');
}

/** Each cache file's modification time: which ones a load wrote again. */
function cacheTimes(dir: string): Record<string, number> {
  return Object.fromEntries(readdirSync(dir).map((name) => [name, statSync(path.join(dir, name)).mtimeMs]));
}

function summary(report: Report): unknown {
  return {
    period: report.period,
    posts: report.posts.length,
    channels: report.channels.map((c) => [c.channel, c.publications, c.missing.join('+'), c.lateReadings, c.rate]),
    json: digest(JSON.stringify(report)),
    markdown: digest(reportMarkdown(report)),
    csv: digest(reportCsv(report)),
  };
}

describe('reporting gives the same results as before it was made faster', () => {
  makeBrand();

  it('cadence report: every month of the year and the last 90 days', () => {
    const sources = loadReportSources(root);
    expect(sources.problems.length).toBeGreaterThan(0);
    const atMs = Date.parse(AT);
    const months = [...new Set(sources.dataset.posts.map((p) => p.day.slice(0, 7)))].sort();
    const reports = months.map((month) => summary(buildReport({ dataset: sources.dataset, line: sources.line, period: monthPeriod(month), atMs, replies: sources.replies })));
    const last = buildReport({ dataset: sources.dataset, line: sources.line, period: { from: addDay('2028-01-08', -89), to: '2028-01-08' }, atMs, replies: sources.replies });
    expect({ problems: sources.problems, posts: sources.dataset.posts.length, reports, last: summary(last) }).toMatchSnapshot();
  });

  it('the cache of the folds (.cadence/cache): used while the files are the same, never a different dataset', () => {
    const fresh = () => loadDataset(root, 'Europe/Paris', { cache: false });
    const summaryOf = (loaded: ReturnType<typeof fresh>) => JSON.stringify([loaded.problems, loaded.dataset.posts, [...loaded.dataset.byChannel.keys()], loaded.dataset.blog, loaded.dataset.blogFirstDay, loaded.dataset.runs, loaded.dataset.followers.channels().map((c) => loaded.dataset.followers.series(c))]);
    const cacheDir = path.join(root, DATASET_CACHE_DIR);
    rmSync(cacheDir, { recursive: true, force: true });
    const first = loadDataset(root, 'Europe/Paris');
    expect(existsSync(path.join(cacheDir, 'index.json'))).toBe(true);
    const written = cacheTimes(cacheDir);
    expect(summaryOf(loadDataset(root, 'Europe/Paris'))).toBe(summaryOf(first));
    expect(summaryOf(first)).toBe(summaryOf(fresh()));
    expect(cacheTimes(cacheDir)).toEqual(written); // read, not made again
    // Another time zone: local days and lifts computed again, not taken from the cache.
    expect(summaryOf(loadDataset(root, 'America/New_York'))).toBe(summaryOf(loadDataset(root, 'America/New_York', { cache: false })));
    expect(summaryOf(loadDataset(root, 'America/New_York'))).not.toBe(summaryOf(first));
    expect(summaryOf(loadDataset(root, 'Europe/Paris'))).toBe(summaryOf(first));
  });
  it('the cache after appends, cuts, rewrites, merges and damage: always the dataset of a full read', () => {
    // A copy of the brand: this test changes its files.
    const copy = mkdtempSync(path.join(tmpdir(), 'cadence-dataset-inc-'));
    try {
      cpSync(path.join(root, 'content'), path.join(copy, 'content'), { recursive: true });
      cpSync(path.join(root, 'data'), path.join(copy, 'data'), { recursive: true });
      const cacheDir = path.join(copy, DATASET_CACHE_DIR);
      const summaryOf = (loaded: ReturnType<typeof loadDataset>) => JSON.stringify([loaded.problems, loaded.dataset.posts, [...loaded.dataset.byChannel.keys()], loaded.dataset.blog, loaded.dataset.blogFirstDay, loaded.dataset.runs, loaded.dataset.followers.channels().map((c) => loaded.dataset.followers.series(c))]);
      const same = (what: string, again = false) => {
        const expected = summaryOf(loadDataset(copy, 'Europe/Paris', { cache: false }));
        expect(summaryOf(loadDataset(copy, 'Europe/Paris')), what).toBe(expected);
        // …and the cache it left gives it again.
        if (again) expect(summaryOf(loadDataset(copy, 'Europe/Paris')), `${what}, read again`).toBe(expected);
        return expected;
      };
      const posts = (month: string, channel: string) => path.join(copy, 'data/metrics/posts', month, `${channel}.jsonl`);
      const lines = (file: string) => readFileSync(file, 'utf8').split('\n').filter(Boolean);
      const json = (row: object) => `${JSON.stringify(row)}\n`;
      same('first load');
      const december = posts('2027-12', 'x');
      const before = cacheTimes(cacheDir);

      // Appended, as the hourly job does: only that file's cache is written again.
      const post = '2027-12-30-appended';
      appendFileSync(december, json({ post, ch: 'x', rid: 'x-1', pub: '2027-12-30T10:00:00.000Z', title: 'Ajouté ’' }) + json({ post, ch: 'x', age: '1h', at: '2027-12-30T11:00:00Z', ageH: 1, likes: 3 }));
      same('appended');
      expect(loadDataset(copy, 'Europe/Paris').dataset.posts.find((p) => p.pub.post === post)?.latest?.likes).toBe(3);
      const after = cacheTimes(cacheDir);
      const rewritten = Object.keys(after).filter((name) => after[name] !== before[name]).sort();
      expect(rewritten).toEqual(['built.jsonl', 'index.json', 'posts~2027-12~x.jsonl.jsonl']);
      appendFileSync(december, json({ post, ch: 'x', age: '24h', at: '2027-12-31T10:00:00Z', ageH: 24, likes: 4 }) + json({ post, ch: 'x', age: '1h', at: '2027-12-30T11:05:00Z', ageH: 1.1, likes: 999 }));
      same('appended again, a reading taken twice', true);

      // Readings of a pair in another month's file (a merge put them there): a milestone the pair lacks, and one it has.
      const rows = (file: string) => lines(file).flatMap((l) => (l.endsWith('}') ? [JSON.parse(l) as Record<string, unknown>] : []));
      const june = rows(posts('2027-06', 'instagram'));
      const lacking = june.find((r) => r.age === undefined && !june.some((s) => s.post === r.post && s.age === '7d'))!;
      const having = june.find((r) => r.age === '24h')!;
      appendFileSync(posts('2027-12', 'instagram'), json({ post: lacking.post, ch: 'instagram', age: '7d', at: '2027-07-01T00:00:00Z', ageH: 170, likes: 77, reach: 1000 }) + json({ ...having, likes: 88_888, late: true, videoViews: 5 }));
      same('a reading in another month\'s file', true);
      // A descriptor written again in a later file, and a reading before any descriptor.
      appendFileSync(posts('2027-11', 'mastodon'), json({ post: 'orphan', ch: 'mastodon', age: '1h', at: '2027-11-02T01:00:00Z', ageH: 1, likes: 1 }));
      appendFileSync(posts('2027-12', 'mastodon'), json({ ...rows(posts('2027-11', 'mastodon')).find((r) => r.age === undefined)!, pub: '2027-12-01T00:00:00.000Z' }) + json({ post: 'orphan', ch: 'mastodon', rid: 'm-1', pub: '2027-11-02T00:00:00.000Z' }));
      same('descriptors across files', true);

      // Cut back (a file rewritten shorter), reordered with the same size, a digit changed with the same size and time.
      const march = posts('2027-03', 'facebook');
      writeFileSync(march, lines(march).slice(0, -5).join('\n') + '\n');
      same('cut');
      writeFileSync(march, [...lines(march)].reverse().join('\n') + '\n');
      same('reordered');
      const { mtime } = statSync(march);
      const text = readFileSync(march, 'utf8');
      writeFileSync(march, text.replace(/"likes":(\d)/, (_m, d: string) => `"likes":${(Number(d) + 1) % 10}`));
      utimesSync(march, mtime, new Date(mtime.getTime() + 1_000));
      same('a digit changed');

      // A last line cut short, then completed by an append (appendRows starts a new line after it).
      appendFileSync(december, '{"post":"cut","ch":"x","rid":"r","pub":"2027-12-');
      same('a cut last line', true);
      appendFileSync(december, '31T00:00:00.000Z"}\n');
      same('the cut line completed');
      appendRows(copy, 'data/metrics/posts/2027-12/x.jsonl', [{ post: 'cut', ch: 'x', age: '1h', at: '2027-12-31T01:00:00Z', ageH: 1, likes: 1 }]);
      same('appended with appendRows');

      // New files, foreign files, files gone; accounts, blog and runs appended.
      mkdirSync(path.join(copy, 'data/metrics/posts/2028-01'), { recursive: true });
      writeFileSync(posts('2028-01', 'threads'), json({ post: 'new', ch: 'threads', rid: 't', pub: '2028-01-02T00:00:00.000Z' }));
      writeFileSync(path.join(copy, 'data/metrics/posts/2028-01/notes.txt'), 'not a metrics file\n');
      writeFileSync(posts('2028-01', 'unknown-network'), '{"post":"p","ch":"nope","rid":"r","pub":"2028-01-01T00:00:00Z"}\n');
      same('new and foreign files');
      rmSync(posts('2027-02', 'bluesky'));
      same('a file gone');
      const accounts = readdirSync(path.join(copy, 'data/metrics/accounts/instagram'))[0]!;
      appendFileSync(path.join(copy, 'data/metrics/accounts/instagram', accounts), json({ ch: 'instagram', d: '2028-01-07', at: '2028-01-07T02:17:00Z', followers: 1 }) + 'not json\n');
      const blog = readdirSync(path.join(copy, 'data/metrics/blog')).sort().at(-1)!;
      appendFileSync(path.join(copy, 'data/metrics/blog', blog), json({ d: '2020-01-01', src: 'x', visits: 1, visitors: 1 }));
      const runs = readdirSync(path.join(copy, 'data/metrics/runs')).sort().at(-1)!;
      appendFileSync(path.join(copy, 'data/metrics/runs', runs), json({ run: 'r-new', at: '2028-01-08T05:17:00Z', channels: { x: { ok: false, error: 'épuisé' } } }));
      same('accounts, blog and runs appended', true);

      // A fresh checkout: every file with a new modification time, the same bytes: the cached folds are used.
      const hit = cacheTimes(cacheDir);
      const later = new Date(Date.now() + 60_000);
      for (const name of readdirSync(path.join(copy, 'data/metrics'), { recursive: true }).map(String)) utimesSync(path.join(copy, 'data/metrics', name), later, later);
      same('a fresh checkout');
      const checkout = cacheTimes(cacheDir);
      expect(Object.keys(checkout).filter((name) => checkout[name] !== hit[name])).toEqual(['index.json']);

      // A damaged cache: cut, garbage, another file's fold under this one's name, the index and the build gone.
      const name = 'posts~2027-12~x.jsonl.jsonl';
      writeFileSync(path.join(cacheDir, name), readFileSync(path.join(cacheDir, name)).subarray(0, 2_000));
      same('a cut cache file');
      writeFileSync(path.join(cacheDir, name), 'not a cache');
      same('a garbage cache file');
      cpSync(path.join(cacheDir, 'posts~2027-11~x.jsonl.jsonl'), path.join(cacheDir, name));
      same('another file\'s cache');
      writeFileSync(path.join(cacheDir, 'index.json'), '{"version":6,"files":{"data/metrics/posts/2027-12/x.jsonl":[1,2,"x"]}}');
      rmSync(path.join(cacheDir, 'built.jsonl'));
      same('a wrong index, no build');
      // Another time zone builds again, and back.
      const zoned = loadDataset(copy, 'America/New_York');
      expect(summaryOf(zoned)).toBe(summaryOf(loadDataset(copy, 'America/New_York', { cache: false })));
      const loaded = loadMetrics(copy);
      expect(same('back to the brand\'s zone', true)).toBe(summaryOf({ dataset: buildDataset(loaded, 'Europe/Paris'), problems: loaded.problems }));
    } finally {
      rmSync(copy, { recursive: true, force: true });
    }
  });

  it('streaming and cached loads give the dataset that buildDataset(loadMetrics()) gives, odd blog rows included', () => {
    const blogFile = path.join(root, 'data/metrics/blog', readdirSync(path.join(root, 'data/metrics/blog')).sort()[3]!);
    const original = readFileSync(blogFile, 'utf8');
    const rows = original.split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>);
    const tagged = rows.find((r) => 'src' in r)!;
    const page = rows.find((r) => 'path' in r)!;
    // A UTM row and a page row stored twice with other values, a line cut short, a row of no known kind.
    appendFileSync(blogFile, `${JSON.stringify({ ...tagged, visits: 9_999 })}\n${JSON.stringify({ ...page, pageviews: 1 })}\n{"d":"2027-0\n{"d":"2027-05-01"}\n`);
    try {
      const expected = buildDataset(loadMetrics(root), 'Europe/Paris');
      const problems = loadMetrics(root).problems;
      for (const loaded of [loadDataset(root, 'Europe/Paris', { cache: false }), loadDataset(root, 'Europe/Paris'), loadDataset(root, 'Europe/Paris')]) {
        expect(loaded.problems).toEqual(problems);
        expect(loaded.dataset.blog).toEqual(expected.blog);
        expect(loaded.dataset.blogFirstDay).toBe(expected.blogFirstDay);
        expect(JSON.stringify(loaded.dataset.posts)).toBe(JSON.stringify(expected.posts));
      }
    } finally {
      writeFileSync(blogFile, original);
    }
  });

  it('the site: the dashboard and the monthly reports', () => {
    const sources = loadReportSources(root);
    const reporting = loadReporting(root, sources.line, Date.parse(AT));
    expect({
      months: reporting.months,
      channels: reporting.channels,
      current: summary(reporting.current),
      reports: reporting.months.map((m) => [m, summary(reporting.month(m)), digest(reporting.monthCsv(m))]),
      followers: reporting.channels.map((c) => reporting.followers(c).length),
    }).toMatchSnapshot();
  });
});
