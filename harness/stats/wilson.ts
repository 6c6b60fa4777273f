/**
 * Wilson score interval for a binomial proportion.
 *
 * Reference: Wilson, E. B. (1927). Probable inference, the law of succession,
 * and statistical inference. JASA 22, 209-212. Recommended for small n by
 * Newcombe (1998, Stat. Med. 17, 857-872) and Brown, Cai & DasGupta (2001,
 * Stat. Sci. 16, 101-133).
 */
import { normalQuantile } from './normal.ts';
import { binomialInterval, oneSidedBound, type BinomialInterval } from './binomial.ts';

/**
 * Wilson score interval for `successes` out of `n`.
 *
 * - `sides: 'two'` (default): two-sided interval at `confidence`.
 * - `sides: 'lower'`: one-sided lower bound at `confidence` (upper = 1),
 *   e.g. "95% one-sided lower bound" = `wilsonInterval(x, n, 0.95, { sides: 'lower' }).lower`.
 * - `sides: 'upper'`: one-sided upper bound (lower = 0).
 *
 * n = 0 gives [0, 1] with estimate NaN. x = 0 gives lower = 0 exactly and
 * x = n gives upper = 1 exactly.
 * @throws Error on negative / non-integer counts, successes > n, or confidence outside (0, 1).
 */
export const wilsonInterval: BinomialInterval = binomialInterval((successes, n, tail, sides) => {
  const z = normalQuantile(1 - tail);
  const z2 = z * z;
  const denom = n + z2;
  const center = (successes + z2 / 2) / denom;
  const half = (z / denom) * Math.sqrt((successes * (n - successes)) / n + z2 / 4);
  const lower = sides === 'upper' || successes === 0 ? 0 : Math.max(0, center - half);
  const upper = sides === 'lower' || successes === n ? 1 : Math.min(1, center + half);
  return { lower, upper };
});

/**
 * One bound of the Wilson interval as a number. `side: 'lower'` gives the
 * one-sided lower confidence bound at `confidence` (so P(p < bound) <= 1 - confidence
 * approximately), `'upper'` the one-sided upper bound.
 */
export const wilsonBound = oneSidedBound(wilsonInterval);
