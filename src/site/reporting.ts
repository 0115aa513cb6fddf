/**
 * The internal site's reporting section: the dataset of data/metrics/ built once per build, the
 * dashboard's report (objectives today, the last 90 days), and one report per month with data (the
 * frozen data/reports/<month>/report.json when the monthly job committed one, else computed).
 *
 * What the pages show is taken from the dataset here, once; the dataset itself is kept only while a month
 * still has to be computed from it. With every month frozen, its ~150 MB (a year of 100,000 publications)
 * are let go before the pages render, and the rest of the build does not carry them through each garbage
 * collection. In a build, all this runs on a thread beside Astro's (reporting-thread.ts): `prepareReporting`
 * there, `reportingFromData` where the pages render.
 */
import { localDay } from '../core/calendar/model.ts';
import type { ChannelId } from '../core/channels.ts';
import { experiments, type ExperimentResult } from '../core/metrics/analysis.ts';
import { plainPost, type Dataset, type FollowerSeries, type MeasuredPost } from '../core/metrics/dataset.ts';
import { postsPerWeek, type CadenceRow, type FirstReplyRecord } from '../core/metrics/kpi.ts';
import { addDay } from '../core/metrics/plan.ts';
import { buildReport, campaignRows, monthPeriod, type CampaignRow, type PostRow, type Report } from '../core/metrics/report.ts';
import type { EditorialLine } from '../core/schema/index.ts';
import { isFrozen, readFrozen, readFrozenReport } from '../metrics/report/freeze.ts';
import { readFirstReplies } from '../metrics/report/replies.ts';
import { reportCsv } from '../metrics/report/render.ts';
import { prefillDatasetCache } from '../metrics/dataset-prefill.ts';
import { loadDataset } from '../metrics/store.ts';

export interface Reporting {
  /** Publications measured (the whole of data/metrics/). */
  publications: number;
  /** The dashboard: objectives at the build time, content of the last 90 days. */
  current: Report;
  months: string[];
  today: string;
  /** The month's report; its post rows (`posts`) are read or made only when asked (the CSV of a month not frozen). */
  month(month: string): Report;
  /** The month's CSV, as UTF-8 bytes: the frozen data/reports/<month>/report.csv when there is one (as sent to the client), else made. */
  monthCsv(month: string): Buffer;
  channels: ChannelId[];
  /** Every campaign ever measured, the whole history (the campaigns page). */
  campaigns: CampaignRow[];
  /** The A/B tests (the experiments page). */
  experiments: ExperimentResult[];
  /** A channel's daily followers (or members), the whole history. */
  followers(channel: ChannelId): ReturnType<FollowerSeries['series']>;
  /** Posts per week of each channel over the last 12 weeks (the channel pages). */
  lastWeeks: CadenceRow[];
  /** A channel's last 15 publications with a lift, oldest first (the channel page). */
  recentLifts(channel: ChannelId): MeasuredPost[];
}

const KEY = Symbol.for('cadence.site.reporting');
const RECENT = 15;
type FollowerDays = ReturnType<FollowerSeries['series']>;

export function loadReporting(root: string, line: EditorialLine, nowMs: number): Reporting {
  return remembered(reportingKey(root, nowMs), () => {
    const shown = fromDataset(root, line, nowMs);
    return assemble(root, shown.data, shown.followers, shown.recent, (month) => readFrozenReport(root, month) ?? shown.compute?.(month));
  });
}

/** The build's reporting for `root` at `nowMs` when this process has it already, else `make()`'s, kept. */
export function remembered(key: string, make: () => Reporting): Reporting {
  const cache = globalThis as unknown as Record<symbol, { key: string; value: Reporting } | undefined>;
  if (cache[KEY]?.key === key) return cache[KEY].value;
  const value = make();
  cache[KEY] = { key, value };
  return value;
}

export const reportingKey = (root: string, nowMs: number) => `${root}:${nowMs}`;

/**
 * Everything the pages show, as plain data that a thread can post (structured clone): what `fromDataset`
 * takes, and every month's report without its post rows — read when frozen, else computed with its CSV's
 * bytes (a frozen CSV is read as bytes where the pages render). Nothing here keeps the dataset.
 */
export interface ReportingData {
  shown: Omit<Shown, 'current'> & { current: Omit<Report, 'posts'> };
  followers: [ChannelId, FollowerDays][];
  recent: [ChannelId, MeasuredPost[]][];
  months: [string, { report: Omit<Report, 'posts'>; csv?: Uint8Array }][];
}

/** What `loadReporting` would give, made at once (src/site/reporting-worker.ts runs it beside the build). */
export function prepareReporting(root: string, line: EditorialLine, nowMs: number): ReportingData {
  const { data, followers, recent, compute } = fromDataset(root, line, nowMs);
  const utf8 = new TextEncoder();
  const months = data.months.map((month): ReportingData['months'][number] => {
    const frozen = readFrozenReport(root, month);
    if (frozen) return [month, { report: withoutPostRows(frozen) }];
    const report = compute?.(month);
    if (!report) throw new Error(`data/reports/${month}/report.json is gone since the build started`);
    return [month, { report: withoutPostRows(report), csv: utf8.encode(reportCsv(report)) }];
  });
  // Posts as plain objects: a cached post reads its title and readings through getters a clone drops.
  const experiments = data.experiments.map((e) => ({ ...e, arms: e.arms.map((arm) => ({ ...arm, posts: arm.posts.map(plainPost) })) as ExperimentResult['arms'] }));
  return { shown: { ...data, current: withoutPostRows(data.current), experiments }, followers: [...followers], recent: [...recent].map(([channel, posts]) => [channel, posts.map(plainPost)]), months };
}

/** The pages' reporting from prepared data (as `loadReporting` would give it over the same files). */
export function reportingFromData(root: string, data: ReportingData): Reporting {
  const months = new Map(data.months);
  const month = (m: string) => {
    const found = months.get(m);
    // A frozen month's rows are in its file (the CSV, when its own file is missing, is made from them).
    return found && withPostRows(found.report, () => readFrozenReport(root, m)?.posts ?? notSent(`the report of ${m}`));
  };
  const csv = (m: string) => {
    const bytes = months.get(m)?.csv;
    return bytes && Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  };
  const shown = { ...data.shown, current: withPostRows(data.shown.current, () => notSent('the dashboard\'s report')) };
  return assemble(root, shown, new Map(data.followers), new Map(data.recent), month, csv);
}

function assemble(
  root: string,
  shown: Shown,
  followers: Map<ChannelId, FollowerDays>,
  recent: Map<ChannelId, MeasuredPost[]>,
  monthReport: (month: string) => Report | undefined,
  computedCsv: (month: string) => Buffer | undefined = () => undefined,
): Reporting {
  const reports = new Map<string, Report>();
  const value: Reporting = {
    ...shown,
    followers: (channel) => followers.get(channel) ?? [],
    recentLifts: (channel) => recent.get(channel) ?? [],
    monthCsv(month) {
      return readFrozen(root, month, 'report.csv') ?? computedCsv(month) ?? Buffer.from(reportCsv(value.month(month)));
    },
    month(month) {
      let report = reports.get(month);
      if (!report) {
        report = monthReport(month);
        if (!report) throw new Error(`data/reports/${month}/report.json is gone since the build started`);
        reports.set(month, report);
      }
      return report;
    },
  };
  return value;
}

/** A report's fields but its post rows (`buildReport` makes them when read: a structured clone would make them all). */
function withoutPostRows(report: Report): Omit<Report, 'posts'> {
  const copy: Record<string, unknown> = {};
  for (const key of Object.keys(report)) if (key !== 'posts') copy[key] = report[key as keyof Report];
  return copy as Omit<Report, 'posts'>;
}

/** A report sent without its post rows (no page shows them), which `rows` gives when asked. */
function withPostRows(report: Omit<Report, 'posts'>, rows: () => readonly PostRow[]): Report {
  return Object.defineProperty({ ...report }, 'posts', { enumerable: false, get: rows }) as Report;
}

function notSent(what: string): never {
  throw new Error(`${what} was prepared on another thread without its post rows`);
}

export type Shown = Pick<Reporting, 'publications' | 'current' | 'months' | 'today' | 'channels' | 'campaigns' | 'experiments' | 'lastWeeks'>;

/**
 * What the pages show, taken from data/metrics/'s dataset; `compute` (a month's report), only while a month is
 * not frozen, is all that keeps the dataset once this returns (no closure of `loadReporting` sees it).
 */
function fromDataset(root: string, line: EditorialLine, nowMs: number): { data: Shown; followers: Map<ChannelId, FollowerDays>; recent: Map<ChannelId, MeasuredPost[]>; compute: ((month: string) => Report) | undefined } {
  // A first build without the dataset's cache parses the year on the machine's other cores too.
  prefillDatasetCache(root);
  const { dataset } = loadDataset(root, line.brand.timezone);
  const replies = readFirstReplies(root);
  const today = localDay(nowMs, line.brand.timezone);
  const thisMonth = today.slice(0, 7);
  const months = [...new Set(dataset.posts.map((p) => p.day.slice(0, 7)))].filter((m) => m < thisMonth).sort().reverse();
  const channels = [...dataset.byChannel.keys()].sort();
  return {
    data: {
      publications: dataset.posts.length,
      current: buildReport({ dataset, line, period: { from: addDay(today, -89), to: today }, atMs: nowMs, replies }),
      months,
      today,
      channels,
      campaigns: campaignRows(dataset, line, { from: dataset.posts[0]?.day ?? today, to: today }),
      experiments: experiments(dataset),
      lastWeeks: postsPerWeek(dataset, line, addDay(today, -83), today),
    },
    followers: new Map(channels.map((channel) => [channel, dataset.followers.series(channel)])),
    recent: new Map(channels.map((channel) => [channel, lastLifted(dataset.byChannel.get(channel) ?? [], RECENT)])),
    compute: months.every((month) => isFrozen(root, month)) ? undefined : monthComputer(dataset, line, nowMs, replies),
  };
}

/** A month's report computed from the dataset (a function of its own, so that only it keeps the dataset alive). */
function monthComputer(dataset: Dataset, line: EditorialLine, nowMs: number, replies: readonly FirstReplyRecord[]): (month: string) => Report {
  return (month) => buildReport({ dataset, line, period: monthPeriod(month), atMs: nowMs, replies });
}

/** The last `count` posts with a lift, oldest first, of a list in publication order. */
function lastLifted(posts: readonly MeasuredPost[], count: number): MeasuredPost[] {
  const found: MeasuredPost[] = [];
  for (let i = posts.length - 1; i >= 0 && found.length < count; i--) if (posts[i]!.lift !== undefined) found.push(posts[i]!);
  return found.reverse();
}
