import type { ChannelId } from './channels.ts';
import type { EditorialLine } from './schema/index.ts';
import { slotsOn } from './slots.ts';
import type { PostSummary } from './summary.ts';
import { dayKey, formatWall, toWallClock, weekdayOf, zonedToInstant, type WallClock } from './time.ts';

const DAY_MS = 86_400_000;
const BUSINESS_HOURS = ['09:00', '10:00', '11:00', '12:00', '13:00', '14:00', '15:00', '16:00', '17:00', '18:00'];

/** Times already taken on a channel by ready posts, sorted. */
export function takenTimes(posts: readonly PostSummary[], channel: ChannelId): number[] {
  const times: number[] = [];
  for (const post of posts) {
    if (post.status !== 'ready') continue;
    for (const slot of post.slots) if (slot.channel === channel && slot.publishAtMs !== undefined) times.push(slot.publishAtMs);
  }
  return times.sort((a, b) => a - b);
}

/**
 * The first slot of a channel strictly after `afterMs` that keeps its cadence: a posting slot of that
 * weekday, under `maxPerDay`, at least `minGapMinutes` from every other post, and a time that exists.
 * Channels without slots get the first whole hour between 09:00 and 18:00 that fits.
 */
export function nextFreeSlot(line: EditorialLine, posts: readonly PostSummary[], channel: ChannelId, afterMs: number, horizonDays = 120): number | undefined {
  const timeZone = line.brand.timezone;
  const settings = line.channels[channel];
  const taken = takenTimes(posts, channel);
  const perDay = new Map<string, number>();
  for (const t of taken) {
    const key = dayKey(toWallClock(t, timeZone));
    perDay.set(key, (perDay.get(key) ?? 0) + 1);
  }
  const gapMs = (settings?.cadence?.minGapMinutes ?? 0) * 60_000;
  const maxPerDay = settings?.cadence?.maxPerDay ?? Infinity;
  const start = toWallClock(afterMs, timeZone);
  for (let offset = 0; offset <= horizonDays; offset++) {
    const date = new Date(Date.UTC(start.year, start.month - 1, start.day + offset));
    const day = { year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate() };
    if ((perDay.get(dayKey(day)) ?? 0) >= maxPerDay) continue;
    const times = slotsOn(settings?.slots, weekdayOf(day)) ?? BUSINESS_HOURS;
    for (const time of times) {
      const [hour, minute] = time.split(':').map(Number) as [number, number];
      const wall: WallClock = { ...day, hour, minute, second: 0 };
      const resolved = zonedToInstant(wall, timeZone);
      if (!resolved.ok || resolved.epochMs <= afterMs) continue;
      if (taken.some((t) => Math.abs(t - resolved.epochMs) < Math.max(gapMs, 60_000))) continue;
      return resolved.epochMs;
    }
  }
  return undefined;
}

/** Local wall-clock text of an instant, as a post's `publishAt` is written: 2026-12-08T18:00. */
export function localPublishAt(epochMs: number, timeZone: string): string {
  return formatWall(toWallClock(epochMs, timeZone)).replace(' ', 'T');
}

/** The pillar furthest below its target share over the mix window before `atMs` (what to write next). */
export function mostNeededPillar(line: EditorialLine, posts: readonly PostSummary[], atMs: number): string | undefined {
  if (line.pillars.length === 0) return undefined;
  const windowStart = atMs - line.mixWindowDays * DAY_MS;
  const counts = new Map<string, number>();
  let total = 0;
  for (const post of posts) {
    if (post.status !== 'ready' || !post.pillar) continue;
    const first = Math.min(...post.slots.map((s) => s.publishAtMs ?? Infinity));
    if (first < windowStart || first > atMs) continue;
    counts.set(post.pillar, (counts.get(post.pillar) ?? 0) + 1);
    total++;
  }
  let best = line.pillars[0]!;
  let bestDeficit = -Infinity;
  for (const pillar of line.pillars) {
    const share = total === 0 ? 0 : ((counts.get(pillar.id) ?? 0) / total) * 100;
    const deficit = pillar.target - share;
    if (deficit > bestDeficit) {
      best = pillar;
      bestDeficit = deficit;
    }
  }
  return best.id;
}

export { DAY_MS };
