/**
 * The reporting section's data prepared on a thread beside the internal site's build (src/site/reporting-thread.ts):
 * the pages must get what `loadReporting` gives on the main thread, months frozen or computed, and fall
 * back to it when the thread has nothing for them.
 */
import { mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { editorialLine } from '../../bench/generate.ts';
import { freezeMonth, writeMetricsData } from '../../bench/metrics-data.ts';
import { plainPost } from '../../src/core/metrics/dataset.ts';
import { periodLabel, reportBodyHtml } from '../../src/metrics/report/render.ts';
import { loadEditorialLine } from '../../src/site/content.ts';
import { loadReporting, prepareReporting, reportingFromData, type Reporting, type ReportingData } from '../../src/site/reporting.ts';
import { handoffReport, reportingForPages, startReportingThread } from '../../src/site/reporting-thread.ts';

const AT = Date.parse('2028-01-08T06:00:00Z');
const CACHE = Symbol.for('cadence.site.reporting');
const THREAD = Symbol.for('cadence.site.reporting.thread');
type Handoff = Parameters<typeof handoffReport>[0] & { data: Promise<ReportingData>; stop(): Promise<void> };
const slots = globalThis as unknown as Record<symbol, Handoff | undefined>;
/** The SVG ids count the charts drawn so far in the process (src/site/charts.ts): not part of what a page says. */
const withoutIds = (html: string) => html.replace(/\b(chart|hatch)-\d+/g, '$1-n');
const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});
// Each case makes its Reporting afresh (the build's is kept per brand and build time).
beforeEach(() => {
  slots[CACHE] = undefined;
  slots[THREAD] = undefined;
});
afterEach(async () => {
  await slots[THREAD]?.stop();
});

/** A brand with a year of metrics, the monthly job run on it, then two months' freezes removed: both paths of a month. */
function brand(): string {
  const root = mkdtempSync(path.join(tmpdir(), 'cadence-reporting-thread-'));
  dirs.push(root);
  mkdirSync(path.join(root, 'content'), { recursive: true });
  writeFileSync(path.join(root, 'content/editorial-line.mdx'), editorialLine());
  writeMetricsData(root, { posts: 120, seed: 3, onMonthlyRun: (atMs: number) => freezeMonth(root, atMs) });
  for (const month of ['2027-04', '2027-11']) rmSync(path.join(root, 'data/reports', month), { recursive: true });
  return root;
}

/** Everything the reporting pages read of a Reporting. */
function seen(reporting: Reporting) {
  const { current } = reporting;
  return {
    publications: reporting.publications,
    current: Object.fromEntries(Object.keys(current).filter((key) => key !== 'posts').map((key) => [key, current[key as keyof typeof current]])),
    months: reporting.months.map((month) => {
      const report = reporting.month(month);
      return { month, label: periodLabel(report), period: report.period, body: withoutIds(reportBodyHtml(report)), csv: reporting.monthCsv(month).toString('hex') };
    }),
    today: reporting.today,
    channels: reporting.channels,
    campaigns: reporting.campaigns,
    // Posts compared whole, as plain objects: a dataset's post reads its title and readings through getters.
    experiments: reporting.experiments.map((e) => ({ ...e, arms: e.arms.map((arm) => ({ ...arm, posts: arm.posts.map(plainPost) })) })),
    lastWeeks: reporting.lastWeeks,
    followers: reporting.channels.map((channel) => reporting.followers(channel)),
    recent: reporting.recentLifts(channel0(reporting)).map(plainPost),
    recentAll: reporting.channels.map((channel) => reporting.recentLifts(channel).map(plainPost)),
  };
}
const channel0 = (reporting: Reporting) => reporting.channels[0]!;

describe('the reporting data prepared on a thread', () => {
  const root = brand();
  const line = loadEditorialLine(root);
  const onMainThread = () => {
    slots[CACHE] = undefined;
    return seen(loadReporting(root, line, AT));
  };
  const expected = onMainThread();
  const onMainThreadError = () => {
    slots[CACHE] = undefined;
    try {
      loadReporting(root, line, AT).month('2027-06');
    } catch (error) {
      return (error as Error).message;
    }
    throw new Error('the damaged month was read without an error');
  };

  it('sent as a thread sends it (structured clone), it shows what loadReporting shows: months frozen and computed, CSV bytes and all', () => {
    expect(expected.months).toHaveLength(12);
    expect(expected.publications).toBeGreaterThan(0);
    const data = prepareReporting(root, line, AT);
    expect(data.months.filter(([, month]) => month.csv).map(([month]) => month)).toEqual(['2027-11', '2027-04']);
    const sent = structuredClone(data, { transfer: data.months.flatMap(([, month]) => (month.csv ? [month.csv.buffer as ArrayBuffer] : [])) });
    expect(seen(reportingFromData(root, sent))).toEqual(expected);
    // No page shows the post rows: they are not sent, and asking for them says so.
    expect(() => reportingFromData(root, sent).current.posts).toThrow('prepared on another thread without its post rows');
  });

  it('from a real worker thread, the pages take its data and do not load data/metrics/ again', async () => {
    startReportingThread(root, line, AT);
    await slots[THREAD]!.data;
    // With data/metrics/ gone, only the thread's data can show the year.
    renameSync(path.join(root, 'data/metrics'), path.join(root, 'data/metrics.aside'));
    try {
      expect(seen(await reportingForPages(root, line, AT))).toEqual(expected);
    } finally {
      renameSync(path.join(root, 'data/metrics.aside'), path.join(root, 'data/metrics'));
    }
    // The build log's line (the config's integration says it once the pages are written).
    expect(handoffReport(slots[THREAD]!)).toMatch(/^reporting data prepared on a thread, ready \d+\.\d s before the pages asked$/);
  });

  it('the build log says whether the pages waited for the thread, and when it failed', () => {
    expect(handoffReport({ readyMs: 5_000, askedMs: 3_500, outcome: { used: true } })).toBe('reporting data prepared on a thread; the pages waited 1.5 s for it');
    expect(handoffReport({ askedMs: 3_500, outcome: { used: false, why: 'boom' } })).toBe('the reporting thread failed (boom): the reporting data was loaded on the main thread');
    expect(handoffReport({ readyMs: 5_000 })).toBeUndefined();
  });

  it('a thread started for another build time is not used: the pages load the data themselves', async () => {
    startReportingThread(root, line, AT + 1);
    expect(seen(await reportingForPages(root, line, AT))).toEqual(expected);
  });

  it('without a thread (a dev server), the pages load the data themselves', async () => {
    expect(seen(await reportingForPages(root, line, AT))).toEqual(expected);
  });

  it('when the thread fails, the pages load the data themselves and show the error loadReporting shows', async () => {
    // A frozen month damaged by hand: loadReporting names it when its page renders, the thread as it starts.
    const damaged = path.join(root, 'data/reports/2027-06/report.json');
    const text = readFileSync(damaged, 'utf8');
    writeFileSync(damaged, text.slice(0, text.length >> 1));
    try {
      const direct = onMainThreadError();
      expect(direct).toContain('2027-06');
      slots[CACHE] = undefined;
      startReportingThread(root, line, AT);
      await expect(slots[THREAD]!.data).rejects.toThrow(direct);
      const reporting = await reportingForPages(root, line, AT);
      expect(handoffReport(slots[THREAD]!)).toContain(`the reporting thread failed (${direct}`);
      expect(reporting.publications).toBe(expected.publications);
      expect(() => reporting.month('2027-06')).toThrow(direct);
    } finally {
      writeFileSync(damaged, text);
    }
  });
});
