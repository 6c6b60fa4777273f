import { describe, expect, it } from 'vitest';
import {
  bernoulliConfidenceSequence,
  clopperPearsonInterval,
  exactSequentialRates,
  sequentialRateDecision,
  simulateSequential,
  verdictFromInterval,
  wilsonBound,
} from '../../harness/stats/index.ts';

// Method: beta-binomial mixture confidence sequence (Robbins 1970; Howard,
// Ramdas, McAuliffe & Sekhon 2021, Ann. Statist. 49, 1055-1080).
describe('bernoulliConfidenceSequence', () => {
  it('matches the closed form at x = n and x = 0 with the uniform prior', () => {
    // Uniform prior: M_n(q) = 1 / ((n + 1) q^n) when all n succeed, so the
    // lower bound solves (n + 1) q^n = alpha: q = (alpha / (n + 1))^(1 / n).
    for (const n of [1, 4, 16, 64]) {
      const all = bernoulliConfidenceSequence(n, n, 0.05);
      expect(all.lower).toBeCloseTo((0.05 / (n + 1)) ** (1 / n), 12);
      expect(all.upper).toBe(1);
      const none = bernoulliConfidenceSequence(0, n, 0.05);
      expect(none.lower).toBe(0);
      expect(none.upper).toBeCloseTo(1 - (0.05 / (n + 1)) ** (1 / n), 12);
    }
  });

  it('is wider than the fixed-n Clopper-Pearson interval and contains x / n', () => {
    for (const [x, n] of [[3, 8], [14, 16], [29, 32], [58, 64], [32, 64]] as const) {
      const cs = bernoulliConfidenceSequence(x, n, 0.05);
      const cp = clopperPearsonInterval(x, n, 0.95);
      expect(cs.lower).toBeLessThan(cp.lower);
      expect(cs.upper).toBeGreaterThan(cp.upper);
      expect(cs.upper - cs.lower).toBeLessThan(1.6 * (cp.upper - cp.lower));
      expect(cs.estimate).toBe(x / n);
    }
  });

  it('is [0, 1] before any data and validates its input', () => {
    expect(bernoulliConfidenceSequence(0, 0)).toMatchObject({ lower: 0, upper: 1 });
    expect(() => bernoulliConfidenceSequence(5, 4)).toThrow(/must not exceed n/);
    expect(() => bernoulliConfidenceSequence(1, 4, 0)).toThrow(/alpha/);
    expect(() => bernoulliConfidenceSequence(1, 4, 0.05, { prior: { a: 0, b: 1 } })).toThrow(/prior/);
  });
});

describe('sequentialRateDecision', () => {
  it('agrees with verdictFromInterval on the confidence sequence', () => {
    const toVerdict = { pass: 'pass', fail: 'fail', continue: 'inconclusive' } as const;
    for (const n of [4, 8, 20, 64]) {
      for (let x = 0; x <= n; x++) {
        for (const side of ['atLeast', 'atMost'] as const) {
          const cs = bernoulliConfidenceSequence(x, n, 0.05);
          const d = sequentialRateDecision(x, n, 0.6, side, 0.05);
          expect(toVerdict[d]).toBe(verdictFromInterval(cs, 0.6, side));
        }
      }
    }
  });

  it('decides obvious cases and validates input', () => {
    expect(sequentialRateDecision(20, 20, 0.5, 'atLeast')).toBe('pass');
    expect(sequentialRateDecision(0, 20, 0.5, 'atLeast')).toBe('fail');
    expect(sequentialRateDecision(0, 20, 0.5, 'atMost')).toBe('pass');
    expect(sequentialRateDecision(3, 4, 0.5, 'atLeast')).toBe('continue');
    expect(sequentialRateDecision(0, 0, 0.5, 'atLeast')).toBe('continue');
    expect(() => sequentialRateDecision(1, 4, 1, 'atLeast')).toThrow(/threshold/);
    // @ts-expect-error runtime check of an invalid side
    expect(() => sequentialRateDecision(1, 4, 0.5, 'above')).toThrow(/side/);
  });
});

describe('sequential error control (looks every 4 seeds, up to 64)', () => {
  it('exact: P(ever wrongly pass) <= alpha with the true rate at the threshold', () => {
    for (const t of [0.3, 0.5, 0.6, 0.8]) {
      const r = exactSequentialRates({ trueRate: t, threshold: t, alpha: 0.05 });
      expect(r.passRate).toBeLessThanOrEqual(0.05);
      expect(r.passRate + r.failRate).toBeLessThanOrEqual(0.05); // Ville bound is joint
      // even looking after every single seed
      expect(exactSequentialRates({ trueRate: t, threshold: t, roundSize: 1 }).passRate).toBeLessThanOrEqual(0.05);
    }
  });

  it('exact: naive peeking with a fixed-n one-sided 95% Wilson bound inflates the error', () => {
    const naive = (s: number, n: number) =>
      wilsonBound(s, n, 'lower') > 0.6 ? 'pass' : wilsonBound(s, n, 'upper') < 0.6 ? 'fail' : 'continue';
    const r = exactSequentialRates({ trueRate: 0.6, threshold: 0.6, rule: naive });
    expect(r.passRate).toBeGreaterThan(0.1); // ~0.18, versus a nominal 0.05
  });

  it('simulation: error rate at the threshold stays <= alpha (+3 SE) and is reproducible', () => {
    const options = { trueRate: 0.6, threshold: 0.6, alpha: 0.05, replicates: 4000, seed: 11 };
    const r = simulateSequential(options);
    const se = Math.sqrt((0.05 * 0.95) / 4000);
    expect(r.errorRate).toBeLessThanOrEqual(0.05 + 3 * se);
    expect(r.replicates).toBe(4000);
    expect(simulateSequential(options)).toEqual(r);
    // agrees with the exact computation within simulation noise
    const exact = exactSequentialRates(options);
    expect(Math.abs(r.passRate - exact.passRate)).toBeLessThan(4 * Math.sqrt(exact.passRate / 4000) + 1e-3);
  });

  it('simulation: a clear effect (0.9 vs 0.5) stops well before 64 seeds', () => {
    const r = simulateSequential({ trueRate: 0.9, threshold: 0.5, replicates: 4000, seed: 12 });
    expect(r.passRate).toBeGreaterThan(0.99);
    expect(r.meanSeeds).toBeLessThan(20); // exact expectation: 13.06 seeds
    expect(r.meanSeeds).toBeCloseTo(exactSequentialRates({ trueRate: 0.9, threshold: 0.5 }).meanSeeds, 0);
    const low = simulateSequential({ trueRate: 0.1, threshold: 0.5, replicates: 2000, seed: 13 });
    expect(low.failRate).toBeGreaterThan(0.99);
    expect(low.errorRate).toBe(low.passRate); // claim false: a pass is the error
    expect(r.errorRate).toBe(r.failRate); // claim true: a fail is the error
  });
});
