import { describe, expect, it } from 'vitest';
import { decideIncident, recordAfter, settleComment, type IncidentRecord } from '../../src/core/watch/incident.ts';
import { DEFAULT_SPIKE, detectSpike, negativeBinomialTail, poissonTail, type SpikeEvent } from '../../src/core/watch/spike.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const NOW = Date.parse('2026-12-08T19:00:00Z');

/** `perWindow[i]` distinct negative authors in the 6 h window ending i windows before `end`. */
function series(perWindow: readonly number[], end: number, prefix: string, negative = true): SpikeEvent[] {
  const events: SpikeEvent[] = [];
  perWindow.forEach((count, i) => {
    for (let a = 0; a < count; a++) events.push({ atMs: end - i * 6 * HOUR - 1 - a * 60_000, author: `${prefix}${i}-${a}`, negative, risk: false });
  });
  return events;
}

/** The last 6 h: `n` distinct negative authors. */
function burst(n: number, prefix = 'b', nowMs = NOW): SpikeEvent[] {
  return Array.from({ length: n }, (_, a) => ({ atMs: nowMs - 5 * HOUR + a * 60_000, author: `${prefix}${a}`, negative: true, risk: false }));
}

const baselineEnd = NOW - DEFAULT_SPIKE.guardMs;
const month = NOW - 60 * DAY;

describe('Poisson and negative binomial tails', () => {
  // The table of minimum counts in the research note (§4), computed.
  it.each([
    [0.1, 2, 3, 4],
    [0.5, 4, 5, 7],
    [1, 5, 6, 9],
    [2, 7, 9, 11],
    [5, 12, 14, 18],
    [10, 19, 22, 27],
  ])('λ = %f: the smallest alarming count is %i (p<0.01), %i (p<0.001), %i (p<1e-5)', (lambda, x01, x001, x1e5) => {
    const smallest = (alpha: number) => {
      let x = 0;
      while (poissonTail(x, lambda) >= alpha) x++;
      return x;
    };
    expect([smallest(0.01), smallest(0.001), smallest(1e-5)]).toEqual([x01, x001, x1e5]);
  });

  it('gives P(X ≥ 0) = 1 and a negative binomial tail heavier than Poisson at the same mean', () => {
    expect(poissonTail(0, 3)).toBe(1);
    expect(poissonTail(1, 0.5)).toBeCloseTo(1 - Math.exp(-0.5), 12);
    expect(negativeBinomialTail(6, 0.75, 1)).toBeGreaterThan(poissonTail(6, 0.75));
    // Very large dispersion tends to Poisson.
    expect(negativeBinomialTail(6, 0.75, 1e6)).toBeCloseTo(poissonTail(6, 0.75), 5);
  });
});

describe('the spike rule on fixed series', () => {
  it('cold start: with no baseline at all, even a busy first window is at most a watch', () => {
    const verdict = detectSpike({ events: burst(12), nowMs: NOW, settings: DEFAULT_SPIKE, historyStartMs: NOW - 3 * HOUR });
    expect(verdict.level).toBe('watch');
    expect(verdict.immature).toBe(true);
    expect(verdict.baseline.windows).toBe(0);
    expect(verdict.reasons.join(' ')).toContain('no baseline yet');
  });

  it('cold start: two days of a busy brand do not make its usual activity an alert', () => {
    // 4 to 6 negative authors in every window for two days, the same now.
    const usual = series([4, 5, 6, 4, 5, 6, 4, 5], baselineEnd, 'u');
    const verdict = detectSpike({ events: [...usual, ...burst(6)], nowMs: NOW, settings: DEFAULT_SPIKE, historyStartMs: NOW - 3 * DAY });
    expect(verdict.immature).toBe(true);
    expect(verdict.level).toBe('none');
    expect(verdict.expected).toBeGreaterThan(4);
  });

  it('an all-zero baseline: λ is floored, four authors are a watch, five an alert', () => {
    const settings = DEFAULT_SPIKE;
    const quiet = { nowMs: NOW, settings, historyStartMs: month };
    const four = detectSpike({ ...quiet, events: burst(4) });
    expect([four.level, four.expected, four.observed]).toEqual(['watch', 0.5, 4]);
    const five = detectSpike({ ...quiet, events: burst(5) });
    expect(five.level).toBe('alert');
    expect(five.p).toBeLessThan(0.001);
    expect(five.factor).toBe(10);
    const nothing = detectSpike({ ...quiet, events: [] });
    expect([nothing.level, nothing.observed, nothing.p]).toEqual(['none', 0, 1]);
  });

  it('one author posting 20 times is one author, not a bad buzz', () => {
    const angry = Array.from({ length: 20 }, (_, i) => ({ atMs: NOW - 4 * HOUR + i * 60_000, author: 'p_same', negative: true, risk: false }));
    const verdict = detectSpike({ events: angry, nowMs: NOW, settings: DEFAULT_SPIKE, historyStartMs: month });
    expect([verdict.level, verdict.observed]).toEqual(['none', 1]);
  });

  it('a slow rise over four weeks never passes the ratio guard', () => {
    // From 1 to 4 negative authors per window over 28 days; now 5.
    const windows = 28 * 4;
    const rising = series(Array.from({ length: windows }, (_, i) => Math.round(4 - (3 * i) / windows)), baselineEnd, 'r');
    const recent = series([4, 4, 5, 4], NOW - 6 * HOUR, 'g');
    const verdict = detectSpike({ events: [...rising, ...recent, ...burst(5)], nowMs: NOW, settings: DEFAULT_SPIKE, historyStartMs: month });
    expect(verdict.level).toBe('none');
    expect(verdict.expected).toBeGreaterThan(2);
  });

  it('a real burst against a quiet month is an alert, a large one severe', () => {
    const quiet = series(Array.from({ length: 28 * 4 }, (_, i) => (i % 5 === 0 ? 1 : 0)), baselineEnd, 'q');
    const alert = detectSpike({ events: [...quiet, ...burst(7)], nowMs: NOW, settings: DEFAULT_SPIKE, historyStartMs: month });
    expect(alert.level).toBe('alert');
    expect(alert.immature).toBe(false);
    expect(alert.baseline.windows).toBe(112);
    expect(alert.expected).toBe(0.5);
    const severe = detectSpike({ events: [...quiet, ...burst(12)], nowMs: NOW, settings: DEFAULT_SPIKE, historyStartMs: month });
    expect(severe.level).toBe('severe');
    expect(severe.p).toBeLessThan(1e-5);
  });

  it('needs negative authors to be a large share of the window unless everything spikes', () => {
    const quiet = series(Array.from({ length: 28 * 4 }, () => 2), baselineEnd, 'all', false);
    // 6 negative authors among 30 people praising a new product (20 %), against 2 authors a window.
    const praise = Array.from({ length: 24 }, (_, a) => ({ atMs: NOW - 2 * HOUR - a * 1000, author: `fan${a}`, negative: false, risk: false }));
    const verdict = detectSpike({ events: [...quiet, ...praise, ...burst(6)], nowMs: NOW, settings: DEFAULT_SPIKE, historyStartMs: month });
    // All mentions spike too (30 authors vs 2): still an alert, said so.
    expect(verdict.level).toBe('alert');
    expect(verdict.reasons.join(' ')).toContain('all mentions spike too');
    const steadyCrowd = series(Array.from({ length: 28 * 4 }, () => 30), baselineEnd, 'crowd', false);
    const diluted = detectSpike({ events: [...steadyCrowd, ...praise, ...burst(6)], nowMs: NOW, settings: DEFAULT_SPIKE, historyStartMs: month });
    expect(diluted.level).not.toBe('alert');
  });

  it('leaves the guard band and past alerts out of the baseline', () => {
    // A burst 12 h ago (inside the 24 h guard) does not raise the expected count.
    const earlier = Array.from({ length: 8 }, (_, a) => ({ atMs: NOW - 12 * HOUR - a * 1000, author: `e${a}`, negative: true, risk: false }));
    const verdict = detectSpike({ events: [...earlier, ...burst(6)], nowMs: NOW, settings: DEFAULT_SPIKE, historyStartMs: month });
    expect([verdict.expected, verdict.level]).toEqual([0.5, 'alert']);
    // A past alert three days ago is skipped.
    const past = Array.from({ length: 40 }, (_, a) => ({ atMs: NOW - 3 * DAY - a * 1000, author: `x${a}`, negative: true, risk: false }));
    const withPast = detectSpike({ events: [...past, ...burst(6)], nowMs: NOW, settings: DEFAULT_SPIKE, historyStartMs: month });
    const skipped = detectSpike({ events: [...past, ...burst(6)], nowMs: NOW, settings: DEFAULT_SPIKE, historyStartMs: month, pastAlerts: [{ fromMs: NOW - 3 * DAY - HOUR, toMs: NOW - 3 * DAY + HOUR }] });
    expect(skipped.baseline.windows).toBeLessThan(withPast.baseline.windows);
    expect(skipped.expected).toBeLessThanOrEqual(withPast.expected);
  });

  it('expects what the same hours of the day usually bring (seasonal baseline)', () => {
    // Every evening window (the one ending at 19:00 UTC) has 3 authors, the others none.
    const evenings = series(Array.from({ length: 28 * 4 }, (_, i) => (i % 4 === 0 ? 3 : 0)), baselineEnd, 'ev');
    const verdict = detectSpike({ events: [...evenings, ...burst(5)], nowMs: NOW, settings: DEFAULT_SPIKE, historyStartMs: month });
    expect(verdict.baseline.seasonal).toBe(true);
    expect(verdict.expected).toBeGreaterThan(2.5);
    expect(verdict.level).toBe('none');
  });

  it('switches to the negative binomial when the mature history is overdispersed', () => {
    const bursty = series(Array.from({ length: 28 * 4 }, (_, i) => (i % 10 === 0 ? 6 : 0)), baselineEnd, 'nb');
    const verdict = detectSpike({ events: [...bursty, ...burst(8)], nowMs: NOW, settings: DEFAULT_SPIKE, historyStartMs: month });
    expect(verdict.distribution).toBe('negative-binomial');
    expect(verdict.p).toBeGreaterThan(poissonTail(8, verdict.expected));
  });

  it('makes two authors with risk words in a day severe, whatever the statistics', () => {
    const risky = [
      { atMs: NOW - 20 * HOUR, author: 'p_a', negative: true, risk: true },
      { atMs: NOW - 2 * HOUR, author: 'p_b', negative: true, risk: true },
    ];
    const verdict = detectSpike({ events: risky, nowMs: NOW, settings: DEFAULT_SPIKE, historyStartMs: month });
    expect([verdict.level, verdict.riskAuthors]).toEqual(['severe', 2]);
    const oneStar = detectSpike({ events: [{ atMs: NOW - HOUR, author: 'p_c', negative: true, risk: true, rating: 1 }], nowMs: NOW, settings: DEFAULT_SPIKE, historyStartMs: month });
    expect([oneStar.level, oneStar.riskReviews]).toEqual(['severe', 1]);
    const oneAuthor = detectSpike({ events: [risky[1]!], nowMs: NOW, settings: DEFAULT_SPIKE, historyStartMs: month });
    expect(oneAuthor.level).toBe('none');
  });

  it('follows its settings', () => {
    const strict = { ...DEFAULT_SPIKE, minAuthors: 8 };
    expect(detectSpike({ events: burst(6), nowMs: NOW, settings: strict, historyStartMs: month }).level).toBe('watch');
    const shortWindow = { ...DEFAULT_SPIKE, windowMs: HOUR };
    const spread = Array.from({ length: 6 }, (_, a) => ({ atMs: NOW - (a + 1) * 50 * 60_000, author: `s${a}`, negative: true, risk: false }));
    expect(detectSpike({ events: spread, nowMs: NOW, settings: shortWindow, historyStartMs: month }).observed).toBe(1);
  });
});

describe('incidents: one issue per incident, cooldown, resolution', () => {
  const timing = { cooldownMs: 6 * HOUR, resolveAfterMs: 24 * HOUR, updateEveryMs: HOUR };
  const verdictAt = (events: SpikeEvent[], nowMs: number) => detectSpike({ events, nowMs, settings: DEFAULT_SPIKE, historyStartMs: month });

  it('opens, then comments only when the level rises or new authors came after an hour, then resolves', () => {
    const first = verdictAt(burst(6), NOW);
    expect(decideIncident(first, undefined, NOW, timing)).toEqual({ action: 'open' });
    const record = recordAfter({ action: 'open' }, first, NOW, 'veille-20261208-1900')!;
    const opened: IncidentRecord = { ...record, issue: { number: 1, url: 'u' }, lastComment: { at: new Date(NOW).toISOString(), observed: 6, level: 'alert' } };
    // Fifteen minutes later, one more author: too soon to comment.
    expect(decideIncident(verdictAt(burst(7), NOW + 15 * 60_000), opened, NOW + 15 * 60_000, timing)).toEqual({ action: 'none' });
    // An hour later with more authors: a comment.
    expect(decideIncident(verdictAt(burst(8), NOW + HOUR), opened, NOW + HOUR, timing)).toMatchObject({ action: 'update', reason: 'grew' });
    // Severe at once: a comment, whatever the time.
    expect(decideIncident(verdictAt(burst(12), NOW + 10 * 60_000), opened, NOW + 10 * 60_000, timing)).toMatchObject({ action: 'update', reason: 'escalated' });
    // Quiet for less than a day: still open; a day after the last alert: resolved.
    expect(decideIncident(verdictAt([], NOW + 10 * HOUR), opened, NOW + 10 * HOUR, timing)).toEqual({ action: 'none' });
    const resolved = decideIncident(verdictAt([], NOW + 25 * HOUR), opened, NOW + 25 * HOUR, timing);
    expect(resolved.action).toBe('resolve');
    // An incident whose issue could not be opened is retried at the next alerting run.
    const { issue: _issue, ...unopened } = opened;
    expect(decideIncident(verdictAt(burst(7), NOW + 15 * 60_000), unopened, NOW + 15 * 60_000, timing)).toMatchObject({ action: 'update', reason: 'retry' });
  });

  it('a new spike within the cooldown of a resolved incident goes to the same issue', () => {
    const record: IncidentRecord = { id: 'veille-1', openedAt: new Date(NOW - 30 * HOUR).toISOString(), lastAlertAt: new Date(NOW - 2 * HOUR).toISOString(), level: 'alert', peak: 6, fromMs: NOW - 30 * HOUR, toMs: NOW - 2 * HOUR, resolvedAt: new Date(NOW - HOUR).toISOString(), issue: { number: 12, url: 'u' } };
    expect(decideIncident(verdictAt(burst(6), NOW), record, NOW, timing)).toMatchObject({ action: 'update', reason: 'reopened' });
    expect(decideIncident(verdictAt(burst(6, 'n', NOW + 7 * HOUR), NOW + 7 * HOUR), record, NOW + 7 * HOUR, timing)).toEqual({ action: 'open' });
    const reopened = recordAfter({ action: 'update', incident: record, reason: 'reopened' }, verdictAt(burst(6), NOW), NOW, 'ignored')!;
    expect(reopened.resolvedAt).toBeUndefined();
    expect(reopened.issue).toEqual({ number: 12, url: 'u' });
  });
});

describe('a comment claimed but not recorded', () => {
  const base: IncidentRecord = { id: 'veille-1', openedAt: '2026-12-08T16:00:00.000Z', lastAlertAt: '2026-12-08T17:00:00.000Z', level: 'alert', peak: 8, issue: { number: 1, url: 'u' }, lastComment: { at: '2026-12-08T16:00:00.000Z', observed: 6, level: 'alert' }, fromMs: 0, toMs: 1 };
  const pending = (kind: 'update' | 'resolve') => ({ key: '2026-12-08T17:00:00.000Z', kind, at: '2026-12-08T17:00:00.000Z', observed: 8, level: 'severe' as const });

  it('found on the issue, takes effect: an update is the last comment, a resolution resolves', () => {
    expect(settleComment({ ...base, pendingComment: pending('update') }, true)).toEqual({ ...base, lastComment: { at: '2026-12-08T17:00:00.000Z', observed: 8, level: 'severe' } });
    expect(settleComment({ ...base, pendingComment: pending('resolve') }, true)).toEqual({ ...base, resolvedAt: '2026-12-08T17:00:00.000Z' });
  });

  it('not found, leaves the record as before the claim (the decision may post it again)', () => {
    expect(settleComment({ ...base, pendingComment: pending('update') }, false)).toEqual(base);
    expect(settleComment({ ...base, pendingComment: pending('resolve') }, false)).toEqual(base);
    expect(settleComment(base, true)).toEqual(base);
  });
});
