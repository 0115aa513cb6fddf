/**
 * The shortcuts a month's report takes (docs/benchmarks.md, "Metrics: a month's report") give what the
 * plain computations give: a channel's slots from its index, in windows asked in any order; the top and
 * flop picked out rather than sorted; the post rows one at a time; a period's blog rows by binary search;
 * a rate without its median.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { editorialLine } from '../../bench/generate.ts';
import { writeMetricsData } from '../../bench/metrics-data.ts';
import { slotAnalysis, slotAnalysisBetween, topAndFlop } from '../../src/core/metrics/analysis.ts';
import { postsBetween, type Dataset, type MeasuredPost } from '../../src/core/metrics/dataset.ts';
import { blogBetween, engagementRate, engagementSums } from '../../src/core/metrics/kpi.ts';
import { addDay } from '../../src/core/metrics/plan.ts';
import { buildReport, forEachPostRow, monthPeriod, type PostRow } from '../../src/core/metrics/report.ts';
import { loadReportSources } from '../../src/metrics/report/load.ts';

const root = mkdtempSync(path.join(tmpdir(), 'cadence-report-shortcuts-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
mkdirSync(path.join(root, 'content'), { recursive: true });
writeFileSync(path.join(root, 'content/editorial-line.mdx'), editorialLine());
writeMetricsData(root, { posts: 400, seed: 11 });
const { dataset, line, replies } = loadReportSources(root);

/** A small seeded generator: the same windows every run. */
function random(seed: number): () => number {
  let a = seed;
  return () => ((a = (a * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648);
}

describe("a month's report takes shortcuts that change nothing", () => {
  it('slots of a window from the channel index equal slotAnalysis of the window, windows asked in any order', () => {
    const first = dataset.posts[0]!.day;
    const next = random(3);
    let cells = 0;
    for (let i = 0; i < 60; i++) {
      const from = addDay(first, Math.floor(next() * 400) - 20);
      const to = addDay(from, Math.floor(next() * 200));
      for (const [channel, posts] of dataset.byChannel) {
        const slots = slotAnalysisBetween(channel, posts, from, to, line);
        expect(slots).toEqual(slotAnalysis(channel, postsBetween(posts, from, to), line));
        cells += slots.cells.length;
      }
    }
    expect(cells).toBeGreaterThan(100);
  });

  it('top and flop picked out equal the sorted ranking, ties and short lists included', () => {
    const sorted = (posts: readonly MeasuredPost[], count: number) => {
      const ranked = posts.filter((p) => p.lift !== undefined).map((post) => ({ post, lift: post.lift! }));
      ranked.sort((a, b) => b.lift - a.lift || a.post.publishedMs - b.post.publishedMs);
      const top = ranked.slice(0, count);
      return { top, flop: ranked.slice(-count).reverse().filter((r) => !top.includes(r)) };
    };
    const ids = (result: ReturnType<typeof topAndFlop>) => [result.top.map((r) => `${r.post.pub.post}:${r.post.channel}`), result.flop.map((r) => `${r.post.pub.post}:${r.post.channel}`)];
    const next = random(5);
    for (let i = 0; i < 200; i++) {
      const start = Math.floor(next() * dataset.posts.length);
      const list = dataset.posts.slice(start, start + Math.floor(next() * 40));
      // Ties: the same lift on posts published at the same instant.
      const tied = list.map((post, j) => (j % 3 === 0 ? { ...post, lift: 1, publishedMs: 0 } : post));
      for (const count of [1, 3, 5, 50]) {
        expect(ids(topAndFlop(list, count))).toEqual(ids(sorted(list, count)));
        expect(ids(topAndFlop(tied, count))).toEqual(ids(sorted(tied, count)));
      }
    }
  });

  it("a report's post rows one at a time are its posts; a report read from JSON gives its own", () => {
    const report = buildReport({ dataset, line, period: monthPeriod(dataset.posts[100]!.day.slice(0, 7)), atMs: Date.parse('2028-01-08T06:00:00Z'), replies });
    const rows: PostRow[] = [];
    forEachPostRow(report, (row) => rows.push(row));
    expect(rows.length).toBeGreaterThan(0);
    expect(rows).toEqual(report.posts);
    const read = JSON.parse(JSON.stringify(report)) as typeof report;
    const readRows: PostRow[] = [];
    forEachPostRow(read, (row) => readRows.push(row));
    expect(readRows).toEqual(read.posts);
  });

  it("a period's blog rows by binary search are the rows a filter keeps, rows in order or not", () => {
    expect(dataset.blog.length).toBeGreaterThan(100);
    const shuffled: Dataset = { ...dataset, blog: [...dataset.blog].reverse() };
    for (const data of [dataset, shuffled]) {
      for (const [from, to] of [['2027-01-01', '2027-01-31'], ['2027-03-15', '2027-03-15'], ['2020-01-01', '2020-12-31'], ['2027-06-01', undefined]] as const) {
        const kept = blogBetween(data, from, to).filter((row) => row.d >= from && (to === undefined || row.d <= to));
        expect(kept).toEqual(data.blog.filter((row) => row.d >= from && (to === undefined || row.d <= to)));
      }
    }
  });

  it('a rate without its median is the rate', () => {
    for (const pinned of [undefined, 'reach', 'views', 'followers'] as const) {
      for (const [, posts] of dataset.byChannel) {
        const full = engagementRate(posts, pinned);
        expect(engagementSums(posts, pinned)).toEqual({ value: full.value, bases: full.bases });
      }
    }
  });
});
