import { describe, expect, it } from 'vitest';
import type { CompareExpectation, RateExpectation } from '../../harness/claims/claim-types.ts';
import { evaluateExpectation } from '../../harness/claims/evaluate-claim.ts';
import { armSeeds, byArm, times } from './helpers.ts';

const rate = (atLeast: number): RateExpectation => ({ kind: 'rate', arm: 'a', outcome: 'sequential', atLeast });
const compare = (minDifference: number): CompareExpectation => ({ kind: 'compare', higher: 'a', lower: 'b', outcome: 'sequential', minDifference });
const seqOf = (x: number, n: number, arm = 'a') => armSeeds(arm, [...times(x, 'sequential'), ...times(n - x, 'memorised')]);

describe('rate expectations (Clopper-Pearson, fixed n)', () => {
  it('8/8 sequential vs atLeast 0.5 passes: Clopper-Pearson 95% lower = 0.025^(1/8) = 0.6306', () => {
    const r = evaluateExpectation(rate(0.5), byArm(seqOf(8, 8)), 0.95);
    expect(r.status).toBe('pass');
    expect(r.interval!.lower).toBeCloseTo(0.025 ** (1 / 8), 10);
    expect(r).toMatchObject({ estimate: 1, n: { a: 8 }, successes: { a: 8 }, threshold: 0.5, method: 'Clopper-Pearson 95%', pValue: null });
    expect(r.reason).toBe('8 of 8 seeds learned within the budget; 8/8 learned seeds sequential; Clopper-Pearson 95% interval [0.63, 1.00] lies wholly above 0.5');
  });

  it('0/8 fails (upper = 1 - 0.025^(1/8) = 0.3694) and 4/8 is inconclusive ([0.1570, 0.8430])', () => {
    const none = evaluateExpectation(rate(0.5), byArm(seqOf(0, 8)), 0.95);
    expect(none.status).toBe('fail');
    expect(none.interval!.upper).toBeCloseTo(1 - 0.025 ** (1 / 8), 10);
    const half = evaluateExpectation(rate(0.5), byArm(seqOf(4, 8)), 0.95);
    expect(half.status).toBe('inconclusive');
    expect(half.interval!.lower).toBeCloseTo(0.157, 3);
    expect(half.interval!.upper).toBeCloseTo(0.843, 3);
    expect(half.reason).toMatch(/^8 of 8 seeds learned within the budget; 4\/8 learned seeds sequential; .* contains 0\.5; more seeds that learn are needed to decide$/);
  });

  it('atMost claims mirror atLeast: 0/32 vs atMost 0.2 passes (upper 1 - 0.025^(1/32) = 0.1089)', () => {
    const r = evaluateExpectation({ kind: 'rate', arm: 'a', outcome: 'sequential', atMost: 0.2 }, byArm(seqOf(0, 32)), 0.95);
    expect(r.status).toBe('pass');
    expect(r.interval!.upper).toBeCloseTo(1 - 0.025 ** (1 / 32), 10);
  });

  it('counts training outcomes and the staircase flag as outcomes', () => {
    const seeds = armSeeds('a', ['sequential', 'failed', 'memorised', 'failed']);
    const converged = evaluateExpectation({ kind: 'rate', arm: 'a', outcome: 'converged', atLeast: 0.5 }, byArm(seeds), 0.95);
    expect(converged).toMatchObject({ successes: { a: 2 }, n: { a: 4 } });
    const staircase = evaluateExpectation({ kind: 'rate', arm: 'a', outcome: 'staircase', atLeast: 0.5 }, byArm(seeds), 0.95);
    expect(staircase).toMatchObject({ successes: { a: 1 }, n: { a: 2 } }); // among the 2 learned seeds
  });

  it('no seeds yet is inconclusive, with a reason', () => {
    const r = evaluateExpectation(rate(0.5), new Map(), 0.95);
    expect(r).toMatchObject({ status: 'inconclusive', reason: 'no seeds of a yet', estimate: null, n: { a: 0 } });
  });
});

describe('compare expectations (Bonferroni Clopper-Pearson + Fisher, fixed n)', () => {
  const seeds = byArm(seqOf(7, 8, 'a'), seqOf(1, 8, 'b'));

  it('7/8 vs 1/8: each arm at 97.5%, difference [l_a - u_b, u_a - l_b]; Fisher one-sided p = 65/12870 is reported', () => {
    const r = evaluateExpectation(compare(0), seeds, 0.95);
    expect(r.estimate).toBeCloseTo(0.75, 10);
    expect(r.intervals.a!.lower).toBeCloseTo(0.42455, 4); // Clopper-Pearson 97.5% of 7/8
    expect(r.intervals.b!.upper).toBeCloseTo(1 - 0.42455, 4); // 1/8 mirrors 7/8
    expect(r.interval!.lower).toBeCloseTo(r.intervals.a!.lower - r.intervals.b!.upper, 12);
    expect(r.interval!.upper).toBeCloseTo(r.intervals.a!.upper - r.intervals.b!.lower, 12);
    expect(r.status).toBe('inconclusive'); // -0.15: exact at 8 seeds a side is that cautious
    // P(X >= 7) for X ~ Hypergeometric(16, 8, 8): (C(8,7) C(8,1) + 1) / C(16,8) = 65 / 12870
    expect(r.pValue).toBeCloseTo(65 / 12870, 10);
    expect(r.method).toBe('Clopper-Pearson 97.5% per arm (Bonferroni, 95% joint); Fisher exact one-sided');
  });

  it('8/8 vs 0/8 passes (lower 2 * 0.0125^(1/8) - 1 = 0.157); a margin inside the interval is inconclusive, one above it fails', () => {
    const apart = byArm(seqOf(8, 8, 'a'), seqOf(0, 8, 'b'));
    const r = evaluateExpectation(compare(0), apart, 0.95);
    expect(r.status).toBe('pass');
    expect(r.interval!.lower).toBeCloseTo(2 * 0.0125 ** (1 / 8) - 1, 10);
    expect(evaluateExpectation(compare(0.3), apart, 0.95).status).toBe('inconclusive');
    const far = evaluateExpectation(compare(0.9), byArm(seqOf(4, 8, 'a'), seqOf(4, 8, 'b')), 0.95);
    expect(far.status).toBe('fail');
    expect(far.reason).toContain('lies wholly below 0.9');
  });

  it('equal arms never pass; a reversed difference fails', () => {
    expect(evaluateExpectation(compare(0), byArm(seqOf(4, 8, 'a'), seqOf(4, 8, 'b')), 0.95).status).toBe('inconclusive');
    expect(evaluateExpectation(compare(0), byArm(seqOf(0, 16, 'a'), seqOf(16, 16, 'b')), 0.95).status).toBe('fail');
  });
});

describe('sequential mode (anytime-valid)', () => {
  it('8/8 vs atLeast 0.5 passes (confidence-sequence lower bound (1/180)^(1/8) = 0.5225); 13/16 passes at fixed n only', () => {
    const eight = evaluateExpectation(rate(0.5), byArm(seqOf(8, 8)), 0.95, { sequential: true });
    expect(eight.status).toBe('pass');
    expect(eight.interval!.lower).toBeCloseTo((1 / 180) ** (1 / 8), 6);
    expect(eight.method).toBe('confidence sequence 95%');
    const many = seqOf(13, 16); // Clopper-Pearson lower 0.5435; the sequence's 0.4507
    expect(evaluateExpectation(rate(0.5), byArm(many), 0.95).status).toBe('pass');
    expect(evaluateExpectation(rate(0.5), byArm(many), 0.95, { sequential: true }).status).toBe('inconclusive');
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

  it('compare uses Bonferroni-combined confidence sequences: wider than at fixed n, still decides big gaps', () => {
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
