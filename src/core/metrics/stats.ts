/**
 * The small statistics reporting needs, hand-rolled (a few dozen lines each, tested against known values):
 * quantiles, log-gamma and the regularized incomplete beta (for Student's t and Beta tails), the Bayesian
 * beta-binomial comparison of two rates (Evan Miller's closed form), Stucchio's expected loss, and a seeded
 * generator for the Monte Carlo comparisons of lifts.
 */

export function mean(values: readonly number[]): number {
  return values.length === 0 ? NaN : values.reduce((a, b) => a + b, 0) / values.length;
}

/**
 * The values in ascending order, in a new list. A long list goes through a typed array's numeric sort (a
 * channel's year of lifts: ~10 times faster than a comparator); with a NaN, which a comparator cannot order,
 * the comparator's order is kept.
 */
function ascending(values: readonly number[]): ArrayLike<number> {
  if (values.length >= 64) {
    const sorted = Float64Array.from(values);
    if (!sorted.some(Number.isNaN)) return sorted.sort();
  }
  return [...values].sort((a, b) => a - b);
}

/** The middle value (mean of the two middle values for an even count); NaN when empty. */
export function median(values: readonly number[]): number {
  if (values.length === 0) return NaN;
  const sorted = ascending(values);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Linear-interpolated quantile (type 7, as R and NumPy by default). */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return NaN;
  const sorted = ascending(values);
  const h = (sorted.length - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.ceil(h);
  return sorted[lo]! + (h - lo) * (sorted[hi]! - sorted[lo]!);
}

/** Sample standard deviation (n − 1). */
export function sd(values: readonly number[]): number {
  if (values.length < 2) return NaN;
  const m = mean(values);
  return Math.sqrt(values.reduce((s, v) => s + (v - m) ** 2, 0) / (values.length - 1));
}

const LANCZOS = [676.5203681218851, -1259.1392167224028, 771.3234287776531, -176.6150291621406, 12.507343278686905, -0.13857109526572012, 9.984369578019572e-6, 1.5056327351493116e-7];

/** ln Γ(x) for x > 0 (Lanczos, g = 7): 15 significant digits. */
export function logGamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - logGamma(1 - x);
  const z = x - 1;
  let a = 0.9999999999998099;
  const t = z + 7.5;
  for (let i = 0; i < 8; i++) a += LANCZOS[i]! / (z + i + 1);
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(a);
}

export function logBeta(a: number, b: number): number {
  return logGamma(a) + logGamma(b) - logGamma(a + b);
}

/** Continued fraction of the incomplete beta (Numerical Recipes' betacf, modified Lentz). */
function betaContinuedFraction(a: number, b: number, x: number): number {
  const TINY = 1e-300;
  let c = 1;
  let d = 1 - ((a + b) * x) / (a + 1);
  if (Math.abs(d) < TINY) d = TINY;
  d = 1 / d;
  let h = d;
  for (let m = 1; m <= 500; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((a + m2 - 1) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + aa / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (a + b + m) * x) / ((a + m2) * (a + m2 + 1));
    d = 1 + aa * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + aa / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < 1e-14) break;
  }
  return h;
}

/** The regularized incomplete beta I_x(a, b): the CDF of Beta(a, b) at x. */
export function incompleteBeta(x: number, a: number, b: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const front = Math.exp(Math.log(x) * a + Math.log(1 - x) * b - logBeta(a, b));
  return x < (a + 1) / (a + b + 2) ? (front * betaContinuedFraction(a, b, x)) / a : 1 - (front * betaContinuedFraction(b, a, 1 - x)) / b;
}

/** Student's t CDF with `df` degrees of freedom. */
export function studentTCdf(t: number, df: number): number {
  const x = df / (df + t * t);
  const tail = 0.5 * incompleteBeta(x, df / 2, 0.5);
  return t >= 0 ? 1 - tail : tail;
}

/**
 * The t quantile (inverse CDF), by bisection to 1e-9, remembered per (p, df): every slot of every channel
 * asks for the same few (0.975 with its posts − 1 degrees of freedom).
 */
export function studentTQuantile(p: number, df: number): number {
  const key = `${p}:${df}`;
  const known = tQuantiles.get(key);
  if (known !== undefined) return known;
  let lo = -1e3;
  let hi = 1e3;
  while (hi - lo > 1e-9) {
    const mid = (lo + hi) / 2;
    if (studentTCdf(mid, df) < p) lo = mid;
    else hi = mid;
  }
  const q = (lo + hi) / 2;
  if (tQuantiles.size < 10_000) tQuantiles.set(key, q);
  return q;
}
const tQuantiles = new Map<string, number>();

export interface Interval {
  estimate: number;
  low: number;
  high: number;
  n: number;
}

/** Mean with a two-sided t interval (95 % by default); low/high NaN below two values. */
export function tInterval(values: readonly number[], level = 0.95): Interval {
  const n = values.length;
  const m = mean(values);
  if (n < 2) return { estimate: m, low: NaN, high: NaN, n };
  const half = studentTQuantile(1 - (1 - level) / 2, n - 1) * (sd(values) / Math.sqrt(n));
  return { estimate: m, low: m - half, high: m + half, n };
}

/**
 * P(p_B > p_A) for two rates with Beta(1, 1) priors, successes out of trials (Evan Miller's closed form):
 * Σ_{i=0}^{αB−1} B(αA+i, βA+βB) / ((βB+i) B(1+i, βB) B(αA, βA)).
 */
export function probBBeatsA(successesA: number, trialsA: number, successesB: number, trialsB: number): number {
  return probBetaGreater(1 + successesA, 1 + trialsA - successesA, 1 + successesB, 1 + trialsB - successesB);
}

/** P(X_B > X_A) for X_A ~ Beta(aA, bA), X_B ~ Beta(aB, bB), aB a whole number (the closed form's sum). */
export function probBetaGreater(aA: number, bA: number, aB: number, bB: number): number {
  let total = 0;
  const base = -logBeta(aA, bA);
  for (let i = 0; i < aB; i++) total += Math.exp(logBeta(aA + i, bA + bB) - Math.log(bB + i) - logBeta(1 + i, bB) + base);
  return Math.min(1, Math.max(0, total));
}

/**
 * Expected loss of choosing B (Stucchio): E[max(p_A − p_B, 0)], in rate units. Small when B is not worse
 * by more than the "threshold of caring"; reported beside P(B > A).
 */
export function expectedLossOfB(successesA: number, trialsA: number, successesB: number, trialsB: number): number {
  const aA = 1 + successesA;
  const bA = 1 + trialsA - successesA;
  const aB = 1 + successesB;
  const bB = 1 + trialsB - successesB;
  const meanA = aA / (aA + bA);
  const meanB = aB / (aB + bB);
  // E[p_A · 1(p_A > p_B)] = meanA · P(A' > B) with A' ~ Beta(aA+1, bA); likewise for B.
  const aWins = 1 - probBetaGreater(aA + 1, bA, aB, bB);
  const bLoses = 1 - probBetaGreater(aA, bA, aB + 1, bB);
  return Math.max(0, meanA * aWins - meanB * bLoses);
}

/** P(rate > threshold) for a rate seen as `successes` out of `trials`, Beta(1, 1) prior. */
export function probRateAbove(successes: number, trials: number, threshold: number): number {
  return 1 - incompleteBeta(threshold, 1 + successes, 1 + trials - successes);
}

/** Empirical-Bayes shrinkage of a group mean toward the overall mean: (n·m + k·overall) / (n + k). */
export function shrink(groupMean: number, n: number, overall: number, k: number): number {
  return (n * groupMean + k * overall) / (n + k);
}

/** The standard normal distribution function (Numerical Recipes' erfcc: relative error under 1.2e-7). */
export function normalCdf(z: number): number {
  const x = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.5 * x);
  const erfc = t * Math.exp(-x * x - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))));
  return z >= 0 ? 1 - erfc / 2 : erfc / 2;
}

/** The standard normal density. */
export function normalPdf(z: number): number {
  return Math.exp(-0.5 * z * z) / Math.sqrt(2 * Math.PI);
}

/** Mean and variance of a Beta(a, b) distribution. */
export function betaMoments(a: number, b: number): { mean: number; variance: number } {
  const n = a + b;
  return { mean: a / n, variance: (a * b) / (n * n * (n + 1)) };
}

/** mulberry32: a small seeded generator, so Monte Carlo results are the same on every run. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function normal(random: () => number): number {
  let u = 0;
  while (u === 0) u = random();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
}

/** A Gamma(shape, 1) draw (Marsaglia–Tsang). */
function gamma(shape: number, random: () => number): number {
  if (shape < 1) return gamma(shape + 1, random) * random() ** (1 / shape);
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x: number;
    let v: number;
    do {
      x = normal(random);
      v = 1 + c * x;
    } while (v <= 0);
    v = v ** 3;
    const u = random();
    if (u < 1 - 0.0331 * x ** 4 || Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v;
  }
}

export function betaDraw(a: number, b: number, random: () => number): number {
  const x = gamma(a, random);
  return x / (x + gamma(b, random));
}

/** Two-sided sign test p-value: k positives out of n non-zero pairs under p = 0.5. */
export function signTestP(positives: number, n: number): number {
  if (n === 0) return 1;
  const k = Math.min(positives, n - positives);
  let tail = 0;
  for (let i = 0; i <= k; i++) tail += Math.exp(logGamma(n + 1) - logGamma(i + 1) - logGamma(n - i + 1) - n * Math.LN2);
  return Math.min(1, 2 * tail);
}
