/**
 * What the numbers suggest: best posting slots (shrunk toward the channel's mean, with a minimum sample),
 * top and flop posts by lift over their channel's baseline, posts worth a paid boost, and A/B
 * cross-tests with the probability that B beats A. Small samples are the rule for a brand account, so
 * every estimate carries its `n` and an interval, and nothing is recommended on thin evidence.
 */
import type { ChannelId } from '../channels.ts';
import type { EditorialLine } from '../schema/index.ts';
import { slotsOn } from '../slots.ts';
import type { Weekday } from '../time.ts';
import { firstOnOrAfter, type Dataset, type MeasuredPost } from './dataset.ts';
import { interactions } from './model.ts';
import { betaDraw, betaMoments, expectedLossOfB, mean, normalCdf, normalPdf, probBBeatsA, probRateAbove, quantile, seededRandom, shrink, signTestP, tInterval } from './stats.ts';

/** Posts a slot needs before it may be recommended (research: small organic samples). */
export const MIN_SLOT_POSTS = 8;
/** Pseudo-posts of the channel's mean each slot is shrunk with. */
export const SHRINK_K = 5;

export const WEEK: readonly Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

/** The editorial line's slot group a day's posts fall in: the day itself if listed, else weekdays/weekend/daily. */
export type SlotGroup = Weekday | 'weekdays' | 'weekend' | 'daily';

export function slotGroup(slots: Partial<Record<string, string[]>> | undefined, weekday: Weekday): SlotGroup {
  const s = (slots ?? {}) as Partial<Record<string, string[]>>;
  if (s[weekday]) return weekday;
  const weekend = weekday === 'sat' || weekday === 'sun';
  if (!weekend && s.weekdays) return 'weekdays';
  if (weekend && s.weekend) return 'weekend';
  if (s.daily) return 'daily';
  return weekday;
}

export const SLOT_GROUP_ORDER: readonly SlotGroup[] = ['weekdays', 'weekend', 'daily', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

export interface SlotCell {
  /** The slot group (the line's `weekdays`, `weekend`, or a day), whose posts are pooled. */
  weekday: SlotGroup;
  time: string;
  n: number;
  /** Mean log-lift of the slot's posts, raw and shrunk toward the channel's mean; exp() reads as a lift. */
  raw: number;
  shrunk: number;
  low: number;
  high: number;
  /** n ≥ MIN_SLOT_POSTS. */
  enough: boolean;
}

export interface SlotAnalysis {
  channel: ChannelId;
  times: string[];
  cells: SlotCell[];
  channelMean: number;
  posts: number;
  /** A slot whose whole interval is above the channel's mean, with enough posts. */
  recommended: SlotCell[];
  /** Declared slots never used: worth exploring. */
  untested: { weekday: SlotGroup; time: string }[];
}

/**
 * A post's slot key ("weekdays 18:00": the line's slot group of its weekday, then its slot), per editorial
 * line, channel, weekday and time of publication: a year has a few hundred distinct ones, and every report
 * groups 26 weeks of posts by them (the site's twelve months asked for each post's slot about six times).
 */
const slotKeys = new WeakMap<EditorialLine, Map<ChannelId, Map<Weekday, Map<string, string>>>>();

function slotKeyOf(post: MeasuredPost, line: EditorialLine): string {
  let byChannel = slotKeys.get(line);
  if (!byChannel) slotKeys.set(line, (byChannel = new Map()));
  let byDay = byChannel.get(post.channel);
  if (!byDay) byChannel.set(post.channel, (byDay = new Map()));
  let byTime = byDay.get(post.weekday);
  if (!byTime) byDay.set(post.weekday, (byTime = new Map()));
  let key = byTime.get(post.time);
  if (key === undefined) byTime.set(post.time, (key = `${slotGroup(line.channels[post.channel]?.slots, post.weekday)} ${nearestSlot(post, line)}`));
  return key;
}

/** The declared slot nearest a publication time on its weekday (within 45 min), else the time rounded to 30 min. */
function nearestSlot(post: MeasuredPost, line: EditorialLine): string {
  const declared = slotsOn(line.channels[post.channel]?.slots, post.weekday) ?? [];
  const minutes = (t: string) => Number(t.slice(0, 2)) * 60 + Number(t.slice(3, 5));
  const at = minutes(post.time);
  let best: string | undefined;
  for (const slot of declared) if (Math.abs(minutes(slot) - at) <= 45 && (!best || Math.abs(minutes(slot) - at) < Math.abs(minutes(best) - at))) best = slot;
  if (best) return best;
  const rounded = Math.round(at / 30) * 30;
  return `${String(Math.floor(rounded / 60) % 24).padStart(2, '0')}:${String(rounded % 60).padStart(2, '0')}`;
}

/** Best slots of one channel over its measured posts (each post's log-lift, grouped by weekday × slot). */
export function slotAnalysis(channel: ChannelId, posts: readonly MeasuredPost[], line: EditorialLine): SlotAnalysis {
  const measured = posts.filter((p) => p.lift !== undefined && p.lift > 0);
  const logs = measured.map((p) => Math.log(p.lift!));
  const channelMean = logs.length ? mean(logs) : 0;
  const groups = new Map<string, number[]>();
  measured.forEach((post, i) => {
    const key = slotKeyOf(post, line);
    const values = groups.get(key);
    if (values) values.push(logs[i]!);
    else groups.set(key, [logs[i]!]);
  });
  return slotCells(channel, groups, channelMean, measured.length, line);
}

/**
 * `slotAnalysis` of a channel's posts published in [from, to] (days), out of the channel's whole list in
 * publication order (the dataset's `byChannel`): the same result, from each post's log-lift and slot key
 * taken once per list and line. Every report looks 26 weeks back: the site's twelve months went through
 * each post's lift and slot six times.
 */
export function slotAnalysisBetween(channel: ChannelId, posts: readonly MeasuredPost[], from: string, to: string, line: EditorialLine): SlotAnalysis {
  const index = slotIndexOf(posts, line);
  const start = firstOnOrAfter(posts, from, false);
  const end = firstOnOrAfter(posts, to, true);
  index.fill(start, end);
  const byId: (number[] | undefined)[] = new Array(index.keys.length);
  const groups = new Map<string, number[]>();
  // The window's log-lifts summed in the list's order, as mean() sums them.
  let total = 0;
  let count = 0;
  for (let i = start; i < end; i++) {
    const id = index.slots[i]!;
    if (id < 0) continue;
    const value = index.logs[i]!;
    total += value;
    count++;
    const values = byId[id];
    if (values) values.push(value);
    else groups.set(index.keys[id]!, (byId[id] = [value]));
  }
  return slotCells(channel, groups, count ? total / count : 0, count, line);
}

/**
 * A channel's posts with their log-lift and slot key (`slots[i]`: an index into `keys`; -1 for a post
 * without a positive lift), filled as windows ask for them (a dashboard's last 26 weeks need only half of a
 * year's posts).
 */
class SlotIndex {
  readonly keys: string[] = [];
  readonly slots: Int32Array;
  readonly logs: Float64Array;
  private readonly posts: readonly MeasuredPost[];
  private readonly line: EditorialLine;
  private readonly ids = new Map<string, number>();
  /** The posts filled, one range [filledFrom, filledTo): a window beside it fills the gap between them too. */
  private filledFrom = 0;
  private filledTo = 0;

  constructor(posts: readonly MeasuredPost[], line: EditorialLine) {
    this.posts = posts;
    this.line = line;
    this.slots = new Int32Array(posts.length);
    this.logs = new Float64Array(posts.length);
  }

  /** Fills the posts [start, end). */
  fill(start: number, end: number): void {
    if (this.filledFrom === this.filledTo) this.filledFrom = this.filledTo = start;
    const from = Math.min(start, this.filledFrom);
    const to = Math.max(end, this.filledTo);
    for (let i = from; i < this.filledFrom; i++) this.take(i);
    for (let i = this.filledTo; i < to; i++) this.take(i);
    this.filledFrom = from;
    this.filledTo = to;
  }

  private take(i: number): void {
    const post = this.posts[i]!;
    if (post.lift === undefined || !(post.lift > 0)) {
      this.slots[i] = -1;
      return;
    }
    const key = slotKeyOf(post, this.line);
    let id = this.ids.get(key);
    if (id === undefined) {
      this.ids.set(key, (id = this.keys.length));
      this.keys.push(key);
    }
    this.slots[i] = id;
    this.logs[i] = Math.log(post.lift);
  }
}
const slotIndexes = new WeakMap<EditorialLine, WeakMap<readonly MeasuredPost[], SlotIndex>>();

function slotIndexOf(posts: readonly MeasuredPost[], line: EditorialLine): SlotIndex {
  let byList = slotIndexes.get(line);
  if (!byList) slotIndexes.set(line, (byList = new WeakMap()));
  let index = byList.get(posts);
  // A list is not grown once built; if one were, its index is made again rather than read past its end.
  if (!index || index.slots.length !== posts.length) byList.set(posts, (index = new SlotIndex(posts, line)));
  return index;
}

/** The slots' cells, best slots and untested ones, from the log-lifts grouped by slot key (in the order the keys were met). */
function slotCells(channel: ChannelId, groups: ReadonlyMap<string, number[]>, channelMean: number, posts: number, line: EditorialLine): SlotAnalysis {
  const channelSlots = line.channels[channel]?.slots;
  const cells: SlotCell[] = [];
  for (const [key, values] of groups) {
    const [weekday, time] = key.split(' ') as [SlotGroup, string];
    const interval = tInterval(values);
    const shrunk = shrink(interval.estimate, values.length, channelMean, SHRINK_K);
    // The interval is shrunk like the mean (its width kept): an honest, simple picture of the uncertainty.
    const half = Number.isNaN(interval.low) ? NaN : (interval.high - interval.low) / 2;
    cells.push({ weekday, time, n: values.length, raw: interval.estimate, shrunk, low: shrunk - half, high: shrunk + half, enough: values.length >= MIN_SLOT_POSTS });
  }
  const declared = new Set<string>();
  for (const day of WEEK) for (const time of slotsOn(channelSlots, day) ?? []) declared.add(`${slotGroup(channelSlots, day)} ${time}`);
  const times = [...new Set([...cells.map((c) => c.time), ...[...declared].map((k) => k.split(' ')[1]!)])].sort();
  const untested = [...declared].filter((k) => !groups.has(k)).map((k) => ({ weekday: k.split(' ')[0] as SlotGroup, time: k.split(' ')[1]! }));
  cells.sort((a, b) => SLOT_GROUP_ORDER.indexOf(a.weekday) - SLOT_GROUP_ORDER.indexOf(b.weekday) || a.time.localeCompare(b.time));
  const recommended = cells.filter((c) => c.enough && c.low > channelMean).sort((a, b) => b.shrunk - a.shrunk);
  return { channel, times, cells, channelMean, posts, recommended, untested };
}

export interface RankedPost {
  post: MeasuredPost;
  lift: number;
}

/** Top and flop publications of a period by lift over their channel's baseline (never raw likes across networks). */
export function topAndFlop(posts: readonly MeasuredPost[], count = 5): { top: RankedPost[]; flop: RankedPost[] } {
  const measured = posts.filter((p) => p.lift !== undefined);
  const order = (a: MeasuredPost, b: MeasuredPost) => b.lift! - a.lift! || a.publishedMs - b.publishedMs;
  // The ends of the ranking picked out, not the month's 8,500 publications sorted: what a stable sort by
  // `order` puts first and last (a NaN, which `order` cannot rank, or no count, keeps the sort's own answer).
  if (!(count >= 1) || measured.some((p) => Number.isNaN(p.lift) || Number.isNaN(p.publishedMs))) {
    const ranked = measured.map((post) => ({ post, lift: post.lift! }));
    ranked.sort((a, b) => order(a.post, b.post));
    const top = ranked.slice(0, count);
    return { top, flop: ranked.slice(-count).reverse().filter((r) => !top.includes(r)) };
  }
  const top = firstInOrder(measured, count, (a, ia, b, ib) => order(a, b) || ia - ib);
  const flop = firstInOrder(measured, count, (a, ia, b, ib) => order(b, a) || ib - ia).filter((i) => !top.includes(i));
  const ranked = (i: number): RankedPost => ({ post: measured[i]!, lift: measured[i]!.lift! });
  return { top: top.map(ranked), flop: flop.map(ranked) };
}

/** The indexes of the `count` (≥ 1) first items of a list under a total order on (item, index), in that order. */
function firstInOrder<T>(items: readonly T[], count: number, compare: (a: T, ia: number, b: T, ib: number) => number): number[] {
  const picked: number[] = [];
  for (let i = 0; i < items.length; i++) {
    const item = items[i]!;
    if (picked.length === count) {
      const last = picked[count - 1]!;
      if (compare(item, i, items[last]!, last) >= 0) continue;
      picked.pop();
    }
    let at = picked.length;
    while (at > 0 && compare(item, i, items[picked[at - 1]!]!, picked[at - 1]!) < 0) at--;
    picked.splice(at, 0, i);
  }
  return picked;
}

/** Networks where a post can be boosted with a paid budget. */
export const BOOSTABLE: ReadonlySet<ChannelId> = new Set(['facebook', 'instagram', 'linkedin', 'x', 'threads']);

export interface BoostCandidate {
  post: MeasuredPost;
  lift: number;
  /** P(the post's rate is above its channel's baseline rate), Beta posterior. */
  confidence: number;
}

/**
 * Posts worth a paid boost: on a network that sells boosts, measured on views or reach (≥ 1,000), lift in
 * the top decile of the channel's posts, and P(rate > baseline) ≥ 0.9.
 */
export function boostCandidates(posts: readonly MeasuredPost[], dataset: Dataset): BoostCandidate[] {
  const out: BoostCandidate[] = [];
  const deciles = topDeciles(dataset);
  for (const post of posts) {
    if (!BOOSTABLE.has(post.channel) || post.lift === undefined || post.baseline === undefined) continue;
    if (post.basis === 'followers' || (post.denominator ?? 0) < 1000 || post.interactions === null) continue;
    const decile = deciles.get(post.channel);
    if (decile === undefined || post.lift < decile) continue;
    const confidence = probRateAbove(post.interactions, post.denominator!, post.baseline);
    if (confidence >= 0.9) out.push({ post, lift: post.lift, confidence });
  }
  return out.sort((a, b) => b.lift - a.lift);
}

/** Each channel's 90th percentile of lift over all its posts: computed once per dataset (every report asks). */
function topDeciles(dataset: Dataset): Map<ChannelId, number> {
  let deciles = decilesOf.get(dataset);
  if (deciles) return deciles;
  deciles = new Map();
  for (const [channel, list] of dataset.byChannel) {
    const lifts = list.map((p) => p.lift).filter((l): l is number => l !== undefined);
    if (lifts.length >= 5) deciles.set(channel, quantile(lifts, 0.9));
  }
  decilesOf.set(dataset, deciles);
  return deciles;
}
const decilesOf = new WeakMap<Dataset, Map<ChannelId, number>>();

export interface ExperimentArm {
  label: 'A' | 'B';
  posts: MeasuredPost[];
  interactions: number;
  trials: number;
  /** Mean lift of the arm's publications. */
  lift: number | null;
}

export interface ExperimentResult {
  id: string;
  kind: 'variants' | 'networks';
  arms: [ExperimentArm, ExperimentArm];
  /** P(B beats A): on rates within one channel, on lifts when the arms are two networks. */
  probBBeatsA: number | null;
  /** Expected loss of choosing B, in percentage points of rate (variants) or of lift (networks). */
  expectedLoss: number | null;
  /** Matched pairs (variants): per channel, posts of A and B in publication order. */
  pairs: number;
  signTestP: number | null;
  verdict: 'b-better' | 'a-better' | 'inconclusive' | 'not-enough-data';
  /** Trials (views, reach or followers) each arm would need to detect a 20 % relative difference. */
  neededPerArm: number | null;
}

/**
 * A/B cross-tests declared in posts (`experiment:` in the front matter, recorded on each publication as
 * `exp` and `arm`): two variant posts on the same channels, or one post on two networks (`compare`).
 */
export function experiments(dataset: Dataset): ExperimentResult[] {
  // The site's reporting pages and each month's report ask for them on one dataset: computed once.
  let results = experimentsOf.get(dataset);
  if (!results) experimentsOf.set(dataset, (results = computeExperiments(dataset)));
  return results;
}
const experimentsOf = new WeakMap<Dataset, ExperimentResult[]>();

function computeExperiments(dataset: Dataset): ExperimentResult[] {
  const byId = new Map<string, MeasuredPost[]>();
  for (const post of dataset.posts) {
    if (!post.pub.exp || (post.pub.arm !== 'A' && post.pub.arm !== 'B')) continue;
    const posts = byId.get(post.pub.exp);
    if (posts) posts.push(post);
    else byId.set(post.pub.exp, [post]);
  }
  return [...byId.keys()].sort().map((id) => {
    const posts = byId.get(id)!;
    const a = posts.filter((p) => p.pub.arm === 'A');
    const b = posts.filter((p) => p.pub.arm === 'B');
    const oneMessage = new Set(posts.map((p) => p.pub.post)).size === 1;
    return compareArms(id, oneMessage ? 'networks' : 'variants', a, b);
  });
}

function arm(label: 'A' | 'B', posts: MeasuredPost[]): ExperimentArm {
  const measured = posts.filter((p) => p.rate !== undefined);
  const lifts = measured.map((p) => p.lift).filter((l): l is number => l !== undefined);
  return {
    label,
    posts,
    interactions: measured.reduce((s, p) => s + (p.interactions ?? 0), 0),
    trials: measured.reduce((s, p) => s + (p.denominator ?? 0), 0),
    lift: lifts.length ? mean(lifts) : null,
  };
}

function compareArms(id: string, kind: 'variants' | 'networks', postsA: MeasuredPost[], postsB: MeasuredPost[]): ExperimentResult {
  const a = arm('A', postsA);
  const b = arm('B', postsB);
  const result: ExperimentResult = { id, kind, arms: [a, b], probBBeatsA: null, expectedLoss: null, pairs: 0, signTestP: null, verdict: 'not-enough-data', neededPerArm: null };
  if (a.trials === 0 || b.trials === 0) return result;
  if (kind === 'variants') {
    result.probBBeatsA = probBBeatsA(a.interactions, a.trials, b.interactions, b.trials);
    result.expectedLoss = expectedLossOfB(a.interactions, a.trials, b.interactions, b.trials) * 100;
    // Matched pairs per channel: the post is the unit (views of one post are not independent trials).
    let positives = 0;
    let pairs = 0;
    const channels = new Set([...postsA, ...postsB].map((p) => p.channel));
    for (const channel of channels) {
      const ra = postsA.filter((p) => p.channel === channel && p.rate !== undefined);
      const rb = postsB.filter((p) => p.channel === channel && p.rate !== undefined);
      for (let i = 0; i < Math.min(ra.length, rb.length); i++) {
        if (rb[i]!.rate! === ra[i]!.rate!) continue;
        pairs++;
        if (rb[i]!.rate! > ra[i]!.rate!) positives++;
      }
    }
    result.pairs = pairs;
    result.signTestP = pairs > 0 ? signTestP(positives, pairs) : null;
    const base = a.interactions / a.trials;
    result.neededPerArm = base > 0 ? sampleSizePerArm(base, 0.2) : null;
  } else {
    // Two networks: rates are not comparable, lifts over each channel's baseline are: P(lift_B > lift_A)
    // on the Beta posteriors of each rate, each divided by its channel's baseline.
    const pa = postsA.find((p) => p.rate !== undefined && p.baseline);
    const pb = postsB.find((p) => p.rate !== undefined && p.baseline);
    if (!pa || !pb) return result;
    const compared = compareLifts([1 + a.interactions, 1 + a.trials - a.interactions, pa.baseline!], [1 + b.interactions, 1 + b.trials - b.interactions, pb.baseline!]);
    result.probBBeatsA = compared.probBBeatsA;
    result.expectedLoss = compared.expectedLoss * 100;
    result.pairs = 1;
  }
  const p = result.probBBeatsA!;
  result.verdict = p >= 0.95 ? 'b-better' : p <= 0.05 ? 'a-better' : 'inconclusive';
  return result;
}

/** Below this many successes or failures in an arm, its Beta posterior is drawn, not taken as normal. */
const NORMAL_MIN_SHAPE = 30;

/**
 * P(X_B / c_B > X_A / c_A) and E[max(X_A / c_A − X_B / c_B, 0)] for X ~ Beta(α, β), c a channel baseline.
 * With at least 30 successes and 30 failures in each arm the Beta posteriors are normal to well within the
 * precision shown (and the difference of two normals has a closed form); smaller arms are drawn by Monte
 * Carlo (seeded: the same answer every run). 20,000 draws for each of a year's 40 cross-network tests took
 * a second of every report (docs/benchmarks.md, "Metrics").
 */
export function compareLifts([aA, bA, baseA]: [number, number, number], [aB, bB, baseB]: [number, number, number]): { probBBeatsA: number; expectedLoss: number } {
  if (Math.min(aA, bA, aB, bB) >= NORMAL_MIN_SHAPE) {
    const ma = betaMoments(aA, bA);
    const mb = betaMoments(aB, bB);
    // D = lift_A − lift_B ~ N(μ, σ²).
    const mu = ma.mean / baseA - mb.mean / baseB;
    const sigma = Math.sqrt(ma.variance / baseA ** 2 + mb.variance / baseB ** 2);
    if (sigma === 0) return { probBBeatsA: mu < 0 ? 1 : 0, expectedLoss: Math.max(mu, 0) };
    return { probBBeatsA: normalCdf(-mu / sigma), expectedLoss: mu * normalCdf(mu / sigma) + sigma * normalPdf(mu / sigma) };
  }
  const random = seededRandom(20_261_208);
  let wins = 0;
  let loss = 0;
  const draws = 20_000;
  for (let i = 0; i < draws; i++) {
    const liftA = betaDraw(aA, bA, random) / baseA;
    const liftB = betaDraw(aB, bB, random) / baseB;
    if (liftB > liftA) wins++;
    else loss += liftA - liftB;
  }
  return { probBBeatsA: wins / draws, expectedLoss: loss / draws };
}

/** Trials per arm for a two-proportion z-test (α = 0.05 two-sided, power 0.8) to detect a relative lift. */
export function sampleSizePerArm(baseRate: number, relativeLift: number): number {
  const p1 = baseRate;
  const p2 = baseRate * (1 + relativeLift);
  const za = 1.959963984540054;
  const zb = 0.8416212335729143;
  const pBar = (p1 + p2) / 2;
  const n = (za * Math.sqrt(2 * pBar * (1 - pBar)) + zb * Math.sqrt(p1 * (1 - p1) + p2 * (1 - p2))) ** 2 / (p2 - p1) ** 2;
  return Math.ceil(n);
}

export { interactions };
