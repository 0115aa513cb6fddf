import type { LintContext } from '../model.ts';
import type { PostSummary } from '../summary.ts';
import type { Rule } from './rule.ts';

/** What the posts reported on can be compared with (see Reach): any of these makes another post relevant. */
export interface Relevance {
  ids: ReadonlySet<string>;
  textKeys: ReadonlySet<string>;
  /** Sorted, disjoint [from, to] instants. */
  intervals: readonly (readonly [number, number])[];
}

/**
 * The posts that the collection rules need besides the targets, as a test on id, times and texts; undefined
 * when a rule does not say (then every post is needed).
 */
export function relevanceOf(rules: readonly Rule[], ctx: LintContext, targets: readonly PostSummary[]): Relevance | undefined {
  let ms = 0;
  let sameText = false;
  let sameId = false;
  for (const rule of rules) {
    if (rule.scope !== 'collection') continue;
    if (!rule.reach) return undefined;
    const reach = rule.reach(ctx);
    ms = Math.max(ms, reach.ms ?? 0);
    sameText ||= reach.sameText === true;
    sameId ||= reach.sameId === true;
  }
  const times = targets.flatMap((post) => post.slots.flatMap((slot) => (slot.publishAtMs === undefined ? [] : [slot.publishAtMs]))).sort((a, b) => a - b);
  const intervals: [number, number][] = [];
  for (const time of times) {
    const last = intervals.at(-1);
    if (last && time - ms <= last[1]) last[1] = time + ms;
    else intervals.push([time - ms, time + ms]);
  }
  return {
    ids: new Set(sameId ? targets.map((post) => post.id) : []),
    textKeys: new Set(sameText ? targets.flatMap((post) => post.slots.flatMap((slot) => (slot.textKey === undefined ? [] : [slot.textKey]))) : []),
    intervals,
  };
}

/** Whether an instant falls in one of the intervals (binary search). */
export function withinReach(relevance: Relevance, ms: number): boolean {
  const { intervals } = relevance;
  if (intervals.length === 0 || ms < intervals[0]![0] || ms > intervals.at(-1)![1]) return false;
  let low = 0;
  let high = intervals.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (intervals[middle]![1] < ms) low = middle + 1;
    else high = middle;
  }
  return low < intervals.length && intervals[low]![0] <= ms;
}

/** Whether a post is within reach of the targets (the same test as the cache runs on its compact entries). */
export function isRelevant(relevance: Relevance, post: PostSummary): boolean {
  if (relevance.ids.has(post.id)) return true;
  return post.slots.some((slot) => (slot.publishAtMs !== undefined && withinReach(relevance, slot.publishAtMs)) || (slot.textKey !== undefined && relevance.textKeys.has(slot.textKey)));
}

/** A day and a bit either side: a local day lasts up to 25 hours, and a day's bounds are computed from either end. */
export const DAY_REACH_MS = 2 * 86_400_000;
