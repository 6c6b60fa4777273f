/**
 * The intervals claim verdicts on rates read, in fixed-n and in sequential mode.
 *
 * Fixed n (every seed of the tier is in): the two-sided Clopper-Pearson interval at the
 * claim's confidence c for a rate. Clopper-Pearson is exact (conservative) at every n, so
 * each wrong verdict (a false pass, a false fail) has probability <= (1 - c) / 2 whatever
 * the true rate; specs/claims-engine/error-rates.test.ts checks this by exact enumeration
 * for n = 1..30. (Wilson, used before, is not exact at small n: at n = 1 an `atLeast 0.2`
 * passed wrongly 20% of the time.) For a difference of rates: one Clopper-Pearson interval
 * per arm at 1 - (1 - c) / 2 (Bonferroni) and the difference interval [l1 - u2, u1 - l2];
 * a false pass needs l1 > p1 or u2 < p2, each of probability <= (1 - c) / 4.
 *
 * Sequential (seeds still being added in rounds, looked at after every round):
 * the beta-binomial mixture confidence sequence at alpha = 1 - c, which covers
 * the rate at every n at once (Ville's inequality), so peeking never inflates
 * the error: P(ever a wrong verdict) <= 1 - c. For a difference, one confidence
 * sequence per arm at alpha / 2 (Bonferroni: both cover at all n with
 * probability >= c), and the difference interval [l1 - u2, u1 - l2].
 */
import { bernoulliConfidenceSequence, clopperPearsonInterval, verdictFromInterval } from '../stats/index.ts';
import type { Span, Status } from './result-types.ts';

/** An interval with its point estimate (NaN when n = 0) and the method's name. */
export interface RateInterval extends Span {
  estimate: number;
  method: string;
}

/** Interval for a rate of `successes` out of `n`: Clopper-Pearson at `confidence`, or the confidence sequence at alpha = 1 - confidence. */
export function rateInterval(successes: number, n: number, confidence: number, sequential: boolean): RateInterval {
  if (sequential) {
    const cs = bernoulliConfidenceSequence(successes, n, 1 - confidence);
    return { ...cs, method: `confidence sequence ${percent(confidence)}` };
  }
  return { ...clopperPearsonInterval(successes, n, confidence), method: `Clopper-Pearson ${percent(confidence)}` };
}

/** Per-arm intervals at 1 - alpha/2 each and the interval of rate1 - rate2, [l1 - u2, u1 - l2] (Bonferroni; Clopper-Pearson or confidence sequences). */
export function differenceInterval(
  x1: number,
  n1: number,
  x2: number,
  n2: number,
  confidence: number,
  sequential: boolean,
): { difference: RateInterval; arm1: RateInterval; arm2: RateInterval } {
  const perArm = 1 - (1 - confidence) / 2; // alpha / 2 each
  const arm1 = rateInterval(x1, n1, perArm, sequential);
  const arm2 = rateInterval(x2, n2, perArm, sequential);
  const name = sequential ? 'confidence sequences' : 'Clopper-Pearson';
  const difference = {
    lower: Math.max(-1, arm1.lower - arm2.upper),
    upper: Math.min(1, arm1.upper - arm2.lower),
    estimate: n1 && n2 ? x1 / n1 - x2 / n2 : NaN,
    method: `${name} ${percent(perArm)} per arm (Bonferroni, ${percent(confidence)} joint)`,
  };
  return { difference, arm1, arm2 };
}

/** 0.5 -> "50%". */
export const percent = (x: number): string => `${Number((x * 100).toFixed(1))}%`;

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
