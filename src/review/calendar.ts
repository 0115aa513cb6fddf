/**
 * The calendar around the posts a pull request changes: what else goes out the same day on the same
 * channels, the cadence and slot conflicts they take part in, and the pillar mix before and after the
 * merge. Built from post summaries (what the lint cache keeps), only over the days that matter, with
 * the calendar model's own checks (findConflicts, pillarMix).
 */
import type { ChannelId } from '../core/channels.ts';
import { findConflicts, pillarMix, type CalendarPost, type Conflict, type EntryStatus, type Slot } from '../core/calendar/model.ts';
import { addDays } from '../core/calendar/observances.ts';
import type { EditorialLine, PostFrontmatter } from '../core/schema/index.ts';
import type { PostSummary } from '../core/summary.ts';
import { dayKey, pad, toWallClock } from '../core/time.ts';

export interface SameDayItem {
  postId: string;
  title: string;
  file: string;
  time: string;
  status: EntryStatus;
}

export interface ChannelDay {
  channel: ChannelId;
  day: string;
  time: string;
  /** Other posts on this channel that day, in time order. */
  others: SameDayItem[];
}

export interface PostCalendar {
  days: ChannelDay[];
  conflicts: Conflict[];
}

export interface MixComparison {
  from: string;
  to: string;
  rows: Array<{ pillar: string; label: string; target: number; max?: number; before: { count: number; share: number }; after: { count: number; share: number } }>;
}

export interface CalendarInput {
  line: EditorialLine;
  nowMs: number;
  /** Every post after the merge. */
  after: readonly PostSummary[];
  /** Every post before the merge (the base versions of the changed posts instead of theirs). */
  before: readonly PostSummary[];
  /** Ids of the posts the pull request adds, changes or renames (shown as in review). */
  changed: ReadonlySet<string>;
  published: ReadonlySet<string>;
}

const DAY_MS = 86_400_000;

function statusOf(summary: PostSummary, channel: ChannelId, atMs: number, input: CalendarInput): EntryStatus {
  if (summary.status === 'retracted') return 'retracted';
  if (input.published.has(`${summary.id}:${channel}`)) return 'published';
  if (input.changed.has(summary.id)) return summary.status === 'draft' ? 'draft' : 'in-review';
  if (summary.status === 'draft') return 'draft';
  if (input.line.channels[channel]?.enabled === false) return 'paused';
  return atMs > input.nowMs ? 'approved' : 'due';
}

/** Calendar slots of the summaries whose time falls in [fromMs, toMs]; the rest is never converted. */
function slotsBetween(summaries: readonly PostSummary[], input: CalendarInput, fromMs: number, toMs: number): Slot[] {
  const timeZone = input.line.brand.timezone;
  const slots: Slot[] = [];
  for (const s of summaries) {
    for (const slot of s.slots) {
      const at = slot.publishAtMs;
      if (at === undefined || at < fromMs || at > toMs) continue;
      const wall = toWallClock(at, timeZone);
      slots.push({ postId: s.id, file: s.file, title: s.title, channel: slot.channel, atMs: at, day: dayKey(wall), time: `${pad(wall.hour)}:${pad(wall.minute)}`, status: statusOf(s, slot.channel, at, input), pillar: s.pillar, campaign: undefined });
    }
  }
  return slots.sort((a, b) => a.atMs - b.atMs || a.postId.localeCompare(b.postId) || a.channel.localeCompare(b.channel));
}

function asCalendarPosts(summaries: readonly PostSummary[]): CalendarPost[] {
  // pillarMix reads only the id and the pillar of each post.
  return summaries.map((s) => ({ id: s.id, file: s.file, data: { pillar: s.pillar } as PostFrontmatter }));
}

export interface ReviewCalendar {
  posts: Map<string, PostCalendar>;
  mix: MixComparison | undefined;
}

export function reviewCalendar(input: CalendarInput): ReviewCalendar {
  const changedAfter = input.after.filter((s) => input.changed.has(s.id));
  const times = changedAfter.flatMap((s) => s.slots.map((slot) => slot.publishAtMs).filter((t): t is number => t !== undefined));
  const posts = new Map<string, PostCalendar>();
  if (times.length === 0) return { posts, mix: undefined };
  const first = Math.min(...times);
  const last = Math.max(...times);
  const windowDays = input.line.mixWindowDays;
  // Whole days around the changed slots (two days of margin for time zones), and the mix window before them.
  const slots = slotsBetween(input.after, input, first - (windowDays + 2) * DAY_MS, last + 2 * DAY_MS);
  const conflicts = findConflicts(slots, input.line);

  for (const summary of changedAfter) {
    const own = slots.filter((s) => s.postId === summary.id);
    const days: ChannelDay[] = own.map((mine) => ({
      channel: mine.channel,
      day: mine.day,
      time: mine.time,
      others: slots
        .filter((s) => s.channel === mine.channel && s.day === mine.day && s.postId !== summary.id && s.status !== 'retracted')
        .map((s) => ({ postId: s.postId, title: s.title, file: s.file, time: s.time, status: s.status })),
    }));
    posts.set(summary.id, { days, conflicts: conflicts.filter((c) => c.postIds.includes(summary.id)) });
  }

  let mix: MixComparison | undefined;
  if (input.line.pillars.length > 0) {
    const timeZone = input.line.brand.timezone;
    const to = dayKey(toWallClock(last, timeZone));
    const from = addDays(dayKey(toWallClock(first, timeZone)), -(windowDays - 1));
    const beforeSlots = slotsBetween(input.before, input, first - (windowDays + 2) * DAY_MS, last + 2 * DAY_MS);
    const after = pillarMix(asCalendarPosts(input.after), slots, input.line, from, to);
    const before = pillarMix(asCalendarPosts(input.before), beforeSlots, input.line, from, to);
    mix = {
      from,
      to,
      rows: after.map((row, i) => ({
        pillar: row.pillar,
        label: row.label,
        target: row.target,
        ...(row.max !== undefined ? { max: row.max } : {}),
        before: { count: before[i]?.count ?? 0, share: before[i]?.share ?? 0 },
        after: { count: row.count, share: row.share },
      })),
    };
  }
  return { posts, mix };
}
