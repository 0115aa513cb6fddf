import { describe, expect, it } from 'vitest';
import { expectedLossOfB, incompleteBeta, logGamma, median, probBBeatsA, probRateAbove, quantile, shrink, signTestP, studentTCdf, studentTQuantile, tInterval } from '../../src/core/metrics/stats.ts';
import { sampleSizePerArm } from '../../src/core/metrics/analysis.ts';

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
});
