/**
 * The editorial line's objectives, measured. Each KPI has one fixed formula with a declared denominator
 * (docs/metrics.md has the table); progress is measured against the target and paced linearly from the
 * objective's start to its deadline.
 *
 * - engagement-rate: Σ interactions / Σ denominator × 100 (a ratio of sums) over the posts of the
 *   objective's channels published in the `mixWindowDays` (28) days before the last 7 days, on their +7 d
 *   readings; the denominator is reach where the network has it, else views, else the followers the
 *   account had on the day of publication; `basis:` pins one. The median per-post rate is shown beside it.
 * - clicks: visits to the brand's site tagged `utm_source=<channel>` (the UTM tags publishing adds), since
 *   the start; network link clicks are shown apart, never added (the same click would count twice).
 * - followers: Σ of the channels' latest daily follower counts.
 * - members: Σ of the latest member counts (Discord's approximate_member_count, Telegram subscribers).
 */
import type { ChannelId } from '../channels.ts';
import type { EditorialLine } from '../schema/index.ts';
import { addDay } from './plan.ts';
import type { Basis, Dataset, MeasuredPost } from './dataset.ts';
import { basisOf, postsBetween } from './dataset.ts';
import type { BlogRow } from './model.ts';
import { firstIndex, inDayOrder, rowsBetweenDays } from './search.ts';
import { median } from './stats.ts';

export type Objective = EditorialLine['objectives'][number];

export const KNOWN_KPIS = ['engagement-rate', 'clicks', 'followers', 'members'] as const;
export type KnownKpi = (typeof KNOWN_KPIS)[number];

export type ObjectiveStatus = 'reached' | 'ahead' | 'on-track' | 'behind' | 'missed' | 'no-data' | 'not-measurable';

export interface ObjectiveResult {
  id: string;
  label: string;
  kpi: string;
  unit: string | undefined;
  target: number;
  by: string | undefined;
  channels: ChannelId[];
  /** The KPI now (percent for engagement-rate), null when nothing was measured. */
  value: number | null;
  /** The value at the start (count KPIs), for progress. */
  start: number | null;
  startDay: string | undefined;
  /** 0..1+ of the way from start to target; null without data. */
  progress: number | null;
  /** Where a steady pace would be today (0..1), null without a deadline. */
  expected: number | null;
  status: ObjectiveStatus;
  /** Per week still needed to reach the target by the deadline (count KPIs). */
  perWeekNeeded: number | null;
  /** The denominators used, per channel (engagement-rate). */
  bases: Partial<Record<ChannelId, Basis>>;
  /** Median per-post rate (engagement-rate), percent. */
  medianRate: number | null;
  /** Posts the value rests on (engagement-rate). */
  posts: number;
  /** Network-counted link clicks on the objective's channels (clicks; secondary, not added). */
  networkClicks: number | null;
  /** Daily (or weekly for rates) values over the last 90 days, for a sparkline. */
  series: { d: string; value: number }[];
  /** Why a part cannot be measured, as message ids (see reporting-i18n.ts). */
  notes: string[];
}

export interface KpiContext {
  line: EditorialLine;
  /** Today, the brand's local day of the evaluation instant. */
  today: string;
}

const DAY_MS = 86_400_000;

export function utmSource(line: EditorialLine, channel: ChannelId): string {
  return line.utm?.sources?.[channel] ?? channel;
}

/** Engagement rate (percent, ratio of sums) of posts published in [from, to], with the bases used. */
export function engagementRate(posts: readonly MeasuredPost[], pinned?: Basis): { value: number | null; median: number | null; posts: number; bases: Partial<Record<ChannelId, Basis>> } {
  const rates: number[] = [];
  const sums = engagementSums(posts, pinned, rates);
  return { value: sums.value, median: rates.length ? median(rates) * 100 : null, posts: rates.length, bases: sums.bases };
}

/**
 * `engagementRate` without its median: what a sparkline's points and a channel's row show (a month's report
 * asked for 14 rates of 28 days and one per channel, and sorted each one's rates for a median it dropped).
 * `rates`, when given, receives each post's rate.
 */
export function engagementSums(posts: readonly MeasuredPost[], pinned?: Basis, rates?: number[]): { value: number | null; bases: Partial<Record<ChannelId, Basis>> } {
  let sumInteractions = 0;
  let sumDenominator = 0;
  const bases: Partial<Record<ChannelId, Basis>> = {};
  // Unpinned, a post's own basis is enough: a post without a reference reading has no interactions (its
  // reading, a lazy field, is read only for a pinned reach or views).
  const readingPinned = pinned !== undefined && pinned !== 'followers';
  for (const post of posts) {
    // The dataset's `interactions` is the sum over this very reading.
    const count = post.interactions;
    if (count === null) continue;
    let basis = post.basis;
    let denominator = post.denominator;
    if (pinned) {
      const base = basisOf(readingPinned ? post.reference : undefined, post.followersAtPublication, pinned);
      basis = base?.basis;
      denominator = base?.denominator;
    }
    if (!basis || !denominator) continue;
    sumInteractions += count;
    sumDenominator += denominator;
    rates?.push(count / denominator);
    bases[post.channel] ??= basis;
  }
  return { value: sumDenominator > 0 ? (sumInteractions / sumDenominator) * 100 : null, bases };
}

/**
 * The blog rows that may fall in [from, to] (inclusive days; `to` undefined: no end), in their order: the
 * period's rows alone when the rows are in day order (as the analytics job appends them; found by binary
 * search, as every report asks for a month of a year's ~80,000 rows), else all of them. Callers still
 * check each row's day.
 */
export function blogBetween(dataset: Dataset, from: string, to: string | undefined): readonly BlogRow[] {
  return rowsBetweenDays(dataset.blog, blogDay, from, to);
}
const blogDay = (row: BlogRow) => row.d;

/** UTM visits from the given sources between two days (inclusive). */
export function utmVisits(blog: readonly BlogRow[], sources: ReadonlySet<string>, from: string, to: string, campaign?: string): number {
  let total = 0;
  for (const row of blog) {
    if (!('src' in row) || row.d < from || row.d > to || !sources.has(row.src)) continue;
    if (campaign !== undefined && row.campaign !== campaign) continue;
    total += row.visits ?? 0;
  }
  return total;
}

/** Σ over channels of the followers (or members) on a day; null when no channel has a reading by then. */
export function audienceOn(dataset: Dataset, channels: readonly ChannelId[], day: string, field: 'followers' | 'members'): number | null {
  let total = 0;
  let any = false;
  for (const channel of channels) {
    const row = dataset.followers.on(channel, day);
    const value = field === 'members' ? (row?.members ?? (channel === 'telegram' ? row?.followers : undefined)) : row?.followers;
    if (value !== undefined && !Number.isNaN(value)) {
      total += value;
      any = true;
    }
  }
  return any ? total : null;
}

function firstAudienceDay(dataset: Dataset, channels: readonly ChannelId[]): string | undefined {
  const days = channels.map((c) => dataset.followers.series(c)[0]?.d).filter((d): d is string => d !== undefined);
  return days.sort().at(-1);
}

function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
}

/** The channels an objective is about: its own list, else every enabled channel of the line. */
export function objectiveChannels(objective: Objective, line: EditorialLine): ChannelId[] {
  if (objective.channels?.length) return [...objective.channels];
  return (Object.entries(line.channels) as [ChannelId, { enabled?: boolean } | undefined][]).filter(([, c]) => c?.enabled !== false).map(([id]) => id);
}

export function evaluateObjective(objective: Objective, dataset: Dataset, ctx: KpiContext): ObjectiveResult {
  const channels = objectiveChannels(objective, ctx.line);
  const base: ObjectiveResult = {
    id: objective.id,
    label: objective.label,
    kpi: objective.kpi,
    unit: objective.unit,
    target: objective.target,
    by: objective.by,
    channels,
    value: null,
    start: null,
    startDay: objective.from,
    progress: null,
    expected: null,
    status: 'no-data',
    perWeekNeeded: null,
    bases: {},
    medianRate: null,
    posts: 0,
    networkClicks: null,
    series: [],
    notes: [],
  };
  const today = ctx.today;
  const seriesFrom = addDay(today, -90);
  switch (objective.kpi) {
    case 'engagement-rate': {
      const windowDays = ctx.line.mixWindowDays;
      const inWindowOf = (day: string) => {
        const to = addDay(day, -7);
        const from = addDay(to, -windowDays + 1);
        return channels.flatMap((c) => postsBetween(dataset.byChannel.get(c) ?? [], from, to));
      };
      const now = engagementRate(inWindowOf(today), objective.basis);
      base.value = now.value;
      base.medianRate = now.median;
      base.posts = now.posts;
      base.bases = now.bases;
      for (let d = seriesFrom; d <= today; d = addDay(d, 7)) {
        const v = engagementSums(inWindowOf(d), objective.basis).value;
        if (v !== null) base.series.push({ d, value: v });
      }
      if (Object.values(now.bases).includes('followers')) base.notes.push('basis-followers');
      return withProgress(base, objective, today, 'rate');
    }
    case 'clicks': {
      const sources = new Set(channels.map((c) => utmSource(ctx.line, c)));
      const start = objective.from ?? dataset.blogFirstDay;
      if (!start) return base;
      base.startDay = start;
      base.start = 0;
      const clicks = clicksSince(dataset, channels, sources, start);
      // The tagged visits up to today, in the rows' order (utmVisits' sum).
      let visits = 0;
      for (let i = 0; i < clicks.days.length; i++) {
        if (clicks.days[i]! > today) {
          if (clicks.inDayOrder) break;
          continue;
        }
        visits += clicks.visits[i]!;
      }
      base.value = visits;
      // The running total on each day of the series: the days before the report's day do not depend on it.
      let last = 0;
      for (const point of clicks.cumulative) {
        if (point.d > today) break;
        last = point.value;
        if (point.d >= seriesFrom) base.series.push({ d: point.d, value: point.value });
      }
      const after = clicks.cumulative.at(-1)?.d;
      for (let d = after === undefined ? start : addDay(after, 1); d <= today; d = addDay(d, 1)) if (d >= seriesFrom) base.series.push({ d, value: last });
      // The clicks of the posts published by the report's day (not of posts that came after it).
      const published = firstIndex(clicks.networkDays.length, (i) => clicks.networkDays[i]! > today);
      base.networkClicks = published > 0 ? clicks.networkTotals[published - 1]! : null;
      if (dataset.blogFirstDay === undefined) base.notes.push('clicks-no-analytics');
      return withProgress(base, objective, today, 'count');
    }
    case 'followers':
    case 'members': {
      const field = objective.kpi;
      const start = objective.from ?? firstAudienceDay(dataset, channels);
      if (!start) return base;
      base.startDay = start;
      base.start = objective.baseline ?? audienceOn(dataset, channels, start, field);
      base.value = audienceOn(dataset, channels, today, field);
      for (let d = seriesFrom; d <= today; d = addDay(d, 1)) {
        const v = audienceOn(dataset, channels, d, field);
        if (v !== null) base.series.push({ d, value: v });
      }
      if (field === 'members' && /actif|active/i.test(`${objective.label} ${objective.unit ?? ''}`)) base.notes.push('members-not-active');
      return withProgress(base, objective, today, 'count');
    }
    default:
      return { ...base, status: 'not-measurable', notes: ['kpi-unknown'] };
  }
}

/**
 * What a clicks objective counts from its start, whatever the day it is evaluated: the tagged visits from its
 * sources since then (days and visits, in the rows' order; only the rows up to the evaluation day count),
 * and the link clicks the networks counted on its channels' posts published since then. Taken once per
 * dataset: each of a year's twelve reports went through the year's blog rows twice and every post of the
 * objective's channels (their latest readings) again.
 */
interface ClicksSince {
  days: string[];
  visits: number[];
  inDayOrder: boolean;
  /** Each day from the start to the last row's day, with the running total of the visits up to it (each day's in the rows' order). */
  cumulative: { d: string; value: number }[];
  /** The channels' posts with clicks since the start, by day of publication, and the running total of their latest clicks. */
  networkDays: string[];
  networkTotals: number[];
}
const clicksOf = new WeakMap<Dataset, Map<string, ClicksSince>>();

function clicksSince(dataset: Dataset, channels: readonly ChannelId[], sources: ReadonlySet<string>, start: string): ClicksSince {
  let known = clicksOf.get(dataset);
  if (!known) clicksOf.set(dataset, (known = new Map()));
  const key = JSON.stringify([channels, [...sources], start]);
  let clicks = known.get(key);
  if (clicks) return clicks;
  const rows = blogBetween(dataset, start, undefined);
  const days: string[] = [];
  const visits: number[] = [];
  for (const row of rows) {
    if (!('src' in row) || row.d < start || !sources.has(row.src)) continue;
    days.push(row.d);
    visits.push(row.visits ?? 0);
  }
  // Each post's latest clicks (a number kept on the post: its readings are not read), summed in day order.
  const withClicks: { day: string; clicks: number }[] = [];
  for (const channel of channels) {
    for (const post of dataset.byChannel.get(channel) ?? []) if (post.day >= start && post.latestClicks !== undefined) withClicks.push({ day: post.day, clicks: post.latestClicks });
  }
  withClicks.sort((a, b) => (a.day < b.day ? -1 : a.day > b.day ? 1 : 0));
  const networkDays: string[] = [];
  const networkTotals: number[] = [];
  let network = 0;
  for (const { day, clicks } of withClicks) {
    network += clicks;
    networkDays.push(day);
    networkTotals.push(network);
  }
  const daily = new Map<string, number>();
  let lastDay: string | undefined;
  for (let i = 0; i < days.length; i++) {
    daily.set(days[i]!, (daily.get(days[i]!) ?? 0) + visits[i]!);
    if (lastDay === undefined || days[i]! > lastDay) lastDay = days[i]!;
  }
  const cumulative: { d: string; value: number }[] = [];
  let total = 0;
  if (lastDay !== undefined) {
    for (let d = start; d <= lastDay; d = addDay(d, 1)) {
      total += daily.get(d) ?? 0;
      cumulative.push({ d, value: total });
    }
  }
  known.set(key, (clicks = { days, visits, inDayOrder: inDayOrder(dataset.blog, blogDay), cumulative, networkDays, networkTotals }));
  return clicks;
}

function withProgress(result: ObjectiveResult, objective: Objective, today: string, kind: 'rate' | 'count'): ObjectiveResult {
  if (result.value === null) return result;
  const target = objective.target;
  const deadline = objective.by;
  const started = result.startDay;
  if (deadline && started && deadline > started) result.expected = Math.min(1, Math.max(0, daysBetween(started, today) / daysBetween(started, deadline)));
  if (kind === 'rate') {
    result.progress = target > 0 ? result.value / target : null;
  } else {
    const from = result.start ?? 0;
    result.progress = target !== from ? (result.value - from) / (target - from) : result.value >= target ? 1 : 0;
    if (deadline && today < deadline && result.value < target) {
      const weeks = Math.max(1 / 7, daysBetween(today, deadline) / 7);
      result.perWeekNeeded = (target - result.value) / weeks;
    }
  }
  const progress = result.progress ?? 0;
  const past = deadline !== undefined && today > deadline;
  if (progress >= 1) result.status = 'reached';
  else if (past) result.status = 'missed';
  else if (kind === 'rate') result.status = progress >= 0.95 ? 'on-track' : 'behind';
  else if (result.expected === null) result.status = 'on-track';
  else if (progress >= result.expected + 0.1) result.status = 'ahead';
  else if (progress >= result.expected - 0.05) result.status = 'on-track';
  else result.status = 'behind';
  return result;
}

export interface CadenceRow {
  channel: ChannelId;
  perWeekTarget: number | undefined;
  /** Publications per ISO week (Monday, count), weeks of the period in order. */
  weeks: { week: string; count: number }[];
  average: number;
}

/** Posts per week on each channel against its cadence (`cadence.perWeek`). */
export function postsPerWeek(dataset: Dataset, line: EditorialLine, from: string, to: string): CadenceRow[] {
  const rows: CadenceRow[] = [];
  const mondays: string[] = [];
  for (let d = monday(from); d <= to; d = addDay(d, 7)) mondays.push(d);
  const channels = new Set<ChannelId>([...(Object.keys(line.channels) as ChannelId[]).filter((c) => line.channels[c]?.enabled !== false), ...dataset.byChannel.keys()]);
  const weekOf = new Map<string, string>();
  for (const channel of [...channels].sort()) {
    const counts = new Map(mondays.map((m) => [m, 0]));
    const posts = postsBetween(dataset.byChannel.get(channel) ?? [], from, to);
    // A channel's posts are in day order: each day's run of posts is counted at once.
    for (let i = 0; i < posts.length; ) {
      const day = posts[i]!.day;
      let end = i + 1;
      while (end < posts.length && posts[end]!.day === day) end++;
      let week = weekOf.get(day);
      if (week === undefined) weekOf.set(day, (week = monday(day)));
      counts.set(week, (counts.get(week) ?? 0) + (end - i));
      i = end;
    }
    const weeks = mondays.map((week) => ({ week, count: counts.get(week) ?? 0 }));
    const days = daysBetween(from, to) + 1;
    const total = weeks.reduce((s, w) => s + w.count, 0);
    rows.push({ channel, perWeekTarget: line.channels[channel]?.cadence?.perWeek, weeks, average: days > 0 ? (total * 7) / days : 0 });
  }
  return rows;
}

export function monday(day: string): string {
  const weekday = new Date(`${day}T00:00:00Z`).getUTCDay();
  return addDay(day, -((weekday + 6) % 7));
}

export interface PillarRow {
  id: string;
  label: string;
  posts: number;
  /** Percent of the period's posts. */
  share: number;
  target: number | undefined;
  max: number | undefined;
  /** Median lift of the pillar's publications (1 = its channels' baseline). */
  medianLift: number | null;
}

/** The period's posts (distinct post ids) by pillar against the line's targets, with their median lift. */
export function pillarMix(posts: readonly MeasuredPost[], line: EditorialLine): PillarRow[] {
  // Each post's pillar (its last publication's), the posts in the order they first come: a post's
  // publications on its channels mostly come one after the other, and are set once per run.
  const byPost = new Map<string, string | undefined>();
  const lifts = new Map<string, number[]>();
  let runPost: string | undefined;
  let runPillar: string | undefined;
  let lastKey: string | undefined;
  let lastList: number[] | undefined;
  for (const post of posts) {
    if (post.pub.post !== runPost) {
      if (runPost !== undefined) byPost.set(runPost, runPillar);
      runPost = post.pub.post;
    }
    runPillar = post.pub.pillar;
    if (post.lift !== undefined) {
      const key = post.pub.pillar ?? '';
      if (key !== lastKey) {
        lastKey = key;
        lastList = lifts.get(key);
        if (!lastList) lifts.set(key, (lastList = []));
      }
      lastList!.push(post.lift);
    }
  }
  if (runPost !== undefined) byPost.set(runPost, runPillar);
  const total = byPost.size;
  const counts = new Map<string, number>();
  for (const pillar of byPost.values()) counts.set(pillar ?? '', (counts.get(pillar ?? '') ?? 0) + 1);
  const rows: PillarRow[] = line.pillars.map((p) => ({
    id: p.id,
    label: p.label,
    posts: counts.get(p.id) ?? 0,
    share: total ? ((counts.get(p.id) ?? 0) / total) * 100 : 0,
    target: p.target,
    max: p.max,
    medianLift: lifts.get(p.id)?.length ? median(lifts.get(p.id)!) : null,
  }));
  for (const [id, count] of counts) {
    if (line.pillars.some((p) => p.id === id)) continue;
    rows.push({ id, label: id, posts: count, share: total ? (count / total) * 100 : 0, target: undefined, max: undefined, medianLift: lifts.get(id)?.length ? median(lifts.get(id)!) : null });
  }
  return rows;
}

/** A message received and when it was first answered (from the moderation log). */
export interface FirstReplyRecord {
  channel: string;
  receivedAt: string;
  firstReplyAt?: string;
}

export interface ResponseTime {
  messages: number;
  answered: number;
  /** Hours. */
  median: number | null;
  mean: number | null;
  /** Share answered within 24 hours, of the messages at least 24 hours old. */
  within24h: number | null;
  unanswered: number;
}

/** Response time over first-reply records received in [fromMs, toMs). */
export function responseTime(records: readonly FirstReplyRecord[], fromMs: number, toMs: number): ResponseTime {
  const hours: number[] = [];
  let messages = 0;
  let old = 0;
  let quick = 0;
  for (const record of records) {
    const received = Date.parse(record.receivedAt);
    if (Number.isNaN(received) || received < fromMs || received >= toMs) continue;
    messages++;
    const replied = record.firstReplyAt ? Date.parse(record.firstReplyAt) : NaN;
    const delay = Number.isNaN(replied) ? undefined : (replied - received) / 3_600_000;
    if (delay !== undefined && delay >= 0) hours.push(delay);
    if (toMs - received >= DAY_MS) {
      old++;
      if (delay !== undefined && delay <= 24) quick++;
    }
  }
  return {
    messages,
    answered: hours.length,
    median: hours.length ? median(hours) : null,
    mean: hours.length ? hours.reduce((a, b) => a + b, 0) / hours.length : null,
    within24h: old ? quick / old : null,
    unanswered: messages - hours.length,
  };
}
