import { describe, expect, it } from 'vitest';
import { betaDraw, expectedLossOfB, incompleteBeta, normalCdf, seededRandom, logGamma, median, probBBeatsA, probRateAbove, quantile, shrink, signTestP, studentTCdf, studentTQuantile, tInterval } from '../../src/core/metrics/stats.ts';
import { compareLifts, sampleSizePerArm } from '../../src/core/metrics/analysis.ts';

describe('statistics against known values', () => {
  it('log-gamma, incomplete beta and Student t match tables', () => {
    expect(logGamma(5)).toBeCloseTo(Math.log(24), 12);
    expect(logGamma(0.5)).toBeCloseTo(Math.log(Math.sqrt(Math.PI)), 12);
    expect(incompleteBeta(0.5, 2, 3)).toBeCloseTo(0.6875, 12); // 11/16
    expect(incompleteBeta(0.3, 1, 1)).toBeCloseTo(0.3, 12);
    expect(studentTQuantile(0.975, 10)).toBeCloseTo(2.228139, 5); // t table
    expect(studentTQuantile(0.975, 1)).toBeCloseTo(12.7062, 3);
    expect(studentTCdf(0, 7)).toBeCloseTo(0.5, 12);
    expect(studentTCdf(1.812461, 10)).toBeCloseTo(0.95, 5);
  });

  it('medians, quantiles, shrinkage and intervals', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(quantile([1, 2, 3, 4, 5], 0.9)).toBeCloseTo(4.6, 12);
    expect(shrink(1, 2, 0, 5)).toBeCloseTo(2 / 7, 12);
    const i = tInterval([1, 2, 3, 4, 5]);
    expect(i.estimate).toBe(3);
    // sd = 1.5811, se = 0.7071, t(0.975, 4) = 2.7764
    expect(i.high - i.estimate).toBeCloseTo(2.776445 * Math.sqrt(2.5) / Math.sqrt(5), 4);
  });

  it('P(B beats A) with the beta-binomial closed form (research note §3.3 examples)', () => {
    expect(probBBeatsA(120, 4000, 150, 4100)).toBeCloseTo(0.95, 2);
    expect(probBBeatsA(12, 400, 20, 400)).toBeCloseTo(0.92, 2);
    expect(probBBeatsA(10, 100, 10, 100)).toBeCloseTo(0.5, 6); // symmetric
    expect(probBBeatsA(20, 400, 12, 400) + probBBeatsA(12, 400, 20, 400)).toBeCloseTo(1, 6);
    // The expected loss of choosing the better arm is small, of the worse one large.
    expect(expectedLossOfB(120, 4000, 150, 4100)).toBeLessThan(expectedLossOfB(150, 4100, 120, 4000));
    expect(probRateAbove(50, 1000, 0.05)).toBeGreaterThan(0.45);
    expect(probRateAbove(80, 1000, 0.05)).toBeGreaterThan(0.99);
  });

  it('sign test and sample sizes (two-proportion z-test, research table)', () => {
    expect(signTestP(8, 10)).toBeCloseTo(0.109375, 9);
    expect(signTestP(5, 5)).toBeCloseTo(0.0625, 9);
    expect(sampleSizePerArm(0.03, 0.2)).toBeGreaterThan(13_800);
    expect(sampleSizePerArm(0.03, 0.2)).toBeLessThan(14_000);
    expect(Math.round(sampleSizePerArm(0.03, 0.5) / 100) * 100).toBe(2500);
  });

  it('the normal distribution function against its table', () => {
    expect(normalCdf(0)).toBeCloseTo(0.5, 7);
    expect(normalCdf(1.959964)).toBeCloseTo(0.975, 6);
    expect(normalCdf(-1)).toBeCloseTo(0.158655, 6);
    expect(normalCdf(3)).toBeCloseTo(0.99865, 5);
  });

  it('two networks compared on lifts: the normal form of large arms agrees with Monte Carlo, small arms are drawn', () => {
    const a: [number, number, number] = [1 + 180, 1 + 4000 - 180, 0.04];
    const b: [number, number, number] = [1 + 95, 1 + 1900 - 95, 0.045];
    const random = seededRandom(7);
    let wins = 0;
    let loss = 0;
    const draws = 200_000;
    for (let i = 0; i < draws; i++) {
      const liftA = betaDraw(a[0], a[1], random) / a[2];
      const liftB = betaDraw(b[0], b[1], random) / b[2];
      if (liftB > liftA) wins++;
      else loss += liftA - liftB;
    }
    const closed = compareLifts(a, b);
    expect(closed.probBBeatsA).toBeCloseTo(wins / draws, 2);
    expect(closed.expectedLoss).toBeCloseTo(loss / draws, 2);
    // Under 30 successes an arm is drawn (seeded): the same answer on every call, and a sensible one.
    const small = compareLifts([1 + 3, 1 + 100 - 3, 0.03], [1 + 12, 1 + 100 - 12, 0.03]);
    expect(small).toEqual(compareLifts([1 + 3, 1 + 100 - 3, 0.03], [1 + 12, 1 + 100 - 12, 0.03]));
    expect(small.probBBeatsA).toBeGreaterThan(0.95);
  });
});
