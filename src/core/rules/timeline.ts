import type { ChannelId } from '../channels.ts';
import type { ChannelSlot, PostSummary } from '../summary.ts';

export interface Scheduled {
  post: PostSummary;
  slot: ChannelSlot & { publishAtMs: number };
}

/** Ready posts' resolved times per channel, sorted by time (then file), built once per lint run. */
export interface Timeline {
  byChannel: ReadonlyMap<ChannelId, readonly Scheduled[]>;
}

const built = new WeakMap<readonly PostSummary[], Timeline>();

/**
 * The rules that compare posts (cadence per day, gaps, slots) share one timeline per run, so that
 * linting one file in a 10,000-post repository costs a sort, not a wall-clock computation per post.
 * Drafts are not on the calendar; the blog has no cadence.
 */
export function timelineOf(posts: readonly PostSummary[]): Timeline {
  let timeline = built.get(posts);
  if (timeline) return timeline;
  const byChannel = new Map<ChannelId, Scheduled[]>();
  for (const post of posts) {
    if (post.status !== 'ready') continue;
    for (const slot of post.slots) {
      if (slot.publishAtMs === undefined || slot.channel === 'blog') continue;
      let list = byChannel.get(slot.channel);
      if (!list) byChannel.set(slot.channel, (list = []));
      list.push({ post, slot: slot as Scheduled['slot'] });
    }
  }
  for (const list of byChannel.values()) {
    list.sort((a, b) => a.slot.publishAtMs - b.slot.publishAtMs || (a.post.file < b.post.file ? -1 : a.post.file > b.post.file ? 1 : 0));
  }
  timeline = { byChannel };
  built.set(posts, timeline);
  return timeline;
}

/** Index of the first item at or after `ms` (binary search). */
export function firstAtOrAfter(list: readonly Scheduled[], ms: number): number {
  let low = 0;
  let high = list.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (list[middle]!.slot.publishAtMs < ms) low = middle + 1;
    else high = middle;
  }
  return low;
}

const targetsOf = new WeakMap<readonly Scheduled[], { targets: ReadonlySet<string>; items: readonly Scheduled[] }>();

/** The items of a timeline that belong to the files being linted (computed once per run and channel). */
export function targetItems(list: readonly Scheduled[], targets: ReadonlySet<string> | undefined): readonly Scheduled[] {
  if (!targets) return list;
  const cached = targetsOf.get(list);
  if (cached?.targets === targets) return cached.items;
  const items = list.filter((item) => targets.has(item.post.file));
  targetsOf.set(list, { targets, items });
  return items;
}
