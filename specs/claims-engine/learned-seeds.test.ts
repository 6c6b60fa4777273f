/**
 * Expectations about what models learned are judged on the seeds that learned (docs/claims.md,
 * "Seeds that did not learn"): an arm of seeds that never reached their target makes them
 * inconclusive, never pass or fail; mixed arms are counted over the learned seeds only; training
 * outcomes stay counted over every seed. Also the conditional rate (`given`) and what each result
 * says it counted.
 */
import { describe, expect, it } from 'vitest';
import type { AblationExpectation, Expectation } from '../../harness/claims/claim-types.ts';
import { evaluateExpectation } from '../../harness/claims/evaluate-claim.ts';
import type { Verdict } from '../../harness/probe/verdict.ts';
import { ablations, armSeeds, byArm, makeSeed, times } from './helpers.ts';

const failedArm = (arm: string, n = 32) => armSeeds(arm, times(n, 'failed'));
const judge = (exp: Expectation, seeds: Map<string, ReturnType<typeof armSeeds>>, sequential = false) => evaluateExpectation(exp, seeds, 0.95, { sequential, looks: 1 });
const breaks: AblationExpectation = { kind: 'ablation', arm: 'a', verdict: 'sequential', ablation: 'fromOnset', mode: 'zero', intermediates: 'all', atMost: 0.5, atLeastFraction: 0.8 };

describe('an arm whose seeds all failed to learn', () => {
  const seeds = byArm(failedArm('a'), armSeeds('b', times(32, 'sequential')));
  const mechanism: [string, Expectation][] = [
    ['sequential atLeast 0.5', { kind: 'rate', arm: 'a', outcome: 'sequential', atLeast: 0.5 }],
    ['sequential atMost 0.2', { kind: 'rate', arm: 'a', outcome: 'sequential', atMost: 0.2 }],
    ['memorised atLeast 0.5', { kind: 'rate', arm: 'a', outcome: 'memorised', atLeast: 0.5 }],
    ['memorised atMost 0.2', { kind: 'rate', arm: 'a', outcome: 'memorised', atMost: 0.2 }],
    ['staircase atMost 0.2', { kind: 'rate', arm: 'a', outcome: 'staircase', atMost: 0.2 }],
    ['ablation', breaks],
    ['compare, failed arm higher', { kind: 'compare', higher: 'a', lower: 'b', outcome: 'sequential', minDifference: 0 }],
    ['compare, failed arm lower', { kind: 'compare', higher: 'b', lower: 'a', outcome: 'sequential', minDifference: 0 }],
  ];

  it.each(mechanism)('%s is inconclusive, in fixed and sequential mode, and says how many seeds learned', (_, exp) => {
    for (const sequential of [false, true]) {
      const r = judge(exp, seeds, sequential);
      expect(r.status).toBe('inconclusive');
      expect(r.reason).toMatch(/^\d+ of 32 seeds learned within the budget/);
      expect(r.reason).toMatch(/(^| )0 of 32 /); // the failed arm's count is always named
    }
  });

  it('the old rule would have decided them: 0/32 sequential lies wholly below 0.2 when failed seeds count', () => {
    // training outcomes still count every seed, so the same arm is decided about training
    expect(judge({ kind: 'rate', arm: 'a', outcome: 'converged', atMost: 0.2 }, seeds)).toMatchObject({ status: 'pass', n: { a: 32 }, successes: { a: 0 } });
    expect(judge({ kind: 'rate', arm: 'a', outcome: 'failed', atLeast: 0.8 }, seeds)).toMatchObject({ status: 'pass', n: { a: 32 }, successes: { a: 32 } });
    expect(judge({ kind: 'rate', arm: 'a', outcome: 'sequential', atMost: 0.2 }, seeds)).toMatchObject({ n: { a: 0 }, successes: { a: 0 }, estimate: null });
  });

  it('sequentialSteps is compared among learned seeds only; other metrics among all', () => {
    const metric = (m: 'sequentialSteps' | 'steps'): Expectation => ({ kind: 'metric', metric: m, arms: ['b', 'a'], direction: 'higher' });
    const steps = judge(metric('sequentialSteps'), seeds);
    expect(steps).toMatchObject({ status: 'inconclusive', n: { a: 0, b: 32 } });
    expect(steps.reason).toMatch(/^32 of 32 seeds learned within the budget in b, 0 of 32 in a; no sequentialSteps values for a yet$/);
    expect(judge(metric('steps'), seeds).n).toEqual({ a: 32, b: 32 });
  });
});

describe('mixed arms are counted over the learned seeds', () => {
  const verdicts: Verdict[] = [...times(9, 'sequential'), 'memorised', ...times(10, 'failed')];
  const seeds = byArm(armSeeds('a', verdicts));

  it('9 of 10 learned seeds sequential: x/n = 9/10, and the reason starts with 10 of 20 learned', () => {
    const r = judge({ kind: 'rate', arm: 'a', outcome: 'sequential', atLeast: 0.5 }, seeds);
    expect(r).toMatchObject({ status: 'pass', n: { a: 10 }, successes: { a: 9 }, estimate: 0.9 });
    expect(r.reason).toMatch(/^10 of 20 seeds learned within the budget; 9\/10 learned seeds sequential; Clopper-Pearson 95% interval \[0\.55, 1\.00\] lies wholly above 0\.5$/);
    const atMost = judge({ kind: 'rate', arm: 'a', outcome: 'sequential', atMost: 0.2 }, seeds);
    expect(atMost).toMatchObject({ status: 'fail', n: { a: 10 } });
  });

  it('an undecided interval on the learned seeds is inconclusive with the learned count first', () => {
    const few = byArm(armSeeds('a', ['sequential', 'memorised', 'failed', 'failed']));
    const r = judge({ kind: 'rate', arm: 'a', outcome: 'sequential', atLeast: 0.5 }, few);
    expect(r.status).toBe('inconclusive');
    expect(r.reason).toMatch(/^2 of 4 seeds learned within the budget; 1\/2 learned seeds sequential; .*more seeds that learn are needed to decide$/);
  });

  it('a failed seed that shows a staircase does not count for the staircase rate', () => {
    const arm = [...armSeeds('a', times(4, 'memorised')), ...[5, 6, 7, 8].map((seed) => makeSeed({ arm: 'a', seed, verdict: 'failed', staircase: true }))];
    expect(judge({ kind: 'rate', arm: 'a', outcome: 'staircase', atMost: 0.5 }, byArm(arm))).toMatchObject({ n: { a: 4 }, successes: { a: 0 } });
  });

  it('compare counts each arm over its own learned seeds', () => {
    const r = judge({ kind: 'compare', higher: 'a', lower: 'b', outcome: 'sequential', minDifference: 0 }, byArm(armSeeds('a', verdicts), armSeeds('b', [...times(12, 'memorised'), ...times(4, 'failed')])));
    expect(r).toMatchObject({ n: { a: 10, b: 12 }, successes: { a: 9, b: 0 }, status: 'pass' });
    expect(r.reason).toMatch(/^10 of 20 seeds learned within the budget in a, 12 of 16 in b; sequential: a 9\/10, b 0\/12;/);
  });

  it('ablations judge the learned seeds with the verdict; the reason counts the learned ones', () => {
    const seq = (seed: number) => makeSeed({ arm: 'a', seed, verdict: 'sequential', ablation: ablations([0.99, 0.99], [0.2, 0.3]) });
    const arm = [...[1, 2, 3, 4, 5, 6].map(seq), ...armSeeds('a', times(6, 'failed')).map((s) => ({ ...s, seed: s.seed + 6 }))];
    const r = judge(breaks, byArm(arm));
    expect(r).toMatchObject({ status: 'inconclusive', n: { a: 6 }, successes: { a: 6 } });
    expect(r.reason).toMatch(/^6 of 12 seeds learned within the budget; 6\/6 sequential seeds meet accuracy <= 0\.5/);
    const memorisedOnly = judge(breaks, byArm(armSeeds('a', ['memorised', 'memorised', 'failed'])));
    expect(memorisedOnly.reason).toBe('2 of 3 seeds learned within the budget; none of them is sequential (2 memorised), so the ablation cannot be judged');
  });
});

describe('a conditional rate: sequential given sequential-at-switch', () => {
  const atSwitch = (seed: number, verdict: Verdict, switchVerdict: Verdict | null) => makeSeed({ arm: 'c', seed, verdict, switchVerdict });
  const arm = [
    ...[1, 2, 3, 4, 5, 6, 7, 8, 9].map((s) => atSwitch(s, 'sequential', 'sequential')),
    atSwitch(10, 'memorised', 'sequential'), // lost its staircase after the switch
    ...[11, 12, 13].map((s) => atSwitch(s, 'sequential', 'memorised')), // became sequential later: not in the condition
    atSwitch(14, 'failed', 'sequential'), // did not learn: never counted
    atSwitch(15, 'failed', null),
  ];
  const given: Expectation = { kind: 'rate', arm: 'c', outcome: 'sequential', given: 'sequential-at-switch', atLeast: 0.5 };

  it('counts among the learned seeds that were sequential at the switch: 9/10', () => {
    const r = judge(given, byArm(arm));
    expect(r).toMatchObject({ status: 'pass', n: { c: 10 }, successes: { c: 9 }, label: 'sequential given sequential-at-switch >= 50%' });
    expect(r.reason).toMatch(/^13 of 15 seeds learned within the budget, 10 of them sequential-at-switch; 9\/10 of those sequential; /);
    expect(r.description).toBe("At least 50% of c's seeds that learned and were sequential at the switch to full-sequence loss are sequential (one composition step per layer).");
    // without the condition: 12 of the 13 learned seeds are sequential
    expect(judge({ ...given, given: undefined } as Expectation, byArm(arm))).toMatchObject({ n: { c: 13 }, successes: { c: 12 } });
  });

  it('no learned seed with the condition (e.g. records without a probe at the switch) is inconclusive', () => {
    const old = arm.map((s) => ({ ...s, switchVerdict: null }));
    const r = judge(given, byArm(old));
    expect(r).toMatchObject({ status: 'inconclusive', n: { c: 0 } });
    expect(r.reason).toBe('13 of 15 seeds learned within the budget, none of them sequential-at-switch, so the rate given sequential-at-switch cannot be judged');
  });
});

describe('self-describing results', () => {
  it('each result says what it counted, among which seeds, against which side and threshold', () => {
    const seeds = byArm(armSeeds('a', ['sequential', 'sequential', 'memorised', 'failed']), armSeeds('b', ['memorised', 'failed']));
    const rate = judge({ kind: 'rate', arm: 'a', outcome: 'sequential', atMost: 0.9 }, seeds);
    expect(rate.counted).toEqual([{ arm: 'a', name: 'sequential', quantity: 'sequential among learned seeds', x: 2, n: 3, side: 'atMost', threshold: 0.9, learned: 3, total: 4 }]);
    const converged = judge({ kind: 'rate', arm: 'a', outcome: 'converged', atLeast: 0.5 }, seeds);
    expect(converged.counted[0]).toMatchObject({ quantity: 'converged among all seeds', x: 3, n: 4, learned: 3, total: 4 });
    const compare = judge({ kind: 'compare', higher: 'a', lower: 'b', outcome: 'staircase', minDifference: 0 }, seeds);
    expect(compare.counted.map((c) => [c.arm, c.x, c.n, c.side, c.learned, c.total])).toEqual([
      ['a', 2, 3, null, 3, 4],
      ['b', 0, 1, null, 1, 2],
    ]);
    const ablation = judge({ ...breaks, atLeastFraction: 0.5 }, seeds);
    expect(ablation.counted[0]).toMatchObject({ name: 'fromOnset/zero <= 0.5 (sequential seeds)', quantity: 'seeds meeting fromOnset/zero <= 0.5 among learned sequential seeds', x: 2, n: 2, side: 'atLeast', threshold: 0.5 });
    const metric = judge({ kind: 'metric', metric: 'stepsToTarget', arms: ['a', 'b'], direction: 'lower' }, seeds);
    expect(metric.counted[1]).toEqual({ arm: 'b', name: 'stepsToTarget', quantity: 'stepsToTarget of all seeds', x: null, n: 2, side: null, threshold: null, learned: 1, total: 2 });
  });
});
