/**
 * The intervals claim verdicts on rates read, in fixed-n and in sequential mode.
 *
 * Fixed n (every seed of the tier is in): two-sided Wilson score interval at the
 * claim's confidence c for a rate; Newcombe's hybrid score interval (built from
 * the same Wilson limits) for a difference of rates. The verdict reads the same
 * interval the report shows, so each wrong verdict (a false pass or a false fail)
 * has nominal probability <= (1 - c) / 2.
 *
 * Sequential (seeds still being added in rounds, looked at after every round):
 * the beta-binomial mixture confidence sequence at alpha = 1 - c, which covers
 * the rate at every n at once (Ville's inequality), so peeking never inflates
 * the error: P(ever a wrong verdict) <= 1 - c. For a difference, one confidence
 * sequence per arm at alpha / 2 (Bonferroni: both cover at all n with
 * probability >= c), and the difference interval [l1 - u2, u1 - l2].
 */
import { bernoulliConfidenceSequence, newcombeInterval, verdictFromInterval, wilsonInterval } from '../stats/index.ts';
import { percent } from './describe-expectation.ts';
import type { Span, Status } from './result-types.ts';

/** An interval with its point estimate (NaN when n = 0) and the method's name. */
export interface RateInterval extends Span {
  estimate: number;
  method: string;
}

/** Interval for a rate of `successes` out of `n`: Wilson at `confidence`, or the confidence sequence at alpha = 1 - confidence. */
export function rateInterval(successes: number, n: number, confidence: number, sequential: boolean): RateInterval {
  if (sequential) {
    const cs = bernoulliConfidenceSequence(successes, n, 1 - confidence);
    return { ...cs, method: `confidence sequence ${percent(confidence)}` };
  }
  return { ...wilsonInterval(successes, n, confidence), method: `Wilson ${percent(confidence)}` };
}

/** Per-arm intervals and the interval of rate1 - rate2 (Newcombe, or Bonferroni-combined confidence sequences). */
export function differenceInterval(
  x1: number,
  n1: number,
  x2: number,
  n2: number,
  confidence: number,
  sequential: boolean,
): { difference: RateInterval; arm1: RateInterval; arm2: RateInterval } {
  if (sequential) {
    const perArm = 1 - (1 - confidence) / 2; // alpha / 2 each
    const arm1 = rateInterval(x1, n1, perArm, true);
    const arm2 = rateInterval(x2, n2, perArm, true);
    const difference = {
      lower: Math.max(-1, arm1.lower - arm2.upper),
      upper: Math.min(1, arm1.upper - arm2.lower),
      estimate: n1 && n2 ? x1 / n1 - x2 / n2 : NaN,
      method: `confidence sequences ${percent(perArm)} per arm (Bonferroni, ${percent(confidence)} joint)`,
    };
    return { difference, arm1, arm2 };
  }
  return {
    difference: { ...newcombeInterval(x1, n1, x2, n2, confidence), method: `Newcombe ${percent(confidence)}` },
    arm1: rateInterval(x1, n1, confidence, false),
    arm2: rateInterval(x2, n2, confidence, false),
  };
}

/** `[0.41, 0.93]` with two decimals. */
export const formatSpan = (s: Span): string => `[${s.lower.toFixed(2)}, ${s.upper.toFixed(2)}]`;

/**
 * The verdict of "quantity >= threshold" (`atLeast`) or "<= threshold" (`atMost`)
 * from an interval (verdictFromInterval), with the reason in words.
 */
export function intervalVerdict(interval: RateInterval, threshold: number, side: 'atLeast' | 'atMost', more: string): { status: Status; reason: string } {
  const status = verdictFromInterval(interval, threshold, side);
  const span = `${interval.method} interval ${formatSpan(interval)}`;
  const claimSide = side === 'atLeast' ? 'above' : 'below';
  const otherSide = side === 'atLeast' ? 'below' : 'above';
  if (status === 'pass') return { status, reason: `${span} lies wholly ${claimSide} ${threshold}` };
  if (status === 'fail') return { status, reason: `${span} lies wholly ${otherSide} ${threshold}` };
  return { status, reason: `${span} contains ${threshold}; ${more}` };
}

/** null for NaN / non-finite numbers (JSON has no NaN). */
export const finiteOrNull = (x: number): number | null => (Number.isFinite(x) ? x : null);
