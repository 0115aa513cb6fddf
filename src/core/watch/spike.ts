/**
 * The bad-buzz rule: is the number of distinct people posting negative (or risky) mentions in the last
 * window unusual for this brand? Pure: events, settings and an instant in, a verdict with every number
 * that led to it out (research note §4; docs/watch.md, "Spikes").
 *
 * - The unit is distinct authors (keyed pseudonyms), not mentions: one angry customer posting twenty
 *   times is a moderation case, not a bad buzz.
 * - The baseline is the same measure in every window of the past `baselineDays`, ending `guard` before
 *   now (the start of a buzz must not raise its own baseline), without the windows of past alerts. It is
 *   seasonal: windows at the same hours of the day weigh most (shrunk towards the all-day mean).
 * - Small counts: Poisson upper tail with λ floored at `lambdaFloor`; negative binomial once the history
 *   is mature and overdispersed. Guards: at least `minAuthors`, at least `minRatio` × expected.
 * - Cold start: with no baseline at all the statistics cannot speak (at most `watch`); with less than
 *   `coldStartDays` of history the verdict says "baseline immature".
 * - Risk words do not wait for statistics: two authors with risk words in a day is `severe`.
 */
export const SPIKE_LEVELS = ['none', 'watch', 'alert', 'severe'] as const;
export type SpikeLevel = (typeof SPIKE_LEVELS)[number];

export interface SpikeSettings {
  windowMs: number;
  baselineDays: number;
  guardMs: number;
  /** p below which negative authors are an `alert`. */
  alpha: number;
  /** p below which they are worth a `watch` badge. */
  watchAlpha: number;
  severeAlpha: number;
  minAuthors: number;
  watchMinAuthors: number;
  severeMinAuthors: number;
  minRatio: number;
  /** Share of negative authors among all authors of the window (else all mentions must spike too). */
  minNegativeShare: number;
  lambdaFloor: number;
  coldStartDays: number;
  /** Distinct authors with risk words within `riskWindowMs` that make it severe. */
  riskAuthors: number;
  riskWindowMs: number;
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

export const DEFAULT_SPIKE: SpikeSettings = {
  windowMs: 6 * HOUR,
  baselineDays: 28,
  guardMs: 24 * HOUR,
  alpha: 0.001,
  watchAlpha: 0.01,
  severeAlpha: 1e-5,
  minAuthors: 5,
  watchMinAuthors: 3,
  severeMinAuthors: 10,
  minRatio: 3,
  minNegativeShare: 0.4,
  lambdaFloor: 0.5,
  coldStartDays: 7,
  riskAuthors: 2,
  riskWindowMs: 24 * HOUR,
};

export interface SpikeEvent {
  atMs: number;
  /** Keyed pseudonym of the author. */
  author: string;
  /** Labelled negative, or carrying a risk word. */
  negative: boolean;
  risk: boolean;
  /** A review's stars. */
  rating?: number | undefined;
}

export interface SpikeInput {
  events: readonly SpikeEvent[];
  nowMs: number;
  settings: SpikeSettings;
  /** When the watch started collecting: before it, an empty window means "not watched", not "quiet". */
  historyStartMs: number;
  /** Periods of past alerts, left out of the baseline. */
  pastAlerts?: readonly { fromMs: number; toMs: number }[];
}

export interface SpikeVerdict {
  level: SpikeLevel;
  /** Distinct authors of negative or risky mentions in the window (N), and of all mentions (A). */
  observed: number;
  observedAll: number;
  /** Expected N and A in a window like this one (λ, floored). */
  expected: number;
  expectedAll: number;
  /** observed / expected (λ is floored, so never infinite). */
  factor: number;
  /** P(X ≥ observed | expected): how unusual N is; pAll for A. */
  p: number;
  pAll: number;
  distribution: 'poisson' | 'negative-binomial';
  window: { fromMs: number; toMs: number };
  baseline: { fromMs: number; toMs: number; windows: number; seasonal: boolean };
  /** Less than `coldStartDays` of history (or none): said in the alert. */
  immature: boolean;
  /** Distinct authors with risk words in the risk window; 1★ reviews with risk words there. */
  riskAuthors: number;
  riskReviews: number;
  /** Why the level, in plain words (English; the alert renders its own French). */
  reasons: string[];
}

/** P(X ≥ x) for X ~ Poisson(λ). */
export function poissonTail(x: number, lambda: number): number {
  if (x <= 0) return 1;
  let term = Math.exp(-lambda);
  let below = term;
  for (let i = 1; i < x; i++) {
    term *= lambda / i;
    below += term;
  }
  return Math.max(0, 1 - below);
}

/** P(X ≥ x) for a negative binomial of mean μ and dispersion k (variance μ + μ²/k). */
export function negativeBinomialTail(x: number, mean: number, k: number): number {
  if (x <= 0) return 1;
  const q = mean / (k + mean);
  let term = Math.pow(k / (k + mean), k);
  let below = term;
  for (let i = 0; i < x - 1; i++) {
    term *= ((i + k) / (i + 1)) * q;
    below += term;
  }
  return Math.max(0, 1 - below);
}

interface WindowCount {
  negative: number;
  all: number;
  fromMs: number;
}

function distinctAuthors(events: readonly SpikeEvent[], fromMs: number, toMs: number): { negative: number; all: number } {
  const all = new Set<string>();
  const negative = new Set<string>();
  for (const e of events) {
    if (e.atMs < fromMs || e.atMs >= toMs) continue;
    all.add(e.author);
    if (e.negative) negative.add(e.author);
  }
  return { negative: negative.size, all: all.size };
}

export function detectSpike(input: SpikeInput): SpikeVerdict {
  const { settings: s, nowMs } = input;
  const events = [...input.events].sort((a, b) => a.atMs - b.atMs);
  const window = { fromMs: nowMs - s.windowMs, toMs: nowMs };
  const current = distinctAuthors(events, window.fromMs, window.toMs + 1);

  // The baseline windows, from the guard band backwards, only where the watch was running.
  const baselineEnd = nowMs - s.guardMs;
  const baselineStart = Math.max(baselineEnd - s.baselineDays * DAY, input.historyStartMs);
  const counts: WindowCount[] = [];
  const buckets = bucketAuthors(events, baselineStart, baselineEnd, s.windowMs);
  for (let end = baselineEnd, index = 0; end - s.windowMs >= baselineStart; end -= s.windowMs, index++) {
    const fromMs = end - s.windowMs;
    if (input.pastAlerts?.some((a) => a.fromMs < end && a.toMs > fromMs)) continue;
    const bucket = buckets.get(index);
    counts.push({ negative: bucket?.negative.size ?? 0, all: bucket?.all.size ?? 0, fromMs });
  }
  const historyDays = (nowMs - input.historyStartMs) / DAY;
  const immature = historyDays < s.coldStartDays || counts.length === 0;
  const seasonal = DAY % s.windowMs === 0 && counts.length >= (2 * DAY) / s.windowMs;
  const expectedOf = (pick: (c: WindowCount) => number) => {
    if (counts.length === 0) return 0;
    const overall = mean(counts.map(pick));
    if (!seasonal) return overall;
    // The same hours of the day as the current window, shrunk towards the mean of every window.
    const same = counts.filter((c) => (((window.fromMs - c.fromMs) % DAY) + DAY) % DAY === 0).map(pick);
    const shrink = 2;
    return (same.reduce((a, b) => a + b, 0) + shrink * overall) / (same.length + shrink);
  };
  const muN = expectedOf((c) => c.negative);
  const muA = expectedOf((c) => c.all);
  const lambdaN = Math.max(muN, s.lambdaFloor);
  const lambdaA = Math.max(muA, s.lambdaFloor);

  // Overdispersion (reply bursts) raises the bar once the history can show it.
  const negatives = counts.map((c) => c.negative);
  const variance = negatives.length > 1 ? negatives.reduce((sum, n) => sum + (n - muN) ** 2, 0) / (negatives.length - 1) : 0;
  const useNB = !immature && historyDays >= s.baselineDays && muN > 0 && variance > 1.5 * muN;
  const p = useNB ? negativeBinomialTail(current.negative, lambdaN, (muN * muN) / (variance - muN)) : poissonTail(current.negative, lambdaN);
  const pAll = poissonTail(current.all, lambdaA);

  const riskFrom = nowMs - s.riskWindowMs;
  const riskAuthorSet = new Set<string>();
  let riskReviews = 0;
  for (const e of events) {
    if (e.atMs < riskFrom || e.atMs > nowMs || !e.risk) continue;
    riskAuthorSet.add(e.author);
    if (e.rating === 1) riskReviews++;
  }

  const reasons: string[] = [];
  const N = current.negative;
  const ratioOk = N >= s.minRatio * lambdaN;
  const shareOk = current.all > 0 && N / current.all >= s.minNegativeShare;
  let level: SpikeLevel = 'none';
  if (p < s.watchAlpha && N >= s.watchMinAuthors) {
    level = 'watch';
    reasons.push(`${N} authors of negative mentions in the window, p = ${p.toExponential(1)} < ${s.watchAlpha}`);
  }
  const statisticsSpeak = counts.length > 0;
  if (statisticsSpeak && p < s.alpha && N >= s.minAuthors && ratioOk && (shareOk || pAll < s.alpha)) {
    level = 'alert';
    reasons.push(`p < ${s.alpha}, at least ${s.minAuthors} authors, ${round(N / lambdaN)}× the expected ${round(lambdaN)}${shareOk ? '' : ', all mentions spike too'}`);
  } else if (level === 'watch' && !statisticsSpeak) reasons.push('no baseline yet: at most a watch');
  if (statisticsSpeak && p < s.severeAlpha && N >= s.severeMinAuthors && ratioOk) {
    level = 'severe';
    reasons.push(`p < ${s.severeAlpha} with ${N} ≥ ${s.severeMinAuthors} authors`);
  }
  if (riskAuthorSet.size >= s.riskAuthors) {
    level = 'severe';
    reasons.push(`${riskAuthorSet.size} authors used risk words within ${s.riskWindowMs / HOUR} h`);
  }
  if (riskReviews > 0) {
    level = 'severe';
    reasons.push(`${riskReviews} one-star review${riskReviews > 1 ? 's' : ''} with risk words`);
  }
  return {
    level,
    observed: N,
    observedAll: current.all,
    expected: round(lambdaN),
    expectedAll: round(lambdaA),
    factor: round(N / lambdaN),
    p,
    pAll,
    distribution: useNB ? 'negative-binomial' : 'poisson',
    window,
    baseline: { fromMs: baselineStart, toMs: baselineEnd, windows: counts.length, seasonal },
    immature,
    riskAuthors: riskAuthorSet.size,
    riskReviews,
    reasons,
  };
}

/** Distinct authors per baseline window, windows counted back from `end` (index 0 ends at `end`). */
function bucketAuthors(events: readonly SpikeEvent[], start: number, end: number, windowMs: number): Map<number, { negative: Set<string>; all: Set<string> }> {
  const buckets = new Map<number, { negative: Set<string>; all: Set<string> }>();
  for (const e of events) {
    if (e.atMs < start || e.atMs >= end) continue;
    const index = Math.floor((end - 1 - e.atMs) / windowMs);
    let bucket = buckets.get(index);
    if (!bucket) buckets.set(index, (bucket = { negative: new Set(), all: new Set() }));
    bucket.all.add(e.author);
    if (e.negative) bucket.negative.add(e.author);
  }
  return buckets;
}

function mean(values: readonly number[]): number {
  return values.length ? values.reduce((a, b) => a + b, 0) / values.length : 0;
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}

export function levelRank(level: SpikeLevel): number {
  return SPIKE_LEVELS.indexOf(level);
}
