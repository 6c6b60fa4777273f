/**
 * `rate` and `compare` expectations: how often seeds have an outcome.
 *
 * Which seeds count: a training outcome (converged, budget, diverged, failed) is counted
 * among all seeds of the arm; a mechanism outcome (sequential, partial, memorised,
 * staircase, sequential-at-switch) among the seeds that learned (verdict other than
 * `failed`), and with `given` among the learned seeds that have `given`. A seed that never
 * reached its target says nothing about what models learn, so an arm that did not learn
 * can never make a mechanism expectation pass or fail: with no learned seed it is
 * inconclusive, and every mechanism reason starts with "x of n seeds learned within the budget".
 *
 * rate: x of n counted seeds have the outcome. Verdict from the rate's interval
 *   (rate-intervals.ts) against the threshold: pass when it lies wholly on the claim's
 *   side, fail when wholly on the other side, else inconclusive.
 * compare: d = rate(higher) - rate(lower); pass when the lower bound of d's interval is
 *   >= minDifference, fail when its upper bound is < minDifference (the data rule out a
 *   margin that large), else inconclusive. Fisher's exact one-sided p-value (H1: higher's
 *   odds are greater) is reported alongside; it does not decide (with minDifference > 0 it
 *   tests a different hypothesis).
 */
import { fisherExact } from '../stats/index.ts';
import type { AblationExpectation, CompareExpectation, RateExpectation } from './claim-types.ts';
import { boundOf } from './claim-types.ts';
import { describeExpectation, expectationLabel, rateName } from './describe-expectation.ts';
import type { CountedQuantity, ExpectationResult } from './result-types.ts';
import { differenceInterval, finiteOrNull, intervalVerdict, rateInterval, type RateInterval } from './rate-intervals.ts';
import type { SeedSummary } from './seed-summary.ts';
import { isMechanismOutcome, rateCounts } from './seed-summary.ts';

/** Seeds of `arm` (empty when the arm has none yet). */
export const seedsOf = (seedsByArm: ReadonlyMap<string, readonly SeedSummary[]>, arm: string): readonly SeedSummary[] => seedsByArm.get(arm) ?? [];

const MORE_SEEDS = 'more seeds are needed to decide';
const MORE_LEARNED = 'more seeds that learn are needed to decide';

/** `3 of 4 seeds learned within the budget`: how every mechanism reason starts. */
export const learnedText = (learned: number, total: number): string => `${learned} of ${total} seeds learned within the budget`;

/** Evaluate a `rate` expectation. */
export function evaluateRate(exp: RateExpectation, seedsByArm: ReadonlyMap<string, readonly SeedSummary[]>, confidence: number, sequential: boolean): ExpectationResult {
  const c = rateCounts(seedsOf(seedsByArm, exp.arm), exp.outcome, exp.given);
  const mechanism = isMechanismOutcome(exp.outcome) || exp.given !== undefined;
  const bound = boundOf(exp);
  const interval = rateInterval(c.x, c.n, confidence, sequential);
  const among = !mechanism ? 'all seeds' : exp.given ? `learned seeds that are ${exp.given}` : 'learned seeds';
  const counted: CountedQuantity & { x: number } = { arm: exp.arm, name: rateName(exp.outcome, exp.given), quantity: `${exp.outcome} among ${among}`, x: c.x, n: c.n, side: bound.side, threshold: bound.value, learned: c.learned, total: c.total };
  let status: ExpectationResult['status'] = 'inconclusive';
  let reason: string;
  if (c.total === 0) {
    reason = `no seeds of ${exp.arm} yet`;
  } else if (!mechanism) {
    const verdict = intervalVerdict(interval, bound.value, bound.side, MORE_SEEDS);
    status = verdict.status;
    reason = `${c.x}/${c.n} seeds ${exp.outcome}; ${verdict.reason}`;
  } else if (c.learned === 0) {
    reason = `${learnedText(0, c.total)}, so what ${exp.arm}'s models learn cannot be judged`;
  } else if (c.n === 0) {
    reason = `${learnedText(c.learned, c.total)}, none of them ${exp.given}, so the rate given ${exp.given} cannot be judged`;
  } else {
    const verdict = intervalVerdict(interval, bound.value, bound.side, MORE_LEARNED);
    status = verdict.status;
    const given = exp.given ? `, ${c.n} of them ${exp.given}` : '';
    reason = `${learnedText(c.learned, c.total)}${given}; ${c.x}/${c.n} ${exp.given ? 'of those' : 'learned seeds'} ${exp.outcome}; ${verdict.reason}`;
  }
  return singleArmResult({ exp, counted, interval, sequential, status, reason });
}

/** The result record of an expectation judged as one arm's rate x/n (`rate`, and `ablation`'s fraction of seeds). */
export function singleArmResult(r: {
  exp: RateExpectation | AblationExpectation;
  counted: CountedQuantity & { x: number };
  interval: RateInterval;
  sequential: boolean;
  status: ExpectationResult['status'];
  reason: string;
}): ExpectationResult {
  const { arm, x, n } = r.counted;
  const span = { lower: r.interval.lower, upper: r.interval.upper };
  const estimate = finiteOrNull(r.interval.estimate);
  return {
    kind: r.exp.kind,
    description: describeExpectation(r.exp),
    label: expectationLabel(r.exp),
    arms: [arm],
    counted: [r.counted],
    n: { [arm]: n },
    successes: { [arm]: x },
    estimates: { [arm]: estimate },
    intervals: { [arm]: span },
    estimate,
    interval: span,
    threshold: r.counted.threshold,
    pValue: null,
    method: r.interval.method,
    sequential: r.sequential,
    status: r.status,
    reason: r.reason,
  };
}

/** Evaluate a `compare` expectation. */
export function evaluateCompare(exp: CompareExpectation, seedsByArm: ReadonlyMap<string, readonly SeedSummary[]>, confidence: number, sequential: boolean): ExpectationResult {
  const mechanism = isMechanismOutcome(exp.outcome);
  const hi = rateCounts(seedsOf(seedsByArm, exp.higher), exp.outcome);
  const lo = rateCounts(seedsOf(seedsByArm, exp.lower), exp.outcome);
  const { difference, arm1, arm2 } = differenceInterval(hi.x, hi.n, lo.x, lo.n, confidence, sequential);
  const fisher = hi.n && lo.n ? fisherExact(hi.x, hi.n - hi.x, lo.x, lo.n - lo.x) : null;
  const among = mechanism ? 'learned seeds' : 'all seeds';
  const counted = ([[exp.higher, hi], [exp.lower, lo]] as const).map(([arm, c]): CountedQuantity => ({ arm, name: exp.outcome, quantity: `${exp.outcome} among ${among}`, x: c.x, n: c.n, side: null, threshold: null, learned: c.learned, total: c.total }));
  const learned = mechanism ? `${learnedText(hi.learned, hi.total)} in ${exp.higher}, ${lo.learned} of ${lo.total} in ${exp.lower}; ` : '';
  const noSeeds = [exp.higher, exp.lower].filter((_, i) => (i === 0 ? hi.total : lo.total) === 0);
  const notLearned = [exp.higher, exp.lower].filter((_, i) => (i === 0 ? hi.n : lo.n) === 0);
  let status: ExpectationResult['status'] = 'inconclusive';
  let verdictText: string;
  if (noSeeds.length) verdictText = `no seeds of ${noSeeds.join(' and ')} yet`;
  else if (notLearned.length) verdictText = `no seed of ${notLearned.join(' and ')} learned, so the rates cannot be compared`;
  else {
    const verdict = intervalVerdict(difference, exp.minDifference, 'atLeast', mechanism ? MORE_LEARNED : MORE_SEEDS);
    status = verdict.status;
    const fisherText = fisher ? `; Fisher exact one-sided p = ${fisher.pGreater.toPrecision(3)}` : '';
    verdictText = `${exp.outcome}: ${exp.higher} ${hi.x}/${hi.n}, ${exp.lower} ${lo.x}/${lo.n}; difference ${verdict.reason}${fisherText}`;
  }
  const span = (i: { lower: number; upper: number }) => ({ lower: i.lower, upper: i.upper });
  return {
    kind: 'compare',
    description: describeExpectation(exp),
    label: expectationLabel(exp),
    arms: [exp.higher, exp.lower],
    counted,
    n: { [exp.higher]: hi.n, [exp.lower]: lo.n },
    successes: { [exp.higher]: hi.x, [exp.lower]: lo.x },
    estimates: { [exp.higher]: finiteOrNull(arm1.estimate), [exp.lower]: finiteOrNull(arm2.estimate) },
    intervals: { [exp.higher]: span(arm1), [exp.lower]: span(arm2) },
    estimate: finiteOrNull(difference.estimate),
    interval: span(difference),
    threshold: exp.minDifference,
    pValue: fisher ? fisher.pGreater : null,
    method: `${difference.method}; Fisher exact one-sided`,
    sequential,
    status,
    reason: `${learned}${verdictText}`,
  };
}
