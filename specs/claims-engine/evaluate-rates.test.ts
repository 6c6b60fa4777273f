import { describe, expect, it } from 'vitest';
import type { CompareExpectation, RateExpectation } from '../../harness/claims/claim-types.ts';
import { evaluateExpectation } from '../../harness/claims/evaluate-claim.ts';
import { armSeeds, byArm, times } from './helpers.ts';

const rate = (atLeast: number): RateExpectation => ({ kind: 'rate', arm: 'a', outcome: 'sequential', atLeast });
const compare = (minDifference: number): CompareExpectation => ({ kind: 'compare', higher: 'a', lower: 'b', outcome: 'sequential', minDifference });
const seqOf = (x: number, n: number, arm = 'a') => armSeeds(arm, [...times(x, 'sequential'), ...times(n - x, 'memorised')]);

describe('rate expectations (Wilson, fixed n)', () => {
  it('8/8 sequential vs atLeast 0.5 passes: Wilson 95% lower = 8 / (8 + 1.96^2) = 0.6756', () => {
    const r = evaluateExpectation(rate(0.5), byArm(seqOf(8, 8)), 0.95);
    expect(r.status).toBe('pass');
    expect(r.interval!.lower).toBeCloseTo(0.6756, 4);
    expect(r).toMatchObject({ estimate: 1, n: { a: 8 }, successes: { a: 8 }, threshold: 0.5, method: 'Wilson 95%', pValue: null });
    expect(r.reason).toBe('8/8 seeds sequential; Wilson 95% interval [0.68, 1.00] lies wholly above 0.5');
  });

  it('0/8 fails (upper = 3.8415 / 11.8415 = 0.3244) and 4/8 is inconclusive ([0.2152, 0.7848])', () => {
    const none = evaluateExpectation(rate(0.5), byArm(seqOf(0, 8)), 0.95);
    expect(none.status).toBe('fail');
    expect(none.interval!.upper).toBeCloseTo(0.3244, 4);
    const half = evaluateExpectation(rate(0.5), byArm(seqOf(4, 8)), 0.95);
    expect(half.status).toBe('inconclusive');
    expect(half.interval!.lower).toBeCloseTo(0.2152, 4);
    expect(half.interval!.upper).toBeCloseTo(0.7848, 4);
  });

  it('atMost claims mirror atLeast: 0/32 vs atMost 0.2 passes (upper 0.1072)', () => {
    const r = evaluateExpectation({ kind: 'rate', arm: 'a', outcome: 'sequential', atMost: 0.2 }, byArm(seqOf(0, 32)), 0.95);
    expect(r.status).toBe('pass');
    expect(r.interval!.upper).toBeCloseTo(0.1072, 4);
  });

  it('counts training outcomes and the staircase flag as outcomes', () => {
    const seeds = armSeeds('a', ['sequential', 'failed', 'memorised', 'failed']);
    const converged = evaluateExpectation({ kind: 'rate', arm: 'a', outcome: 'converged', atLeast: 0.5 }, byArm(seeds), 0.95);
    expect(converged.successes).toEqual({ a: 2 });
    const staircase = evaluateExpectation({ kind: 'rate', arm: 'a', outcome: 'staircase', atLeast: 0.5 }, byArm(seeds), 0.95);
    expect(staircase.successes).toEqual({ a: 1 });
  });

  it('no seeds yet is inconclusive, with a reason', () => {
    const r = evaluateExpectation(rate(0.5), new Map(), 0.95);
    expect(r).toMatchObject({ status: 'inconclusive', reason: 'no seeds of a yet', estimate: null, n: { a: 0 } });
  });
});

describe('compare expectations (Newcombe + Fisher, fixed n)', () => {
  const seeds = byArm(seqOf(7, 8, 'a'), seqOf(1, 8, 'b'));

  it('7/8 vs 1/8: Newcombe [0.2608, 0.8951] passes at minDifference 0; Fisher one-sided p = 65/12870', () => {
    const r = evaluateExpectation(compare(0), seeds, 0.95);
    expect(r.status).toBe('pass');
    expect(r.estimate).toBeCloseTo(0.75, 10);
    expect(r.interval!.lower).toBeCloseTo(0.2608, 4);
    expect(r.interval!.upper).toBeCloseTo(0.8951, 4);
    // P(X >= 7) for X ~ Hypergeometric(16, 8, 8): (C(8,7) C(8,1) + 1) / C(16,8) = 65 / 12870
    expect(r.pValue).toBeCloseTo(65 / 12870, 10);
    expect(r.intervals.a!.lower).toBeCloseTo(0.5291, 4);
  });

  it('is inconclusive when the margin is inside the interval and fails when the interval lies below it', () => {
    expect(evaluateExpectation(compare(0.3), seeds, 0.95).status).toBe('inconclusive');
    const r = evaluateExpectation(compare(0.9), seeds, 0.95);
    expect(r.status).toBe('fail');
    expect(r.reason).toContain('lies wholly below 0.9');
  });

  it('equal arms never pass; a reversed difference fails', () => {
    expect(evaluateExpectation(compare(0), byArm(seqOf(4, 8, 'a'), seqOf(4, 8, 'b')), 0.95).status).toBe('inconclusive');
    expect(evaluateExpectation(compare(0), byArm(seqOf(0, 16, 'a'), seqOf(16, 16, 'b')), 0.95).status).toBe('fail');
  });
});

describe('sequential mode (anytime-valid)', () => {
  it('8/8 vs atLeast 0.5 passes (confidence-sequence lower bound (1/180)^(1/8) = 0.5225); 7/8 does not', () => {
    const eight = evaluateExpectation(rate(0.5), byArm(seqOf(8, 8)), 0.95, { sequential: true });
    expect(eight.status).toBe('pass');
    expect(eight.interval!.lower).toBeCloseTo((1 / 180) ** (1 / 8), 6);
    expect(eight.method).toBe('confidence sequence 95%');
    const seven = seqOf(7, 8);
    expect(evaluateExpectation(rate(0.5), byArm(seven), 0.95).status).toBe('pass');
    expect(evaluateExpectation(rate(0.5), byArm(seven), 0.95, { sequential: true }).status).toBe('inconclusive');
  });

  it('is never less conservative than fixed n: every sequential verdict agrees with the fixed one', () => {
    let strictlyMoreCautious = 0;
    for (let n = 1; n <= 40; n++) {
      const seeds = (x: number) => byArm(seqOf(x, n));
      for (let x = 0; x <= n; x++) {
        for (const threshold of [0.1, 0.2, 0.5, 0.8, 0.9]) {
          const fixed = evaluateExpectation(rate(threshold), seeds(x), 0.95);
          const seq = evaluateExpectation(rate(threshold), seeds(x), 0.95, { sequential: true });
          expect(seq.interval!.lower).toBeLessThanOrEqual(fixed.interval!.lower + 1e-9);
          expect(seq.interval!.upper).toBeGreaterThanOrEqual(fixed.interval!.upper - 1e-9);
          if (seq.status !== 'inconclusive') expect(seq.status, `${x}/${n} vs ${threshold}`).toBe(fixed.status);
          if (seq.status === 'inconclusive' && fixed.status !== 'inconclusive') strictlyMoreCautious++;
        }
      }
    }
    expect(strictlyMoreCautious).toBeGreaterThan(0);
  });

  it('compare uses Bonferroni-combined confidence sequences: wider than Newcombe, still decides big gaps', () => {
    const seeds = byArm(seqOf(7, 8, 'a'), seqOf(1, 8, 'b'));
    const fixed = evaluateExpectation(compare(0), seeds, 0.95);
    const seq = evaluateExpectation(compare(0), seeds, 0.95, { sequential: true });
    expect(seq.status).toBe('inconclusive');
    expect(seq.interval!.lower).toBeLessThan(fixed.interval!.lower);
    expect(seq.method).toContain('Bonferroni');
    const big = evaluateExpectation(compare(0), byArm(seqOf(24, 24, 'a'), seqOf(0, 24, 'b')), 0.95, { sequential: true });
    expect(big.status).toBe('pass');
    // the interval is [l_a - u_b, u_a - l_b] of the per-arm 97.5% sequences
    expect(big.interval!.lower).toBeCloseTo(big.intervals.a!.lower - big.intervals.b!.upper, 12);
  });
});
