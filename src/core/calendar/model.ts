/**
 * The editorial calendar as data: every (post, channel) slot with its status, and the checks a planner
 * wants to see (gaps below a channel's weekly cadence, conflicts with its rules, the pillar mix).
 * Pure and synchronous: the caller reads files, the ledger and open pull requests.
 */
import type { ChannelId } from '../channels.ts';
import { channelContent } from '../post.ts';
import type { EditorialLine, PostFrontmatter } from '../schema/index.ts';
import { dayKey, pad, resolveDateTime, toWallClock, weekdayOf } from '../time.ts';
import { addDays, weekdayIndex } from './observances.ts';
import { slotsOn } from '../slots.ts';

export interface CalendarPost {
  id: string;
  file: string;
  data: PostFrontmatter;
}

export const ENTRY_STATUSES = ['draft', 'in-review', 'approved', 'due', 'published', 'failed', 'unconfirmed', 'paused', 'expired', 'retracted'] as const;
export type EntryStatus = (typeof ENTRY_STATUSES)[number];

/** What the publication ledger says about one (post, channel). */
export interface LedgerRecord {
  postId: string;
  channel: ChannelId;
  state: 'published' | 'failed' | 'unconfirmed';
  at?: string;
  url?: string;
}

/** The read side of the ledger the calendar needs; an empty ledger means "nothing published yet". */
export interface LedgerView {
  get(postId: string, channel: ChannelId): LedgerRecord | undefined;
}

export const EMPTY_LEDGER: LedgerView = { get: () => undefined };

export function ledgerFromRecords(records: readonly LedgerRecord[]): LedgerView {
  const map = new Map<string, LedgerRecord>();
  for (const r of records) map.set(`${r.postId}\u0000${r.channel}`, r); // later records win
  return { get: (postId, channel) => map.get(`${postId}\u0000${channel}`) };
}

export interface CalendarContext {
  line: EditorialLine;
  nowMs: number;
  ledger?: LedgerView;
  /** Post ids changed in open pull requests (from the GitHub API when a token is present). */
  inReview?: ReadonlySet<string>;
  /** A ready slot this long past due and still unpublished is shown as expired (default 24 h). */
  graceMs?: number;
  /** The whole brand is paused (crisis). */
  paused?: boolean;
  /** Channels paused by the crisis switch. */
  pausedChannels?: ReadonlySet<string>;
}

export interface Slot {
  postId: string;
  file: string;
  title: string;
  channel: ChannelId;
  atMs: number;
  /** Local date YYYY-MM-DD and time HH:MM in the brand's time zone. */
  day: string;
  time: string;
  status: EntryStatus;
  pillar: string | undefined;
  campaign: string | undefined;
  url?: string;
}

/** Slots of the same post at the same time and status, shown as one calendar item. */
export interface Entry extends Omit<Slot, 'channel' | 'url'> {
  key: string;
  channels: ChannelId[];
}

export interface Unresolved {
  postId: string;
  channel: ChannelId;
  reason: string;
}

export function slotStatus(post: CalendarPost, channel: ChannelId, atMs: number, ctx: CalendarContext): { status: EntryStatus; url?: string } {
  const record = (ctx.ledger ?? EMPTY_LEDGER).get(post.id, channel);
  if (post.data.status === 'retracted') return { status: 'retracted' };
  if (record) return record.url ? { status: record.state, url: record.url } : { status: record.state };
  if (ctx.inReview?.has(post.id)) return { status: 'in-review' };
  if (post.data.status === 'draft') return { status: 'draft' };
  const settings = ctx.line.channels[channel];
  if (ctx.paused || ctx.pausedChannels?.has(channel) || settings?.enabled === false) return { status: 'paused' };
  if (atMs > ctx.nowMs) return { status: 'approved' };
  return { status: ctx.nowMs - atMs > (ctx.graceMs ?? 86_400_000) ? 'expired' : 'due' };
}

/** Every (post, channel) slot, sorted by time; slots whose time cannot be resolved are returned apart. */
export function buildSlots(posts: readonly CalendarPost[], ctx: CalendarContext): { slots: Slot[]; unresolved: Unresolved[] } {
  const timeZone = ctx.line.brand.timezone;
  const slots: Slot[] = [];
  const unresolved: Unresolved[] = [];
  for (const post of posts) {
    for (const channel of post.data.channels) {
      const content = channelContent(post.data, channel);
      const resolved = resolveDateTime(content.publishAt, timeZone);
      if (!resolved.ok) {
        unresolved.push({ postId: post.id, channel, reason: resolved.reason });
        continue;
      }
      const wall = toWallClock(resolved.epochMs, timeZone);
      const { status, url } = slotStatus(post, channel, resolved.epochMs, ctx);
      slots.push({
        postId: post.id,
        file: post.file,
        title: post.data.title,
        channel,
        atMs: resolved.epochMs,
        day: dayKey(wall),
        time: `${pad(wall.hour)}:${pad(wall.minute)}`,
        status,
        pillar: post.data.pillar,
        campaign: post.data.campaign,
        ...(url ? { url } : {}),
      });
    }
  }
  slots.sort((a, b) => a.atMs - b.atMs || a.postId.localeCompare(b.postId) || a.channel.localeCompare(b.channel));
  return { slots, unresolved };
}

export function groupEntries(slots: readonly Slot[]): Entry[] {
  const map = new Map<string, Entry>();
  for (const s of slots) {
    const key = `${s.postId}@${s.atMs}:${s.status}`;
    const existing = map.get(key);
    if (existing) existing.channels.push(s.channel);
    else map.set(key, { key, postId: s.postId, file: s.file, title: s.title, channels: [s.channel], atMs: s.atMs, day: s.day, time: s.time, status: s.status, pillar: s.pillar, campaign: s.campaign });
  }
  return [...map.values()].sort((a, b) => a.atMs - b.atMs || a.postId.localeCompare(b.postId));
}

/** Whether a slot holds a place on its channel's calendar: anything approved, planned or done (not drafts or retracted posts). */
export function counts(status: EntryStatus): boolean {
  return status !== 'draft' && status !== 'retracted';
}

/** Monday (YYYY-MM-DD) of the ISO week of a date. */
export function weekStart(date: string): string {
  return addDays(date, -((weekdayIndex(date) + 6) % 7));
}

/** ISO week label, e.g. 2026-W50. */
export function isoWeek(date: string): string {
  const thursday = addDays(weekStart(date), 3);
  const year = Number(thursday.slice(0, 4));
  const jan4 = `${year}-01-04`;
  const week1 = weekStart(jan4);
  const diff = Math.round((Date.parse(`${thursday}T00:00:00Z`) - Date.parse(`${week1}T00:00:00Z`)) / 86_400_000);
  return `${year}-W${pad(Math.floor(diff / 7) + 1)}`;
}

export interface Gap {
  channel: ChannelId;
  /** Monday of the (last) week of the window that falls short. */
  week: string;
  /** Weeks the target is measured over: 1, or more for targets under one post a week (0.5 → 2 weeks). */
  windowWeeks: number;
  count: number;
  target: number;
}

/**
 * Weeks where a channel falls below its `cadence.perWeek`, from `fromDay` to `toDay` (YYYY-MM-DD).
 * Targets under one a week are measured over a window (0.5 → at least one post in any 2 weeks).
 */
export function findGaps(slots: readonly Slot[], line: EditorialLine, fromDay: string, toDay: string): Gap[] {
  const gaps: Gap[] = [];
  const first = weekStart(fromDay);
  const last = weekStart(toDay);
  for (const [channel, settings] of Object.entries(line.channels) as Array<[ChannelId, NonNullable<EditorialLine['channels'][ChannelId]>]>) {
    const perWeek = settings.cadence?.perWeek;
    if (!perWeek || settings.enabled === false) continue;
    const perWeekCount = new Map<string, number>();
    for (const s of slots) if (s.channel === channel && counts(s.status)) perWeekCount.set(weekStart(s.day), (perWeekCount.get(weekStart(s.day)) ?? 0) + 1);
    const windowWeeks = perWeek >= 1 ? 1 : Math.round(1 / perWeek);
    const target = perWeek >= 1 ? perWeek : 1;
    for (let week = addDays(first, (windowWeeks - 1) * 7); week <= last; week = addDays(week, 7)) {
      let count = 0;
      for (let i = 0; i < windowWeeks; i++) count += perWeekCount.get(addDays(week, -7 * i)) ?? 0;
      if (count < target) gaps.push({ channel, week, windowWeeks, count, target });
    }
  }
  return gaps.sort((a, b) => a.week.localeCompare(b.week) || a.channel.localeCompare(b.channel));
}

export type ConflictKind = 'max-per-day' | 'too-close' | 'outside-slots';

export interface Conflict {
  kind: ConflictKind;
  channel: ChannelId;
  day: string;
  postIds: string[];
  message: string;
}

/** Where the planned slots break a channel's rules: over maxPerDay, closer than minGapMinutes, outside posting slots. */
export function findConflicts(slots: readonly Slot[], line: EditorialLine): Conflict[] {
  const conflicts: Conflict[] = [];
  const byChannel = Map.groupBy(slots.filter((s) => counts(s.status)), (s) => s.channel);
  for (const [channel, list] of byChannel) {
    const settings = line.channels[channel];
    const cadence = settings?.cadence;
    if (cadence?.maxPerDay !== undefined) {
      const perDay = Map.groupBy(list, (s) => s.day);
      for (const [day, daySlots] of perDay) {
        if (daySlots.length > cadence.maxPerDay) {
          conflicts.push({ kind: 'max-per-day', channel, day, postIds: daySlots.map((s) => s.postId), message: `${daySlots.length} posts on ${channel} on ${day}, over maxPerDay ${cadence.maxPerDay}` });
        }
      }
    }
    if (cadence?.minGapMinutes) {
      for (let i = 1; i < list.length; i++) {
        const prev = list[i - 1]!;
        const cur = list[i]!;
        const minutes = Math.round((cur.atMs - prev.atMs) / 60_000);
        if (minutes < cadence.minGapMinutes) {
          conflicts.push({ kind: 'too-close', channel, day: cur.day, postIds: [prev.postId, cur.postId], message: `${prev.postId} and ${cur.postId} are ${minutes} min apart on ${channel} (minGapMinutes ${cadence.minGapMinutes})` });
        }
      }
    }
    const slotTimes = settings?.slots;
    if (slotTimes && Object.keys(slotTimes).length > 0) {
      for (const s of list) {
        const [y, m, d] = s.day.split('-').map(Number) as [number, number, number];
        const allowed = slotsOn(slotTimes, weekdayOf({ year: y, month: m, day: d })) ?? [];
        if (!allowed.includes(s.time)) {
          conflicts.push({ kind: 'outside-slots', channel, day: s.day, postIds: [s.postId], message: `${s.postId} at ${s.time} on ${channel} is outside its posting slots (${allowed.join(', ') || 'none that day'})` });
        }
      }
    }
  }
  return conflicts.sort((a, b) => a.day.localeCompare(b.day) || a.channel.localeCompare(b.channel));
}

export interface MixRow {
  pillar: string;
  label: string;
  target: number;
  max: number | undefined;
  count: number;
  /** Share of posts with a pillar, in percent (0 when there is none). */
  share: number;
}

/** The pillar mix of the posts in [fromDay, toDay] against the editorial line's targets. */
export function pillarMix(posts: readonly CalendarPost[], slots: readonly Slot[], line: EditorialLine, fromDay: string, toDay: string): MixRow[] {
  return pillarMixer(posts, slots, line)(fromDay, toDay);
}

/**
 * The pillar mix of any range of days, for many ranges (one per month page): each post counts on the
 * first day it goes out, found once, then a binary search per range instead of a pass over every slot.
 */
export function pillarMixer(posts: readonly CalendarPost[], slots: readonly Slot[], line: EditorialLine): (fromDay: string, toDay: string) => MixRow[] {
  const firstDay = new Map<string, string>();
  for (const s of slots) if (counts(s.status) && (!firstDay.has(s.postId) || s.day < firstDay.get(s.postId)!)) firstDay.set(s.postId, s.day);
  const dated: { day: string; pillar: string }[] = [];
  for (const post of posts) {
    const day = firstDay.get(post.id);
    if (day && post.data.pillar) dated.push({ day, pillar: post.data.pillar });
  }
  dated.sort((a, b) => (a.day < b.day ? -1 : a.day > b.day ? 1 : 0));
  const firstAtOrAfter = (day: string) => {
    let lo = 0;
    let hi = dated.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (dated[mid]!.day < day) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  return (fromDay, toDay) => {
    const countsBy = new Map<string, number>();
    let total = 0;
    for (let i = firstAtOrAfter(fromDay); i < dated.length && dated[i]!.day <= toDay; i++) {
      countsBy.set(dated[i]!.pillar, (countsBy.get(dated[i]!.pillar) ?? 0) + 1);
      total++;
    }
    return line.pillars.map((p) => {
      const count = countsBy.get(p.id) ?? 0;
      return { pillar: p.id, label: p.label, target: p.target, max: p.max, count, share: total === 0 ? 0 : Math.round((count / total) * 1000) / 10 };
    });
  };
}

export interface GridDay {
  date: string;
  inMonth: boolean;
}

/** The weeks (Monday first) covering a month, as shown in a month view. */
export function monthGrid(year: number, month: number): GridDay[][] {
  const first = `${year}-${pad(month)}-01`;
  const lastDay = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const last = `${year}-${pad(month)}-${pad(lastDay)}`;
  const weeks: GridDay[][] = [];
  for (let start = weekStart(first); start <= last; start = addDays(start, 7)) {
    weeks.push(Array.from({ length: 7 }, (_, i) => {
      const date = addDays(start, i);
      return { date, inMonth: date.slice(0, 7) === first.slice(0, 7) };
    }));
  }
  return weeks;
}

/** Months (YYYY-MM) from one to another, inclusive. */
export function monthsBetween(from: string, to: string): string[] {
  const out: string[] = [];
  let [y, m] = from.split('-').map(Number) as [number, number];
  const [ty, tm] = to.split('-').map(Number) as [number, number];
  while (y < ty || (y === ty && m <= tm)) {
    out.push(`${y}-${pad(m)}`);
    m++;
    if (m > 12) {
      m = 1;
      y++;
    }
  }
  return out;
}

/** The local day (YYYY-MM-DD) of an instant in the brand's zone. */
export function localDay(epochMs: number, timeZone: string): string {
  return dayKey(toWallClock(epochMs, timeZone));
}
