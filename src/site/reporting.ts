/**
 * The internal site's reporting section: the dataset of data/metrics/ built once per build, the
 * dashboard's report (objectives today, the last 90 days), and one report per month with data (the
 * frozen data/reports/<month>/report.json when the monthly job committed one, else computed).
 *
 * What the pages show is taken from the dataset here, once; the dataset itself is kept only while a month
 * still has to be computed from it. With every month frozen, its ~150 MB (a year of 100,000 publications)
 * are let go before the pages render, and the rest of the build does not carry them through each garbage
 * collection.
 */
import { localDay } from '../core/calendar/model.ts';
import type { ChannelId } from '../core/channels.ts';
import { experiments, type ExperimentResult } from '../core/metrics/analysis.ts';
import type { Dataset, FollowerSeries, MeasuredPost } from '../core/metrics/dataset.ts';
import { postsPerWeek, type CadenceRow, type FirstReplyRecord } from '../core/metrics/kpi.ts';
import { addDay } from '../core/metrics/plan.ts';
import { buildReport, campaignRows, monthPeriod, type CampaignRow, type Report } from '../core/metrics/report.ts';
import type { EditorialLine } from '../core/schema/index.ts';
import { isFrozen, readFrozen, readFrozenReport } from '../metrics/report/freeze.ts';
import { readFirstReplies } from '../metrics/report/load.ts';
import { reportCsv } from '../metrics/report/render.ts';
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

export function loadReporting(root: string, line: EditorialLine, nowMs: number): Reporting {
  const cache = globalThis as unknown as Record<symbol, { key: string; value: Reporting } | undefined>;
  const key = `${root}:${nowMs}`;
  if (cache[KEY]?.key === key) return cache[KEY].value;
  const shown = fromDataset(root, line, nowMs);
  const reports = new Map<string, Report>();
  const value: Reporting = {
    ...shown.data,
    followers: (channel) => shown.followers.get(channel) ?? [],
    recentLifts: (channel) => shown.recent.get(channel) ?? [],
    monthCsv(month) {
      return readFrozen(root, month, 'report.csv') ?? Buffer.from(reportCsv(value.month(month)));
    },
    month(month) {
      let report = reports.get(month);
      if (!report) {
        report = readFrozenReport(root, month) ?? shown.compute?.(month);
        if (!report) throw new Error(`data/reports/${month}/report.json is gone since the build started`);
        reports.set(month, report);
      }
      return report;
    },
  };
  cache[KEY] = { key, value };
  return value;
}

type Shown = Pick<Reporting, 'publications' | 'current' | 'months' | 'today' | 'channels' | 'campaigns' | 'experiments' | 'lastWeeks'>;

/**
 * What the pages show, taken from data/metrics/'s dataset; `compute` (a month's report), only while a month is
 * not frozen, is all that keeps the dataset once this returns (no closure of `loadReporting` sees it).
 */
function fromDataset(root: string, line: EditorialLine, nowMs: number): { data: Shown; followers: Map<ChannelId, ReturnType<FollowerSeries['series']>>; recent: Map<ChannelId, MeasuredPost[]>; compute: ((month: string) => Report) | undefined } {
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
