import { describe, expect, it } from 'vitest';
import type { AblationExpectation, MetricExpectation } from '../../harness/claims/claim-types.ts';
import { evaluateExpectation } from '../../harness/claims/evaluate-claim.ts';
import { median } from 'simple-statistics';
import { bootstrapDifferenceInterval } from '../../harness/stats/index.ts';
import { ablations, byArm, makeSeed } from './helpers.ts';

const breaks = (fields: Partial<AblationExpectation> = {}): AblationExpectation => ({
  kind: 'ablation',
  arm: 'a',
  verdict: 'sequential',
  ablation: 'fromOnset',
  mode: 'zero',
  intermediates: 'all',
  atMost: 0.5,
  atLeastFraction: 0.5,
  ...fields,
});

/** Sequential seeds with fromOnset zero accuracies per intermediate (K = 3: t_1, t_2). */
const seqSeeds = (froms: number[][]) => froms.map((from, j) => makeSeed({ arm: 'a', seed: j + 1, verdict: 'sequential', ablation: ablations([0.99, 0.99], from) }));

describe('ablation expectations', () => {
  it('10 of 10 sequential seeds broken at every intermediate: fraction 1, Clopper-Pearson lower 0.025^(1/10) = 0.6915', () => {
    const seeds = byArm([...seqSeeds(Array.from({ length: 10 }, () => [0.2, 0.3])), makeSeed({ arm: 'a', seed: 99, verdict: 'memorised' })]);
    const r = evaluateExpectation(breaks(), seeds, 0.95);
    expect(r).toMatchObject({ status: 'pass', n: { a: 10 }, successes: { a: 10 }, estimate: 1, threshold: 0.5 });
    expect(r.interval!.lower).toBeCloseTo(0.025 ** (1 / 10), 10);
    expect(evaluateExpectation(breaks({ atLeastFraction: 0.8 }), seeds, 0.95).status).toBe('inconclusive');
  });

  it('a seed meets the bound only when every chosen intermediate does', () => {
    const seeds = byArm(seqSeeds([[0.2, 0.7], [0.2, 0.3], [0.6, 0.1]]));
    expect(evaluateExpectation(breaks(), seeds, 0.95).successes).toEqual({ a: 1 });
    expect(evaluateExpectation(breaks({ intermediates: [1] }), seeds, 0.95).successes).toEqual({ a: 2 });
    expect(evaluateExpectation(breaks({ intermediates: [2] }), seeds, 0.95).successes).toEqual({ a: 2 });
    // mean ablation reads the `mean` numbers (zero + 0.01 in the helper)
    const edge = byArm(seqSeeds([[0.5, 0.5]]));
    expect(evaluateExpectation(breaks(), edge, 0.95).successes).toEqual({ a: 1 });
    expect(evaluateExpectation(breaks({ mode: 'mean' }), edge, 0.95).successes).toEqual({ a: 0 });
  });

  it('atLeast bounds (accuracy stays high) use the worst intermediate too; most seeds failing the bound fails', () => {
    const stays = (fields: Partial<AblationExpectation>) => breaks({ atMost: undefined, atLeast: 0.9, verdict: 'memorised', ...fields });
    const memorised = Array.from({ length: 16 }, (_, j) => makeSeed({ arm: 'a', seed: j + 1, verdict: 'memorised', ablation: ablations([0.99, 0.99], [0.3, 0.95]) }));
    const r = evaluateExpectation(stays({}), byArm(memorised), 0.95);
    expect(r).toMatchObject({ status: 'fail', successes: { a: 0 }, n: { a: 16 } });
    expect(r.reason).toContain('median over seeds of the min over intermediates: 0.300');
    expect(evaluateExpectation(stays({ ablation: 'afterCritical' }), byArm(memorised), 0.95).status).toBe('pass');
  });

  it('no seed with the verdict: inconclusive, saying which verdicts the seeds got', () => {
    const seeds = byArm([1, 2, 3].map((seed) => makeSeed({ arm: 'a', seed, verdict: seed === 3 ? 'failed' : 'memorised' })));
    const r = evaluateExpectation(breaks(), seeds, 0.95);
    expect(r).toMatchObject({ status: 'inconclusive', n: { a: 0 }, estimate: null });
    expect(r.reason).toBe('2 of 3 seeds learned within the budget; none of them is sequential (2 memorised), so the ablation cannot be judged');
  });

  it('sequential mode uses the confidence sequence on the fraction', () => {
    const seeds = byArm(seqSeeds(Array.from({ length: 7 }, () => [0.1, 0.1])));
    expect(evaluateExpectation(breaks(), seeds, 0.95).status).toBe('pass');
    const seq = evaluateExpectation(breaks(), seeds, 0.95, { sequential: true });
    expect(seq.status).toBe('inconclusive');
    expect(seq.method).toBe('confidence sequence 95%');
  });
});

const faster = (direction: 'lower' | 'higher' = 'lower'): MetricExpectation => ({ kind: 'metric', metric: 'stepsToTarget', arms: ['a', 'b'], direction });
const withSteps = (arm: string, steps: (number | null)[]) => steps.map((s, j) => makeSeed({ arm, seed: j + 1, metrics: { stepsToTarget: s } }));

describe('metric expectations (Mann-Whitney U)', () => {
  const separated = byArm(withSteps('a', [100, 200, 300, 400, 500]), withSteps('b', [600, 700, 800, 900, 1000]));

  it('fully separated 5 vs 5: exact one-sided p = 1/C(10,5) = 1/252, medians 300 vs 800', () => {
    const r = evaluateExpectation(faster(), separated, 0.95);
    expect(r.status).toBe('pass');
    expect(r.pValue).toBeCloseTo(1 / 252, 12);
    expect(r.estimates).toEqual({ a: 300, b: 800 });
    expect(r.estimate).toBe(-500);
    expect(r.interval!.lower).toBeLessThanOrEqual(-500);
    expect(r.interval!.upper).toBeGreaterThanOrEqual(-500);
    expect(r.interval!.upper).toBeLessThan(0);
  });

  it('the opposite claim fails; interleaved values are inconclusive', () => {
    const opposite = evaluateExpectation(faster('higher'), separated, 0.95);
    expect(opposite.status).toBe('fail');
    expect(opposite.pValue).toBeCloseTo(1, 10);
    const mixed = byArm(withSteps('a', [100, 300, 500, 700, 900]), withSteps('b', [200, 400, 600, 800, 1000]));
    expect(evaluateExpectation(faster(), mixed, 0.95).status).toBe('inconclusive');
  });

  it('a seed that never reached the target (null) ranks last; no bootstrap interval then', () => {
    // U = 3 (400, 500, 600 > 350); five ties at the top: normal approximation, z = (3 - 18 + 0.5) / 6.02, p = 0.008
    const r = evaluateExpectation(faster(), byArm(withSteps('a', [100, 200, 300, 400, 500, 600]), withSteps('b', [350, null, null, null, null, null])), 0.95);
    expect(r.estimates).toEqual({ a: 350, b: null });
    expect(r.pValue).toBeCloseTo(0.008, 3);
    expect(r.interval).toBeNull();
    expect(r.status).toBe('pass');
    expect(r.reason).toContain('never');
  });

  it('sequential mode divides alpha by the looks the tier allows, and needs them', () => {
    expect(evaluateExpectation(faster(), separated, 0.95, { sequential: true, looks: 5 }).status).toBe('pass'); // 1/252 < 0.01
    const many = evaluateExpectation(faster(), separated, 0.95, { sequential: true, looks: 20 }); // 1/252 > 0.0025
    expect(many.status).toBe('inconclusive');
    expect(many.reason).toContain('alpha 0.00250 (5% / 20 looks)');
    expect(() => evaluateExpectation(faster(), separated, 0.95, { sequential: true })).toThrow(/looks/);
  });

  it('the bootstrap of the median difference is seeded (same numbers every run)', () => {
    const bootstrapMedianDifference = (a: number[], b: number[], confidence: number) => bootstrapDifferenceInterval(a, b, median, { confidence });
    const a = [1, 5, 2, 8, 3];
    const b = [9, 4, 7, 6];
    expect(bootstrapMedianDifference(a, b, 0.95)).toEqual(bootstrapMedianDifference(a, b, 0.95));
  });
});
