import type { LintContext } from '../model.ts';
import { slotsOn } from '../slots.ts';
import { dayKey, formatWall, toWallClock, weekdayOf, zonedToInstant, type WallClock } from '../time.ts';
import type { CollectionRule } from './rule.ts';
import { DAY_REACH_MS } from './reach.ts';
import { firstAtOrAfter, targetItems, timelineOf, type Scheduled } from './timeline.ts';

function timeZoneOf(ctx: LintContext): string {
  return ctx.line?.brand.timezone ?? 'Europe/Paris';
}

/** The instants a local day starts and ends in a time zone (23 or 25 hours on DST days). */
function dayBounds(wall: WallClock, timeZone: string): [number, number] {
  const startOf = (date: Date) => {
    const midnight = { year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate(), hour: 0, minute: 0, second: 0 };
    const resolved = zonedToInstant(midnight, timeZone);
    // Midnight can fall in a DST gap (some zones change at 00:00): the day then starts an hour later.
    return resolved.ok ? resolved.epochMs : (zonedToInstant({ ...midnight, hour: 1 }, timeZone) as { epochMs: number }).epochMs;
  };
  return [startOf(new Date(Date.UTC(wall.year, wall.month - 1, wall.day))), startOf(new Date(Date.UTC(wall.year, wall.month - 1, wall.day + 1)))];
}

export const maxPerDay: CollectionRule = {
  id: 'cadence/max-per-day',
  description: "More posts in a day than the channel's cadence allows tires followers.",
  severity: 'error',
  scope: 'collection',
  reach: () => ({ ms: DAY_REACH_MS }),
  check(posts, ctx) {
    const findings: ReturnType<CollectionRule['check']> = [];
    const timeZone = timeZoneOf(ctx);
    // The same days come up on every channel: their bounds are computed once.
    const bounds = new Map<string, [number, number]>();
    for (const [channel, scheduled] of timelineOf(posts).byChannel) {
      const max = ctx.line?.channels[channel]?.cadence?.maxPerDay;
      if (max === undefined) continue;
      const days = new Map<string, Scheduled[]>();
      for (const item of targetItems(scheduled, ctx.targets)) {
        const wall = toWallClock(item.slot.publishAtMs, timeZone);
        const day = dayKey(wall);
        let sameDay = days.get(day);
        if (!sameDay) {
          let dayRange = bounds.get(day);
          if (!dayRange) bounds.set(day, (dayRange = dayBounds(wall, timeZone)));
          const [start, end] = dayRange;
          sameDay = scheduled.slice(firstAtOrAfter(scheduled, start), firstAtOrAfter(scheduled, end));
          days.set(day, sameDay);
        }
        if (sameDay.length <= max || sameDay.indexOf(item) < max) continue;
        const titles = sameDay.map((i) => `"${i.post.title}"`).join(', ');
        findings.push({
          file: item.post.file,
          finding: { at: item.slot.publishAtPath, channel, message: `${sameDay.length} ${channel} posts on ${day} (${titles}); the editorial line allows ${max} a day` },
        });
      }
    }
    return findings;
  },
};

export const minGap: CollectionRule = {
  id: 'cadence/min-gap',
  description: 'Two posts on a channel closer than its minimum gap compete for the same attention.',
  severity: 'error',
  scope: 'collection',
  reach: (ctx) => ({ ms: (Math.max(0, ...Object.values(ctx.line?.channels ?? {}).map((c) => c?.cadence?.minGapMinutes ?? 0)) + 1) * 60_000 }),
  check(posts, ctx) {
    const findings: ReturnType<CollectionRule['check']> = [];
    for (const [channel, scheduled] of timelineOf(posts).byChannel) {
      const gap = ctx.line?.channels[channel]?.cadence?.minGapMinutes;
      if (!gap) continue;
      for (const current of targetItems(scheduled, ctx.targets)) {
        // The finding goes to the later of two posts: look at the one just before this one.
        const index = scheduled.indexOf(current, firstAtOrAfter(scheduled, current.slot.publishAtMs));
        const previous = scheduled[index - 1];
        if (!previous) continue;
        const minutes = Math.round((current.slot.publishAtMs - previous.slot.publishAtMs) / 60_000);
        if (minutes >= gap) continue;
        findings.push({
          file: current.post.file,
          finding: {
            at: current.slot.publishAtPath,
            channel,
            message: `only ${minutes} min after "${previous.post.title}" (${previous.post.file}) on ${channel}; the editorial line asks for ${gap} min between posts`,
          },
        });
      }
    }
    return findings;
  },
};

export const outsideSlots: CollectionRule = {
  id: 'cadence/slot',
  description: "A time outside the channel's posting slots misses the moments the audience is there.",
  severity: 'warning',
  scope: 'collection',
  reach: () => ({}),
  check(posts, ctx) {
    const findings: ReturnType<CollectionRule['check']> = [];
    const timeZone = timeZoneOf(ctx);
    for (const [channel, scheduled] of timelineOf(posts).byChannel) {
      const slots = ctx.line?.channels[channel]?.slots;
      if (!slots || Object.keys(slots).length === 0) continue;
      for (const item of targetItems(scheduled, ctx.targets)) {
        const wall = toWallClock(item.slot.publishAtMs, timeZone);
        const weekday = weekdayOf(wall);
        const daySlots = slotsOn(slots, weekday) ?? [];
        const time = formatWall(wall).slice(11);
        if (daySlots.includes(time)) continue;
        findings.push({
          file: item.post.file,
          finding: {
            at: item.slot.publishAtPath,
            channel,
            message: `${weekday} ${time} is not a ${channel} slot (${daySlots.length ? `${weekday}: ${daySlots.join(', ')}` : `no ${channel} slot on ${weekday}`})`,
          },
        });
      }
    }
    return findings;
  },
};
