/**
 * Shared types for the statistics module.
 */

/**
 * Which side(s) of an interval are informative.
 * - `'two'`:   two-sided interval; each tail gets (1 - confidence) / 2.
 * - `'lower'`: one-sided lower bound; `upper` is the top of the parameter
 *              range and the lower tail gets all of (1 - confidence).
 * - `'upper'`: one-sided upper bound; `lower` is the bottom of the range.
 */
export type Sides = 'two' | 'lower' | 'upper';

/** Direction of a claim about a rate (or a difference of rates) versus a threshold. */
export type ClaimSide = 'atLeast' | 'atMost';

/** The status of a claim checked against an interval or a confidence sequence (a probe's verdict is probe/verdict.ts's Verdict). */
export type Status = 'pass' | 'fail' | 'inconclusive';

/** A confidence interval together with the point estimate it was built around. */
export interface Interval {
  lower: number;
  upper: number;
  /** Point estimate (e.g. x / n); NaN when undefined (n = 0). */
  estimate: number;
}

/** Options shared by the binomial interval functions. */
export interface IntervalOptions {
  /** Two-sided (default) or a one-sided bound; see {@link Sides}. */
  sides?: Sides;
}
