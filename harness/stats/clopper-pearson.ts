/**
 * Clopper-Pearson "exact" interval for a binomial proportion.
 *
 * Reference: Clopper, C. J. & Pearson, E. S. (1934). The use of confidence or
 * fiducial limits illustrated in the case of the binomial. Biometrika 26, 404-413.
 * Beta-quantile form: lower = B^-1(a; x, n - x + 1), upper = B^-1(1 - a; x + 1, n - x),
 * with a = (1 - confidence) / 2 for a two-sided interval (Brown, Cai & DasGupta 2001, eq. 4).
 */
import { betaQuantile } from './special.ts';
import { binomialInterval, oneSidedBound, type BinomialInterval } from './binomial.ts';

/**
 * Clopper-Pearson interval for `successes` out of `n`; guaranteed coverage
 * >= `confidence` for every true p (conservative).
 *
 * `options.sides` works as in {@link wilsonInterval}: `'lower'` gives a
 * one-sided lower bound at `confidence` (upper = 1), `'upper'` a one-sided
 * upper bound (lower = 0). n = 0 gives [0, 1] with estimate NaN.
 * @throws Error on invalid counts or confidence.
 */
export const clopperPearsonInterval: BinomialInterval = binomialInterval((successes, n, a, sides) => ({
  lower: sides === 'upper' || successes === 0 ? 0 : betaQuantile(a, successes, n - successes + 1),
  upper: sides === 'lower' || successes === n ? 1 : betaQuantile(1 - a, successes + 1, n - successes),
}));

/** One bound of the Clopper-Pearson interval as a number (one-sided, at `confidence`). */
export const clopperPearsonBound = oneSidedBound(clopperPearsonInterval);
