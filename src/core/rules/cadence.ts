import type { ChannelId } from '../channels.ts';
import type { LintContext } from '../model.ts';
import type { ChannelSlot, PostSummary } from '../summary.ts';
import { slotsOn } from '../slots.ts';
import { dayKey, formatWall, toWallClock, weekdayOf } from '../time.ts';
import type { CollectionRule } from './rule.ts';

interface Scheduled {
  post: PostSummary;
  slot: ChannelSlot & { publishAtMs: number };
}

/** Ready posts' resolved times, grouped by channel and sorted. Drafts are not on the calendar. */
function scheduleByChannel(posts: readonly PostSummary[]): Map<ChannelId, Scheduled[]> {
  const byChannel = new Map<ChannelId, Scheduled[]>();
  for (const post of posts) {
    if (post.status !== 'ready') continue;
    for (const slot of post.slots) {
      if (slot.publishAtMs === undefined || slot.channel === 'blog') continue;
      const list = byChannel.get(slot.channel) ?? [];
      list.push({ post, slot: slot as Scheduled['slot'] });
      byChannel.set(slot.channel, list);
    }
  }
  for (const list of byChannel.values()) list.sort((a, b) => a.slot.publishAtMs - b.slot.publishAtMs || a.post.file.localeCompare(b.post.file));
  return byChannel;
}

function timeZoneOf(ctx: LintContext): string {
  return ctx.line?.brand.timezone ?? 'Europe/Paris';
}

export const maxPerDay: CollectionRule = {
  id: 'cadence/max-per-day',
  description: "More posts in a day than the channel's cadence allows tires followers.",
  severity: 'error',
  scope: 'collection',
  check(posts, ctx) {
    const findings: ReturnType<CollectionRule['check']> = [];
    for (const [channel, scheduled] of scheduleByChannel(posts)) {
      const max = ctx.line?.channels[channel]?.cadence?.maxPerDay;
      if (max === undefined) continue;
      const byDay = new Map<string, Scheduled[]>();
      for (const item of scheduled) {
        const day = dayKey(toWallClock(item.slot.publishAtMs, timeZoneOf(ctx)));
        byDay.set(day, [...(byDay.get(day) ?? []), item]);
      }
      for (const [day, items] of byDay) {
        if (items.length <= max) continue;
        const titles = items.map((i) => `"${i.post.title}"`).join(', ');
        for (const item of items.slice(max)) {
          findings.push({
            file: item.post.file,
            finding: {
              at: item.slot.publishAtPath,
              channel,
              message: `${items.length} ${channel} posts on ${day} (${titles}); the editorial line allows ${max} a day`,
            },
          });
        }
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
  check(posts, ctx) {
    const findings: ReturnType<CollectionRule['check']> = [];
    for (const [channel, scheduled] of scheduleByChannel(posts)) {
      const gap = ctx.line?.channels[channel]?.cadence?.minGapMinutes;
      if (!gap) continue;
      for (let i = 1; i < scheduled.length; i++) {
        const previous = scheduled[i - 1]!;
        const current = scheduled[i]!;
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
  check(posts, ctx) {
    const findings: ReturnType<CollectionRule['check']> = [];
    const timeZone = timeZoneOf(ctx);
    for (const [channel, scheduled] of scheduleByChannel(posts)) {
      const slots = ctx.line?.channels[channel]?.slots;
      for (const item of scheduled) {
        const wall = toWallClock(item.slot.publishAtMs, timeZone);
        const weekday = weekdayOf(wall);
        const daySlots = slotsOn(slots, weekday);
        if (daySlots === undefined) break;
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
