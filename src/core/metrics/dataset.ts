/**
 * The measured publications, indexed once for every computation of a report or a dashboard page: each
 * publication with its readings, the reading it is compared on, the followers its account had that day,
 * its engagement rate with the denominator named, and its lift over its own channel's baseline.
 */
import type { ChannelId } from '../channels.ts';
import { toWallClock, weekdayOf, pad, dayKey, type Weekday } from '../time.ts';
import { interactions, MILESTONES, REFERENCE_MILESTONE, type AccountRow, type BlogRow, type Counters, type MilestoneId, type PublicationRow, type RunRow, type SnapshotRow } from './model.ts';
import { median } from './stats.ts';

export type Basis = 'reach' | 'views' | 'followers';

export interface MetricsData {
  /** As stored: a key written twice (racing runs) may repeat; the first row of each key counts. */
  publications: readonly PublicationRow[];
  snapshots: readonly SnapshotRow[];
  accounts: readonly AccountRow[];
  blog: readonly BlogRow[];
  runs: readonly RunRow[];
}

export interface MeasuredPost {
  pub: PublicationRow;
  channel: ChannelId;
  publishedMs: number;
  /** Local day, weekday and HH:MM of publication in the brand's zone. */
  day: string;
  weekday: Weekday;
  time: string;
  readings: Partial<Record<MilestoneId, SnapshotRow>>;
  /** The +7 d reading, else the latest one (younger posts), undefined before the first. */
  reference: SnapshotRow | undefined;
  latest: SnapshotRow | undefined;
  followersAtPublication: number | undefined;
  interactions: number | null;
  basis: Basis | undefined;
  denominator: number | undefined;
  /** interactions / denominator, a fraction (0.042 = 4.2 %). */
  rate: number | undefined;
  /** rate / channel baseline (median rate of the channel's previous 20 posts on the same basis). */
  lift: number | undefined;
  baseline: number | undefined;
}

/** How many earlier posts a channel's baseline takes, and how many it needs at least. */
export const BASELINE_POSTS = 20;
export const BASELINE_MIN_POSTS = 3;

/** Followers of a channel on a day: the last row on or before it (daily series, sorted). */
export class FollowerSeries {
  private readonly days = new Map<ChannelId, { d: string; followers: number; members: number | undefined }[]>();
  constructor(rows: readonly AccountRow[]) {
    for (const row of rows) {
      if (typeof row.followers !== 'number' && typeof row.members !== 'number') continue;
      let list = this.days.get(row.ch);
      if (!list) this.days.set(row.ch, (list = []));
      list.push({ d: row.d, followers: typeof row.followers === 'number' ? row.followers : NaN, members: typeof row.members === 'number' ? row.members : undefined });
    }
    for (const list of this.days.values()) list.sort((a, b) => (a.d < b.d ? -1 : a.d > b.d ? 1 : 0));
  }
  series(channel: ChannelId): readonly { d: string; followers: number; members: number | undefined }[] {
    return this.days.get(channel) ?? [];
  }
  channels(): ChannelId[] {
    return [...this.days.keys()];
  }
  /** The row on or before `day` (binary search), or undefined. */
  on(channel: ChannelId, day: string): { d: string; followers: number; members: number | undefined } | undefined {
    const list = this.days.get(channel);
    if (!list || list.length === 0 || list[0]!.d > day) return undefined;
    let lo = 0;
    let hi = list.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (list[mid]!.d <= day) lo = mid;
      else hi = mid - 1;
    }
    return list[lo];
  }
  /** The first row on or after `day`. */
  from(channel: ChannelId, day: string): { d: string; followers: number; members: number | undefined } | undefined {
    const list = this.days.get(channel);
    return list?.find((r) => r.d >= day);
  }
}

export function basisOf(reading: Counters | undefined, followers: number | undefined, pinned?: Basis): { basis: Basis; denominator: number } | undefined {
  const pick = (basis: Basis): number | undefined => {
    if (basis === 'followers') return followers;
    const value = reading?.[basis];
    return typeof value === 'number' ? value : undefined;
  };
  const order: Basis[] = pinned ? [pinned] : ['reach', 'views', 'followers'];
  for (const basis of order) {
    const denominator = pick(basis);
    if (denominator !== undefined && denominator > 0) return { basis, denominator };
  }
  return undefined;
}

export interface Dataset {
  posts: MeasuredPost[];
  byChannel: Map<ChannelId, MeasuredPost[]>;
  followers: FollowerSeries;
  blog: readonly BlogRow[];
  runs: readonly RunRow[];
  timeZone: string;
}

/** Builds the dataset: every publication with its readings, rates and lifts (channels in publication order). */
export function buildDataset(data: MetricsData, timeZone: string): Dataset {
  // Post → channel → its readings, the first of each milestone kept: nested maps, not a joined key per
  // reading (500,000 readings made as many strings; docs/benchmarks.md, "Metrics").
  const readings = new Map<string, Map<ChannelId, Partial<Record<MilestoneId, SnapshotRow>>>>();
  const readingsOf = (post: string, channel: ChannelId) => {
    let byChannel = readings.get(post);
    if (!byChannel) readings.set(post, (byChannel = new Map()));
    let entry = byChannel.get(channel);
    if (!entry) byChannel.set(channel, (entry = {}));
    return entry;
  };
  for (const snap of data.snapshots) readingsOf(snap.post, snap.ch)[snap.age] ??= snap;
  const followers = new FollowerSeries(data.accounts);
  const posts: MeasuredPost[] = [];
  const seen = new Set<Partial<Record<MilestoneId, SnapshotRow>>>();
  for (const pub of data.publications) {
    const own = readingsOf(pub.post, pub.ch);
    if (seen.has(own)) continue;
    seen.add(own);
    const publishedMs = Date.parse(pub.pub);
    if (Number.isNaN(publishedMs)) continue;
    const wall = toWallClock(publishedMs, timeZone);
    const local = { day: dayKey(wall), weekday: weekdayOf(wall) };
    const ordered = MILESTONES.map((m) => own[m.id]).filter((s): s is SnapshotRow => s !== undefined);
    const latest = ordered.at(-1);
    const reference = own[REFERENCE_MILESTONE] ?? (latest && latest.ageH < 168 ? latest : ordered.find((s) => s.ageH >= 168));
    const audience = followers.on(pub.ch, local.day);
    // Discord and Telegram count members: the audience a post reaches there.
    const followersAt = audience && !Number.isNaN(audience.followers) ? audience.followers : audience?.members;
    const follow = followersAt !== undefined && !Number.isNaN(followersAt) ? followersAt : undefined;
    const count = reference ? interactions(reference) : null;
    const base = reference ? basisOf(reference, follow) : undefined;
    posts.push({
      pub,
      channel: pub.ch,
      publishedMs,
      day: local.day,
      weekday: local.weekday,
      time: `${pad(wall.hour)}:${pad(wall.minute)}`,
      readings: own,
      reference,
      latest,
      followersAtPublication: follow,
      interactions: count,
      basis: base?.basis,
      denominator: base?.denominator,
      rate: count !== null && base ? count / base.denominator : undefined,
      lift: undefined,
      baseline: undefined,
    });
  }
  posts.sort((a, b) => a.publishedMs - b.publishedMs || a.pub.post.localeCompare(b.pub.post));
  const byChannel = new Map<ChannelId, MeasuredPost[]>();
  for (const post of posts) {
    let list = byChannel.get(post.channel);
    if (!list) byChannel.set(post.channel, (list = []));
    list.push(post);
  }
  for (const list of byChannel.values()) assignLifts(list);
  return { posts, byChannel, followers, blog: data.blog, runs: data.runs, timeZone };
}

/**
 * A post's lift is its rate over the median rate of the channel's previous 20 measured posts on the same
 * basis (with fewer than 3 earlier posts, of the channel's first posts): growth and seasonality cancel out,
 * and posts are compared with their own channel, never across networks.
 */
function assignLifts(channelPosts: MeasuredPost[]): void {
  const history = new Map<Basis, number[]>();
  const pending: MeasuredPost[] = [];
  for (const post of channelPosts) {
    if (post.rate === undefined || !post.basis) continue;
    const earlier = history.get(post.basis) ?? [];
    if (earlier.length >= BASELINE_MIN_POSTS) {
      post.baseline = median(earlier.slice(-BASELINE_POSTS));
      post.lift = post.baseline > 0 ? post.rate / post.baseline : undefined;
    } else pending.push(post);
    earlier.push(post.rate);
    history.set(post.basis, earlier);
  }
  // The channel's first posts have no history: compare them with the channel's first 20.
  for (const post of pending) {
    const first = (history.get(post.basis!) ?? []).slice(0, BASELINE_POSTS);
    if (first.length < BASELINE_MIN_POSTS) continue;
    post.baseline = median(first);
    post.lift = post.baseline > 0 ? post.rate! / post.baseline : undefined;
  }
}

/**
 * Publications whose local day is in [from, to] (inclusive days), of a list in publication order (the
 * dataset's `posts` and `byChannel` lists): found by binary search, as every report and dashboard page
 * asks for a few weeks out of a year's 100,000 publications, many times.
 */
export function postsBetween(posts: readonly MeasuredPost[], from: string, to: string): MeasuredPost[] {
  return posts.slice(firstOnOrAfter(posts, from), firstOnOrAfter(posts, to, true));
}

/** The index of the first post whose day is ≥ `day` (> `day` when `after`), in a list ordered by day. */
function firstOnOrAfter(posts: readonly MeasuredPost[], day: string, after = false): number {
  let lo = 0;
  let hi = posts.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    const d = posts[mid]!.day;
    if (d < day || (after && d === day)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
