/**
 * What every binomial interval (Wilson, Clopper-Pearson) shares: its arguments checked, n = 0,
 * the tail of each side, and one bound of it as a number.
 */
import type { Interval, IntervalOptions, Sides } from './types.ts';
import { intervalSides, tailAlpha } from './validate.ts';

/** `(successes, n, confidence = 0.95, options)`, as wilsonInterval and clopperPearsonInterval are called. */
export type BinomialInterval = (successes: number, n: number, confidence?: number, options?: IntervalOptions) => Interval;

/**
 * A binomial interval function from its formula: `(successes, n, confidence = 0.95, options)`
 * checks its arguments, gives [0, 1] with estimate NaN for n = 0, and otherwise calls
 * `bounds` with the tail probability of each side (tailAlpha) and the sides asked for.
 */
export function binomialInterval(bounds: (successes: number, n: number, tail: number, sides: Sides) => { lower: number; upper: number }): BinomialInterval {
  return (successes, n, confidence = 0.95, options = {}) => {
    const sides = intervalSides([[successes, n]], confidence, options);
    if (n === 0) return { lower: 0, upper: 1, estimate: NaN };
    return { ...bounds(successes, n, tailAlpha(confidence, sides), sides), estimate: successes / n };
  };
}

/** One bound of an interval as a number: the one-sided lower (or upper) bound at `confidence`. */
export function oneSidedBound(interval: BinomialInterval) {
  return (successes: number, n: number, side: 'lower' | 'upper', confidence = 0.95): number => {
    const i = interval(successes, n, confidence, { sides: side });
    return side === 'lower' ? i.lower : i.upper;
  };
}
