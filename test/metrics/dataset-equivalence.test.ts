/**
 * The report and the dashboard's data, on a generated year of metrics with the oddities real files get
 * (a reading stored twice with other values, a publication stored twice, lines cut short, blank lines,
 * readings taken late, posts without their +7 d reading, a reading before its descriptor), must stay
 * exactly what they were before the reporting was made faster (docs/benchmarks.md, "Metrics: speed"):
 * the snapshot below was taken with the code before that work, and every output is compared with it.
 */
import { appendFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { editorialLine } from '../../bench/generate.ts';
import { writeMetricsData } from '../../bench/metrics-data.ts';
import { buildReport, monthPeriod, type Report } from '../../src/core/metrics/report.ts';
import { addDay } from '../../src/core/metrics/plan.ts';
import { loadReportSources } from '../../src/metrics/report/load.ts';
import { DATASET_CACHE_FILE } from '../../src/metrics/dataset-cache.ts';
import { loadDataset, loadMetrics } from '../../src/metrics/store.ts';
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

  it('the cache of the fold (.cadence/cache): used while the files are the same, never a different dataset', () => {
    const fresh = () => loadDataset(root, 'Europe/Paris', { cache: false });
    const summaryOf = (loaded: ReturnType<typeof fresh>) => JSON.stringify([loaded.problems, loaded.dataset.posts, [...loaded.dataset.byChannel.keys()], loaded.dataset.blog, loaded.dataset.runs, loaded.dataset.followers.channels().map((c) => loaded.dataset.followers.series(c))]);
    const cacheFile = path.join(root, DATASET_CACHE_FILE);
    rmSync(cacheFile, { force: true });
    const first = loadDataset(root, 'Europe/Paris');
    expect(existsSync(cacheFile)).toBe(true);
    const written = statSync(cacheFile).mtimeMs;
    expect(summaryOf(loadDataset(root, 'Europe/Paris'))).toBe(summaryOf(first));
    expect(summaryOf(first)).toBe(summaryOf(fresh()));
    expect(statSync(cacheFile).mtimeMs).toBe(written); // read, not made again
    // Another time zone: local days and lifts computed again, not taken from the cache.
    expect(summaryOf(loadDataset(root, 'America/New_York'))).toBe(summaryOf(loadDataset(root, 'America/New_York', { cache: false })));
    expect(summaryOf(loadDataset(root, 'America/New_York'))).not.toBe(summaryOf(first));
    expect(summaryOf(loadDataset(root, 'Europe/Paris'))).toBe(summaryOf(first));
    // A new publication and its reading appended: the cache is stale, the reading counts.
    const file = path.join(root, 'data/metrics/posts/2027-12/x.jsonl');
    const post = '2027-12-30-appended';
    appendFileSync(file, `${JSON.stringify({ post, ch: 'x', rid: 'x-1', pub: '2027-12-30T10:00:00.000Z' })}\n${JSON.stringify({ post, ch: 'x', age: '7d', at: '2028-01-06T10:00:00Z', ageH: 168, likes: 123_456 })}\n`);
    const after = loadDataset(root, 'Europe/Paris');
    expect(after.dataset.posts.find((p) => p.pub.post === post)?.reference?.likes).toBe(123_456);
    expect(summaryOf(after)).toBe(summaryOf(fresh()));
    // A damaged cache (cut short, or not ours) is made again.
    writeFileSync(cacheFile, readFileSync(cacheFile).subarray(0, 5_000));
    expect(summaryOf(loadDataset(root, 'Europe/Paris'))).toBe(summaryOf(fresh()));
    writeFileSync(cacheFile, 'not a cache');
    expect(summaryOf(loadDataset(root, 'Europe/Paris'))).toBe(summaryOf(fresh()));
    // Back to the generated files for the next test.
    writeFileSync(file, readFileSync(file, 'utf8').split('\n').slice(0, -3).join('\n') + '\n');
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
