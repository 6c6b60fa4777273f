/**
 * `rate` and `compare` expectations: how often seeds have an outcome.
 *
 * rate: x of n seeds of the arm have the outcome. Verdict from the rate's
 *   interval (rate-intervals.ts) against the threshold: pass when it lies wholly
 *   on the claim's side, fail when wholly on the other side, else inconclusive.
 * compare: d = rate(higher) - rate(lower); pass when the lower bound of d's
 *   interval is >= minDifference, fail when its upper bound is < minDifference
 *   (the data rule out a margin that large), else inconclusive. Fisher's exact
 *   one-sided p-value (H1: higher's odds are greater) is reported alongside; it
 *   does not decide (with minDifference > 0 it tests a different hypothesis).
 */
import { fisherExact } from '../stats/index.ts';
import type { AblationExpectation, CompareExpectation, RateExpectation } from './claim-types.ts';
import { boundOf } from './claim-types.ts';
import { describeExpectation, expectationLabel } from './describe-expectation.ts';
import type { ExpectationResult } from './result-types.ts';
import { differenceInterval, finiteOrNull, intervalVerdict, rateInterval, type RateInterval } from './rate-intervals.ts';
import type { SeedSummary } from './seed-summary.ts';
import { hasOutcome } from './seed-summary.ts';

/** Seeds of `arm` (empty when the arm has none yet). */
export const seedsOf = (seedsByArm: ReadonlyMap<string, readonly SeedSummary[]>, arm: string): readonly SeedSummary[] => seedsByArm.get(arm) ?? [];

const MORE_SEEDS = 'more seeds are needed to decide';

/** Evaluate a `rate` expectation. */
export function evaluateRate(exp: RateExpectation, seedsByArm: ReadonlyMap<string, readonly SeedSummary[]>, confidence: number, sequential: boolean): ExpectationResult {
  const seeds = seedsOf(seedsByArm, exp.arm);
  const n = seeds.length;
  const x = seeds.filter((s) => hasOutcome(s, exp.outcome)).length;
  const bound = boundOf(exp);
  const interval = rateInterval(x, n, confidence, sequential);
  const verdict = n === 0 ? { status: 'inconclusive' as const, reason: `no seeds of ${exp.arm} yet` } : intervalVerdict(interval, bound.value, bound.side, MORE_SEEDS);
  return singleArmResult({
    exp,
    arm: exp.arm,
    x,
    n,
    interval,
    threshold: bound.value,
    sequential,
    status: verdict.status,
    reason: n === 0 ? verdict.reason : `${x}/${n} seeds ${exp.outcome}; ${verdict.reason}`,
  });
}

/** The result record of an expectation judged as one arm's rate x/n (`rate`, and `ablation`'s fraction of seeds). */
export function singleArmResult(r: {
  exp: RateExpectation | AblationExpectation;
  arm: string;
  x: number;
  n: number;
  interval: RateInterval;
  threshold: number;
  sequential: boolean;
  status: ExpectationResult['status'];
  reason: string;
}): ExpectationResult {
  const span = { lower: r.interval.lower, upper: r.interval.upper };
  const estimate = finiteOrNull(r.interval.estimate);
  return {
    kind: r.exp.kind,
    description: describeExpectation(r.exp),
    label: expectationLabel(r.exp),
    arms: [r.arm],
    n: { [r.arm]: r.n },
    successes: { [r.arm]: r.x },
    estimates: { [r.arm]: estimate },
    intervals: { [r.arm]: span },
    estimate,
    interval: span,
    threshold: r.threshold,
    pValue: null,
    method: r.interval.method,
    sequential: r.sequential,
    status: r.status,
    reason: r.reason,
  };
}

/** Evaluate a `compare` expectation. */
export function evaluateCompare(exp: CompareExpectation, seedsByArm: ReadonlyMap<string, readonly SeedSummary[]>, confidence: number, sequential: boolean): ExpectationResult {
  const count = (arm: string) => {
    const seeds = seedsOf(seedsByArm, arm);
    return { n: seeds.length, x: seeds.filter((s) => hasOutcome(s, exp.outcome)).length };
  };
  const hi = count(exp.higher);
  const lo = count(exp.lower);
  const { difference, arm1, arm2 } = differenceInterval(hi.x, hi.n, lo.x, lo.n, confidence, sequential);
  const fisher = hi.n && lo.n ? fisherExact(hi.x, hi.n - hi.x, lo.x, lo.n - lo.x) : null;
  const empty = [exp.higher, exp.lower].filter((_, i) => (i === 0 ? hi.n : lo.n) === 0);
  const verdict = empty.length
    ? { status: 'inconclusive' as const, reason: `no seeds of ${empty.join(' and ')} yet` }
    : intervalVerdict(difference, exp.minDifference, 'atLeast', MORE_SEEDS);
  const span = (i: { lower: number; upper: number }) => ({ lower: i.lower, upper: i.upper });
  const counts = `${exp.outcome}: ${exp.higher} ${hi.x}/${hi.n}, ${exp.lower} ${lo.x}/${lo.n}`;
  const fisherText = fisher ? `; Fisher exact one-sided p = ${fisher.pGreater.toPrecision(3)}` : '';
  return {
    kind: 'compare',
    description: describeExpectation(exp),
    label: expectationLabel(exp),
    arms: [exp.higher, exp.lower],
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
    status: verdict.status,
    reason: `${counts}; difference ${verdict.reason}${fisherText}`,
  };
}
