/**
 * Warnings for expectations a tier can never decide (harness/claims/tier-power.ts): the best
 * case cannot confirm, or the worst case cannot refute, with the tier's maxSeeds.
 */
import { describe, expect, it } from 'vitest';
import type { Expectation, TierSpec } from '../../harness/claims/claim-types.ts';
import { evaluateExpectation } from '../../harness/claims/evaluate-claim.ts';
import { loadClaimFile } from '../../harness/claims/load-claims.ts';
import { expectationPower, tierWarnings } from '../../harness/claims/tier-power.ts';
import { armSeeds, byArm, times, tmpDir, validClaimData, writeClaim } from './helpers.ts';

const fixed = (n: number): TierSpec => ({ seeds: n, maxSeeds: n, roundSize: n, firstSeed: 1, gate: 'claims', overrides: {}, armOverrides: {} });
const atLeast = (value: number): Expectation => ({ kind: 'rate', arm: 'a', outcome: 'sequential', atLeast: value });

describe('expectationPower', () => {
  it('4 seeds cannot confirm sequential >= 0.8: 4/4 gives a Clopper-Pearson lower bound of 0.025^(1/4) = 0.40', () => {
    expect(expectationPower(atLeast(0.8), fixed(4), 0.95)).toEqual(['4 seeds cannot confirm sequential >= 0.8 (4/4 gives a lower bound of 0.40)']);
    // the warning is true: the evaluation of the best case is inconclusive
    expect(evaluateExpectation(atLeast(0.8), byArm(armSeeds('a', times(4, 'sequential'))), 0.95).status).toBe('inconclusive');
  });

  it('a tier large enough says nothing: 17 seeds confirm 0.8 (0.025^(1/17) = 0.805) and 0/17 refutes it', () => {
    expect(expectationPower(atLeast(0.8), fixed(16), 0.95)).toHaveLength(1);
    expect(expectationPower(atLeast(0.8), fixed(17), 0.95)).toEqual([]);
    expect(evaluateExpectation(atLeast(0.8), byArm(armSeeds('a', times(17, 'sequential'))), 0.95).status).toBe('pass');
  });

  it('atMost mirrors it, and the worst case that cannot refute is named too', () => {
    const rare: Expectation = { kind: 'rate', arm: 'a', outcome: 'sequential', atMost: 0.2 };
    expect(expectationPower(rare, fixed(4), 0.95)).toEqual(['4 seeds cannot confirm sequential <= 0.2 (0/4 gives an upper bound of 0.60)']);
    expect(expectationPower(atLeast(0.5), fixed(4), 0.95)).toEqual([
      '4 seeds cannot confirm sequential >= 0.5 (4/4 gives a lower bound of 0.40)',
      '4 seeds cannot refute sequential >= 0.5 (0/4 gives an upper bound of 0.60)',
    ]);
  });

  it('a tier with rounds is judged by the confidence sequence at maxSeeds', () => {
    const rounds: TierSpec = { seeds: 32, maxSeeds: 64, roundSize: 8, firstSeed: 1, gate: 'claims', overrides: {}, armOverrides: {} };
    expect(expectationPower({ kind: 'rate', arm: 'a', outcome: 'sequential', atLeast: 0.1 }, rounds, 0.95)).toEqual(['64 seeds cannot refute sequential >= 0.1 (0/64 gives an upper bound of 0.11)']);
    expect(expectationPower({ kind: 'rate', arm: 'a', outcome: 'sequential', atLeast: 0.1 }, fixed(64), 0.95)).toEqual([]);
  });

  it('covers ablation fractions, compare and metric expectations', () => {
    const ablation: Expectation = { kind: 'ablation', arm: 'a', verdict: 'sequential', ablation: 'fromOnset', mode: 'zero', intermediates: 'all', atMost: 0.5, atLeastFraction: 0.8 };
    expect(expectationPower(ablation, fixed(4), 0.95)).toEqual(['4 seeds cannot confirm fromOnset/zero <= 0.5 in >= 0.8 of sequential seeds (4/4 gives a lower bound of 0.40)']);
    const compare: Expectation = { kind: 'compare', higher: 'a', lower: 'b', outcome: 'staircase', minDifference: 0 };
    expect(expectationPower(compare, fixed(4), 0.95)[0]).toMatch(/^4 seeds per arm cannot confirm staircase higher in a than in b by > 0 \(4\/4 vs 0\/4 gives a difference lower bound of -0\.\d\d\)$/);
    expect(expectationPower(compare, fixed(16), 0.95)).toEqual([]);
    const metric: Expectation = { kind: 'metric', metric: 'stepsToTarget', arms: ['a', 'b'], direction: 'lower' };
    expect(expectationPower(metric, fixed(2), 0.95)).toEqual(['2 seeds per arm cannot decide stepsToTarget: a lower than b (complete separation gives one-sided p = 0.17, alpha 0.050)']);
    expect(expectationPower(metric, fixed(4), 0.95)).toEqual([]); // 1/70
  });
});

describe('tierWarnings', () => {
  it('names the tier and the expectation', () => {
    const data = validClaimData();
    (data.tiers as Record<string, Record<string, unknown>>).smoke = { seeds: 4, maxSeeds: 4, roundSize: 4 };
    data.expect = [{ kind: 'rate', arm: 'universal-answer-only', outcome: 'sequential', atLeast: 0.8 }, { kind: 'rate', arm: 'standard-full-sequence', outcome: 'converged', atLeast: 0.1 }];
    const claim = loadClaimFile(writeClaim(tmpDir(), 'test-claim.yaml', data));
    expect(tierWarnings(claim, ['smoke'])).toEqual([
      'tier smoke: expect.0: 4 seeds cannot confirm sequential >= 0.8 (4/4 gives a lower bound of 0.40)',
      'tier smoke: expect.1: 4 seeds cannot refute converged >= 0.1 (0/4 gives an upper bound of 0.60)',
    ]);
    expect(tierWarnings(claim, ['full'])).toEqual(['tier full: expect.1: 64 seeds cannot refute converged >= 0.1 (0/64 gives an upper bound of 0.11)']);
  });
});
