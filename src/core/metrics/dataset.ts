/**
 * The measured publications, indexed once for every computation of a report or a dashboard page: each
 * publication with its readings, the reading it is compared on, the followers its account had that day,
 * its engagement rate with the denominator named, and its lift over its own channel's baseline.
 */
import type { ChannelId } from '../channels.ts';
import { toWallClock, weekdayOf, pad, dayKey, type Weekday } from '../time.ts';
import { interactions, METRIC_NAMES, MILESTONES, REFERENCE_MILESTONE, type AccountRow, type BlogRow, type Counters, type MetricName, type PublicationRow, type RunRow, type SnapshotRow } from './model.ts';
import { firstIndex } from './search.ts';
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
  /** Of its readings (the first of each milestone): the counters any of them gave (a mask: `metricBit`), how many were late. */
  givenMetrics: number;
  lateReadings: number;
  /**
   * The +7 d reading, else the latest one (younger posts), undefined before the first. Read from the fold
   * when asked: a cached fold decodes its readings only then (most reports need a few weeks of a year's).
   */
  readonly reference: SnapshotRow | undefined;
  readonly latest: SnapshotRow | undefined;
  /** The latest reading's link clicks, when the network gave them (what a clicks objective adds up over its whole span). */
  latestClicks: number | undefined;
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
  /** The blog's UTM rows (visits from the brand's tagged links): what reports count. Page rows are not kept. */
  blog: readonly BlogRow[];
  /** The first day of any blog analytics row, pages included (where a clicks objective starts by default). */
  blogFirstDay: string | undefined;
  runs: readonly RunRow[];
  timeZone: string;
}

/**
 * What a post keeps of its readings, folded as rows arrive (the first row of each milestone counts): the
 * readings it is compared and listed on, which counters any of them gave and how many were late. A year
 * of 500,000 readings then never lives in memory at once (docs/benchmarks.md, "Metrics: speed").
 */
export interface PairFold {
  pub: PublicationRow | undefined;
  /** Bit i: the first row of MILESTONES[i] was taken. */
  seen: number;
  reference7d: SnapshotRow | undefined;
  latest: SnapshotRow | undefined;
  latestIndex: number;
  /** The first reading, in milestone order, taken at 7 days of age or later (a late run's). */
  lateReference: SnapshotRow | undefined;
  lateReferenceIndex: number;
  given: number;
  late: number;
  /** What building a post needs of these readings, when it was kept with the fold (a cached one): see `summaryOf`. */
  summary?: FoldSummary | undefined;
}

/**
 * What a post's build needs of its fold beyond the descriptor's common fields: its instant (NaN when the
 * descriptor's date cannot be read), whether it has a reference reading, that reading's interactions, reach
 * and views (its engagement rate's numerator and possible denominators), and its latest reading's clicks. A
 * cached fold keeps it, so that building a dataset reads none of its readings.
 */
export interface FoldSummary {
  publishedMs: number;
  reference: boolean;
  interactions: number | null;
  reach: number | null;
  views: number | null;
  latestClicks: number | null;
}

/** A fold's summary: the one kept with it, else made from its readings (and kept until a row changes them). */
export function summaryOf(fold: PairFold): FoldSummary {
  if (fold.summary) return fold.summary;
  const reference = referenceOf(fold);
  const count = (value: number | null | undefined) => (typeof value === 'number' ? value : null);
  return (fold.summary = { publishedMs: fold.pub ? Date.parse(fold.pub.pub) : NaN, reference: reference !== undefined, interactions: reference ? interactions(reference) : null, reach: count(reference?.reach), views: count(reference?.views), latestClicks: count(fold.latest?.clicks) });
}

const MILESTONE_INDEX = new Map<string, number>(MILESTONES.map((m, i) => [m.id, i]));
const REFERENCE_INDEX = MILESTONE_INDEX.get(REFERENCE_MILESTONE)!;
const METRIC_BITS: readonly (readonly [MetricName, number])[] = METRIC_NAMES.map((m, i) => [m, 1 << i] as const);

/** The counters a set of readings gave, as a bit mask over METRIC_NAMES (see `metricBit`). */
function metricsGiven(reading: Counters): number {
  let mask = 0;
  for (const [name, bit] of METRIC_BITS) if (typeof reading[name] === 'number') mask |= bit;
  return mask;
}

/** A metric's bit in the masks of MeasuredPost.givenMetrics. */
export function metricBit(metric: MetricName): number {
  return 1 << METRIC_NAMES.indexOf(metric);
}

/**
 * What `build` derives for a post that costs (its local time, its lift): [fold index, day, weekday, time,
 * lift, baseline], in the dataset's order. Handed back to `build` with the same folds, posts are made in
 * that order without converting times, sorting or computing lifts again.
 */
export type BuiltPost = [number, string, Weekday, string, number | null, number | null];

/** The reading a post is compared on: the +7 d one; else the latest if the post is younger; else the first one read at 7 days or later. */
function referenceOf(fold: PairFold): SnapshotRow | undefined {
  const latest = fold.latest;
  return fold.reference7d ?? (latest && latest.ageH < 168 ? latest : fold.lateReference);
}

/** A measured post whose readings stay in its fold until asked for (`reference`, `latest`). */
class Measured implements MeasuredPost {
  readonly #fold: PairFold;
  readonly #index: number;
  readonly pub: PublicationRow;
  readonly channel: ChannelId;
  readonly publishedMs: number;
  readonly day: string;
  readonly weekday: Weekday;
  readonly time: string;
  readonly givenMetrics: number;
  readonly lateReadings: number;
  readonly latestClicks: number | undefined;
  readonly followersAtPublication: number | undefined;
  readonly interactions: number | null;
  readonly basis: Basis | undefined;
  readonly denominator: number | undefined;
  readonly rate: number | undefined;
  lift: number | undefined = undefined;
  baseline: number | undefined = undefined;

  constructor(fold: PairFold, index: number, summary: FoldSummary, local: { day: string; weekday: Weekday; time: string }, followers: number | undefined) {
    const base = summary.reference ? basisOf(summary, followers) : undefined;
    this.#fold = fold;
    this.#index = index;
    this.pub = fold.pub!;
    this.channel = this.pub.ch;
    this.publishedMs = summary.publishedMs;
    this.day = local.day;
    this.weekday = local.weekday;
    this.time = local.time;
    this.givenMetrics = fold.given;
    this.lateReadings = fold.late;
    this.latestClicks = summary.latestClicks ?? undefined;
    this.followersAtPublication = followers;
    this.interactions = summary.interactions;
    this.basis = base?.basis;
    this.denominator = base?.denominator;
    this.rate = summary.interactions !== null && base ? summary.interactions / base.denominator : undefined;
  }

  get reference(): SnapshotRow | undefined {
    return referenceOf(this.#fold);
  }

  get latest(): SnapshotRow | undefined {
    return this.#fold.latest;
  }

  /** What `build` keeps of this post for a later build of the same folds (`BuiltPost`). */
  built(): BuiltPost {
    return [this.#index, this.day, this.weekday, this.time, this.lift ?? null, this.baseline ?? null];
  }

  /** The post as JSON gives it: its readings included, keys in the order they always had (`latestClicks` is the latest reading's). */
  toJSON(): object {
    const { pub, channel, publishedMs, day, weekday, time, givenMetrics, lateReadings, reference, latest, followersAtPublication, interactions, basis, denominator, rate, lift, baseline } = this;
    return { pub: plainPublication(pub), channel, publishedMs, day, weekday, time, givenMetrics, lateReadings, reference, latest, followersAtPublication, interactions, basis, denominator, rate, lift, baseline };
  }
}

/** A descriptor as a plain row: one decoded when read (a cached one, src/metrics/cached-fold.ts) gives its row. */
export function plainPublication(pub: PublicationRow): PublicationRow {
  const lazy = pub as PublicationRow & { toJSON?: () => PublicationRow };
  return typeof lazy.toJSON === 'function' ? lazy.toJSON() : pub;
}

/**
 * A measured post as a plain object with every field, its descriptor and readings as plain rows: what a
 * structured clone (a worker thread's message) keeps whole. A post of a dataset reads its readings and part
 * of its descriptor when asked, through getters a clone would drop.
 */
export function plainPost(post: MeasuredPost): MeasuredPost {
  const { channel, publishedMs, day, weekday, time, givenMetrics, lateReadings, reference, latest, latestClicks, followersAtPublication, interactions, basis, denominator, rate, lift, baseline } = post;
  return { pub: plainPublication(post.pub), channel, publishedMs, day, weekday, time, givenMetrics, lateReadings, reference, latest, latestClicks, followersAtPublication, interactions, basis, denominator, rate, lift, baseline };
}

/**
 * Builds a dataset from rows handed over one at a time, in the order they are stored (a file loader
 * streams them; `buildDataset` takes arrays): the first publication row and the first reading of each
 * milestone of a pair count, as before.
 */
export class DatasetBuilder {
  // Post → channel → its fold: nested maps, not a joined key per reading (500,000 readings made as many strings).
  private readonly pairs = new Map<string, Map<ChannelId, PairFold>>();
  private order: PairFold[] = [];

  /** What `build` derived for each post of a dataset it built, to be handed back to `build` (a cache keeps it). */
  static built(dataset: Dataset): BuiltPost[] {
    return dataset.posts.map((post) => (post as Measured).built());
  }

  /** A builder holding a fold saved earlier (src/metrics/dataset-cache.ts keeps it between runs). */
  static from(folds: PairFold[]): DatasetBuilder {
    const builder = new DatasetBuilder();
    builder.order = folds;
    return builder;
  }

  /**
   * Everything folded so far: the publications in the order they came, then the pairs that only have
   * readings yet (their descriptor may sit in another file, or come later). What one file of
   * data/metrics/ contributes, for `resume` and `mergeFileFolds`.
   */
  entries(): PairFold[] {
    const orphans: PairFold[] = [];
    for (const byChannel of this.pairs.values()) for (const entry of byChannel.values()) if (!entry.pub) orphans.push(entry);
    return orphans.length ? [...this.order, ...orphans] : this.order;
  }

  /** A builder that goes on folding rows after the ones `entries()` came from (the bytes appended to a file since). */
  static resume(entries: readonly PairFold[]): DatasetBuilder {
    const builder = new DatasetBuilder();
    for (const entry of entries) {
      const [post, channel] = pairOf(entry);
      let byChannel = builder.pairs.get(post);
      if (!byChannel) builder.pairs.set(post, (byChannel = new Map()));
      byChannel.set(channel, entry);
      if (entry.pub) builder.order.push(entry);
    }
    return builder;
  }

  /** The fold of a pair, if any row of it was added. */
  foldOf(post: string, channel: ChannelId): PairFold | undefined {
    return this.pairs.get(post)?.get(channel);
  }

  private fold(post: string, channel: ChannelId): PairFold {
    let byChannel = this.pairs.get(post);
    if (!byChannel) this.pairs.set(post, (byChannel = new Map()));
    let entry = byChannel.get(channel);
    if (!entry) byChannel.set(channel, (entry = { pub: undefined, seen: 0, reference7d: undefined, latest: undefined, latestIndex: -1, lateReference: undefined, lateReferenceIndex: -1, given: 0, late: 0, summary: undefined }));
    return entry;
  }

  addPublication(pub: PublicationRow): void {
    const entry = this.fold(pub.post, pub.ch);
    if (entry.pub) return;
    entry.pub = pub;
    entry.summary = undefined;
    this.order.push(entry);
  }

  addSnapshot(snap: SnapshotRow): void {
    const index = MILESTONE_INDEX.get(snap.age);
    if (index === undefined) return;
    const entry = this.fold(snap.post, snap.ch);
    const bit = 1 << index;
    if (entry.seen & bit) return;
    entry.seen |= bit;
    entry.summary = undefined;
    entry.given |= metricsGiven(snap);
    if (snap.late) entry.late++;
    if (index === REFERENCE_INDEX) entry.reference7d = snap;
    if (index > entry.latestIndex) {
      entry.latest = snap;
      entry.latestIndex = index;
    }
    if (snap.ageH >= 168 && (entry.lateReferenceIndex < 0 || index < entry.lateReferenceIndex)) {
      entry.lateReference = snap;
      entry.lateReferenceIndex = index;
    }
  }

  /** The dataset of what was added, with the accounts, blog and run rows as loaded (`blogFirstDay`: given when `blog` holds only UTM rows already). */
  build(rest: Pick<MetricsData, 'accounts' | 'blog' | 'runs'> & { blogFirstDay?: string }, timeZone: string, built?: readonly BuiltPost[]): Dataset {
    const followers = new FollowerSeries(rest.accounts);
    const followersOn = (channel: ChannelId, day: string): number | undefined => {
      const audience = followers.on(channel, day);
      // Discord and Telegram count members: the audience a post reaches there.
      const followersAt = audience && !Number.isNaN(audience.followers) ? audience.followers : audience?.members;
      return followersAt !== undefined && !Number.isNaN(followersAt) ? followersAt : undefined;
    };
    const posts: Measured[] = [];
    if (built) {
      // Saved from an earlier build of the same folds in the same zone: in order, with what their readings gave.
      for (const [index, day, weekday, time, lift, baseline] of built) {
        const entry = this.order[index]!;
        const post = new Measured(entry, index, summaryOf(entry), { day, weekday, time }, followersOn(entry.pub!.ch, day));
        post.lift = lift ?? undefined;
        post.baseline = baseline ?? undefined;
        posts.push(post);
      }
    } else {
      for (let index = 0; index < this.order.length; index++) {
        const entry = this.order[index]!;
        const summary = summaryOf(entry);
        if (Number.isNaN(summary.publishedMs)) continue;
        const wall = toWallClock(summary.publishedMs, timeZone);
        const day = dayKey(wall);
        posts.push(new Measured(entry, index, summary, { day, weekday: weekdayOf(wall), time: `${pad(wall.hour)}:${pad(wall.minute)}` }, followersOn(entry.pub!.ch, day)));
      }
      posts.sort((a, b) => a.publishedMs - b.publishedMs || a.pub.post.localeCompare(b.pub.post));
    }
    const byChannel = new Map<ChannelId, MeasuredPost[]>();
    for (const post of posts) {
      let list = byChannel.get(post.channel);
      if (!list) byChannel.set(post.channel, (list = []));
      list.push(post);
    }
    if (!built) for (const list of byChannel.values()) assignLifts(list);
    return { posts, byChannel, followers, blog: rest.blog.filter((row) => 'src' in row), blogFirstDay: 'blogFirstDay' in rest ? rest.blogFirstDay : firstDay(rest.blog), runs: rest.runs, timeZone };
  }
}

/** The post and channel of a fold (a fold always holds its descriptor or at least one reading). */
function pairOf(entry: PairFold): [string, ChannelId] {
  const row = entry.pub ?? entry.latest ?? entry.reference7d ?? entry.lateReference!;
  return [row.post, row.ch];
}

/**
 * The folds of several files merged as one DatasetBuilder fed the files' rows one file after the other
 * would fold them (`files[i]`: file i's `entries()`, files in the order they are read): a pair's
 * descriptor is its first file's, its place in the order that file's, and its first reading of each
 * milestone the first file's that has one. A pair whose files hold the same milestone twice (a reading
 * stored in two files after a merge) cannot be merged from the folds: `replay` folds those pairs again
 * from the rows of the files named (the rare case; the result is then the same as a full read). Undefined
 * when no pair spans two files: the files' publications one file after the other are then the merge.
 */
export function mergeFileFolds(files: readonly (readonly PairFold[])[], replay: (pairs: ReadonlyMap<string, ReadonlySet<ChannelId>>, files: readonly number[]) => DatasetBuilder): PairFold[] | undefined {
  // Post → channel → its fold, or every file's fold of the pair when several files hold it.
  const pairs = new Map<string, Map<ChannelId, PairFold | Split>>();
  let splits = 0;
  for (const list of files) {
    for (const entry of list) {
      const [post, channel] = pairOf(entry);
      let byChannel = pairs.get(post);
      if (!byChannel) pairs.set(post, (byChannel = new Map()));
      const known = byChannel.get(channel);
      if (known === undefined) byChannel.set(channel, entry);
      else if (known instanceof Split) known.parts.push(entry);
      else {
        byChannel.set(channel, new Split([known, entry]));
        splits++;
      }
    }
  }
  // Every pair in one file (the usual case): the files' publications one file after the other are the merge.
  if (splits === 0) return undefined;
  const order: PairFold[] = [];
  resolveSplits(files, pairs, replay);
  for (const list of files) {
    for (const entry of list) {
      if (!entry.pub) continue;
      const [post, channel] = pairOf(entry);
      const known = pairs.get(post)!.get(channel)!;
      if (!(known instanceof Split)) order.push(entry);
      else if (!known.placed) {
        known.placed = true;
        order.push(known.merged!);
      }
    }
  }
  return order;
}

class Split {
  placed = false;
  merged: PairFold | undefined;
  readonly parts: PairFold[];
  constructor(parts: PairFold[]) {
    this.parts = parts;
  }
}

function resolveSplits(files: readonly (readonly PairFold[])[], pairs: Map<string, Map<ChannelId, PairFold | Split>>, replay: (pairs: ReadonlyMap<string, ReadonlySet<ChannelId>>, files: readonly number[]) => DatasetBuilder): void {
  const conflicts = new Map<string, Set<ChannelId>>();
  for (const [post, byChannel] of pairs) {
    for (const [channel, known] of byChannel) {
      if (!(known instanceof Split)) continue;
      known.merged = mergeDisjoint(known.parts);
      if (!known.merged) {
        let set = conflicts.get(post);
        if (!set) conflicts.set(post, (set = new Set()));
        set.add(channel);
      }
    }
  }
  if (conflicts.size === 0) return;
  const involved: number[] = [];
  files.forEach((list, index) => {
    if (list.some((entry) => conflicts.get(pairOf(entry)[0])?.has(pairOf(entry)[1]))) involved.push(index);
  });
  const again = replay(conflicts, involved);
  for (const [post, channels] of conflicts) {
    for (const channel of channels) (pairs.get(post)!.get(channel) as Split).merged = again.foldOf(post, channel);
  }
}

/** The folds of one pair from several files, in file order, merged; undefined when two files hold the same milestone. */
function mergeDisjoint(parts: readonly PairFold[]): PairFold | undefined {
  const merged: PairFold = { pub: undefined, seen: 0, reference7d: undefined, latest: undefined, latestIndex: -1, lateReference: undefined, lateReferenceIndex: -1, given: 0, late: 0, summary: undefined };
  for (const part of parts) {
    if (merged.seen & part.seen) return undefined;
    merged.pub ??= part.pub;
    merged.seen |= part.seen;
    merged.given |= part.given;
    merged.late += part.late;
    merged.reference7d ??= part.reference7d;
    if (part.latestIndex > merged.latestIndex) {
      merged.latest = part.latest;
      merged.latestIndex = part.latestIndex;
    }
    if (part.lateReferenceIndex >= 0 && (merged.lateReferenceIndex < 0 || part.lateReferenceIndex < merged.lateReferenceIndex)) {
      merged.lateReference = part.lateReference;
      merged.lateReferenceIndex = part.lateReferenceIndex;
    }
  }
  return merged;
}

/** The first day of a list of blog rows. */
export function firstDay(rows: readonly BlogRow[]): string | undefined {
  let min: string | undefined;
  for (const row of rows) if (min === undefined || row.d < min) min = row.d;
  return min;
}

/** Builds the dataset: every publication with its readings, rates and lifts (channels in publication order). */
export function buildDataset(data: MetricsData, timeZone: string): Dataset {
  const builder = new DatasetBuilder();
  for (const snap of data.snapshots) builder.addSnapshot(snap);
  for (const pub of data.publications) builder.addPublication(pub);
  return builder.build(data, timeZone);
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
      post.baseline = medianOfLast(earlier, BASELINE_POSTS);
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
 * `median(values.slice(-count))` without the copies: an insertion sort of at most `count` numbers, stable as
 * Array#sort is (the same order, the same middle values). Every post's baseline takes one: 100,000 of them.
 */
function medianOfLast(values: readonly number[], count: number): number {
  const n = Math.min(count, values.length);
  const start = values.length - n;
  const sorted = SCRATCH.length >= n ? SCRATCH : (SCRATCH = new Float64Array(n));
  for (let i = 0; i < n; i++) {
    const value = values[start + i]!;
    let j = i - 1;
    while (j >= 0 && sorted[j]! - value > 0) {
      sorted[j + 1] = sorted[j]!;
      j--;
    }
    sorted[j + 1] = value;
  }
  const mid = n >> 1;
  return n % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
let SCRATCH = new Float64Array(BASELINE_POSTS);

/**
 * Publications whose local day is in [from, to] (inclusive days), of a list in publication order (the
 * dataset's `posts` and `byChannel` lists): found by binary search, as every report and dashboard page
 * asks for a few weeks out of a year's 100,000 publications, many times.
 */
export function postsBetween(posts: readonly MeasuredPost[], from: string, to: string): MeasuredPost[] {
  return posts.slice(firstOnOrAfter(posts, from), firstOnOrAfter(posts, to, true));
}

/** The index of the first post whose day is ≥ `day` (> `day` when `after`), in a list ordered by day. */
export function firstOnOrAfter(posts: readonly MeasuredPost[], day: string, after = false): number {
  return firstIndex(posts.length, after ? (i) => posts[i]!.day > day : (i) => posts[i]!.day >= day);
}
