/**
 * The internal site's reporting section: the dataset of data/metrics/ built once per build, the
 * dashboard's report (objectives today, the last 90 days), and one report per month with data (the
 * frozen data/reports/<month>/report.json when the monthly job committed one, else computed).
 */
import { localDay } from '../core/calendar/model.ts';
import type { ChannelId } from '../core/channels.ts';
import type { Dataset, MeasuredPost } from '../core/metrics/dataset.ts';
import { postsPerWeek, type CadenceRow } from '../core/metrics/kpi.ts';
import { addDay } from '../core/metrics/plan.ts';
import { buildReport, monthPeriod, type Report } from '../core/metrics/report.ts';
import type { EditorialLine } from '../core/schema/index.ts';
import { readFrozen, readFrozenReport } from '../metrics/report/freeze.ts';
import { readFirstReplies } from '../metrics/report/load.ts';
import { reportCsv } from '../metrics/report/render.ts';
import { loadDataset } from '../metrics/store.ts';

export interface Reporting {
  dataset: Dataset;
  /** The dashboard: objectives at the build time, content of the last 90 days. */
  current: Report;
  months: string[];
  today: string;
  /** The month's report; its post rows (`posts`) are read or made only when asked (the CSV of a month not frozen). */
  month(month: string): Report;
  /** The month's CSV, as UTF-8 bytes: the frozen data/reports/<month>/report.csv when there is one (as sent to the client), else made. */
  monthCsv(month: string): Buffer;
  channels: ChannelId[];
  /** Posts per week of each channel over the last 12 weeks (the channel pages). */
  lastWeeks: CadenceRow[];
  /** A channel's last `count` publications with a lift, oldest first (the channel page). */
  recentLifts(channel: ChannelId, count: number): MeasuredPost[];
}

const KEY = Symbol.for('cadence.site.reporting');

export function loadReporting(root: string, line: EditorialLine, nowMs: number): Reporting {
  const cache = globalThis as unknown as Record<symbol, { key: string; value: Reporting } | undefined>;
  const key = `${root}:${nowMs}`;
  if (cache[KEY]?.key === key) return cache[KEY].value;
  const { dataset } = loadDataset(root, line.brand.timezone);
  const replies = readFirstReplies(root);
  const today = localDay(nowMs, line.brand.timezone);
  const current = buildReport({ dataset, line, period: { from: addDay(today, -89), to: today }, atMs: nowMs, replies });
  const thisMonth = today.slice(0, 7);
  const months = [...new Set(dataset.posts.map((p) => p.day.slice(0, 7)))].filter((m) => m < thisMonth).sort().reverse();
  const reports = new Map<string, Report>();
  const value: Reporting = {
    dataset,
    current,
    months,
    today,
    channels: [...dataset.byChannel.keys()].sort(),
    lastWeeks: postsPerWeek(dataset, line, addDay(today, -83), today),
    recentLifts(channel, count) {
      const posts = dataset.byChannel.get(channel) ?? [];
      const recent: MeasuredPost[] = [];
      for (let i = posts.length - 1; i >= 0 && recent.length < count; i--) if (posts[i]!.lift !== undefined) recent.push(posts[i]!);
      return recent.reverse();
    },
    monthCsv(month) {
      return readFrozen(root, month, 'report.csv') ?? Buffer.from(reportCsv(value.month(month)));
    },
    month(month) {
      let report = reports.get(month);
      if (!report) reports.set(month, (report = readFrozenReport(root, month) ?? buildReport({ dataset, line, period: monthPeriod(month), atMs: nowMs, replies })));
      return report;
    },
  };
  cache[KEY] = { key, value };
  return value;
}
