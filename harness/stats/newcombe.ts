/**
 * Newcombe's hybrid score interval for a difference of two independent
 * proportions p1 - p2 ("method 10" in Newcombe 1998).
 *
 * Reference: Newcombe, R. G. (1998). Interval estimation for the difference
 * between independent proportions: comparison of eleven methods.
 * Statistics in Medicine 17, 873-890.
 * With Wilson limits (l_i, u_i) for each arm and d = p1 - p2:
 *   lower = d - sqrt((p1 - l1)^2 + (u2 - p2)^2)
 *   upper = d + sqrt((u1 - p1)^2 + (p2 - l2)^2)
 */
import type { Interval, IntervalOptions } from './types.ts';
import { intervalSides } from './validate.ts';
import { wilsonInterval } from './wilson.ts';

/**
 * Newcombe hybrid score interval for p1 - p2 where arm 1 has x1 successes of
 * n1 and arm 2 has x2 of n2.
 *
 * `options.sides`: `'two'` (default) two-sided; `'lower'` gives a one-sided
 * lower bound at `confidence` (upper = 1), built from one-sided Wilson limits;
 * `'upper'` a one-sided upper bound (lower = -1). For the claim "arm 1 beats
 * arm 2" check whether the one-sided lower bound is > 0.
 * If either arm is empty the result is [-1, 1] with estimate NaN.
 * @throws Error on invalid counts or confidence.
 */
export function newcombeInterval(
  x1: number,
  n1: number,
  x2: number,
  n2: number,
  confidence = 0.95,
  options: IntervalOptions = {},
): Interval {
  const sides = intervalSides([[x1, n1], [x2, n2]], confidence, options);
  if (n1 === 0 || n2 === 0) return { lower: -1, upper: 1, estimate: NaN };
  // One-sided Newcombe bounds use one-sided Wilson limits at the same level.
  const w1 = wilsonInterval(x1, n1, confidence, { sides: sides === 'two' ? 'two' : 'lower' });
  const w1u = wilsonInterval(x1, n1, confidence, { sides: sides === 'two' ? 'two' : 'upper' });
  const w2 = wilsonInterval(x2, n2, confidence, { sides: sides === 'two' ? 'two' : 'lower' });
  const w2u = wilsonInterval(x2, n2, confidence, { sides: sides === 'two' ? 'two' : 'upper' });
  const p1 = x1 / n1;
  const p2 = x2 / n2;
  const d = p1 - p2;
  const lower = d - Math.hypot(p1 - w1.lower, w2u.upper - p2);
  const upper = d + Math.hypot(w1u.upper - p1, p2 - w2.lower);
  return {
    lower: sides === 'upper' ? -1 : Math.max(-1, lower),
    upper: sides === 'lower' ? 1 : Math.min(1, upper),
    estimate: d,
  };
}
