/**
 * Turning an interval into a verdict on a threshold claim.
 */
import type { ClaimSide, Status } from './types.ts';

/**
 * Verdict of the claim "parameter >= threshold" (`side: 'atLeast'`) or
 * "parameter <= threshold" (`side: 'atMost'`) given a confidence interval
 * (or the current confidence-sequence interval) for the parameter.
 *
 * - 'pass' when the whole interval lies on the claim's side
 *   (atLeast: lower >= threshold; atMost: upper <= threshold);
 * - 'fail' when the whole interval lies strictly on the other side
 *   (atLeast: upper < threshold; atMost: lower > threshold);
 * - 'inconclusive' otherwise, or when a bound is NaN.
 *
 * To test at level alpha in one direction, pass a one-sided interval at
 * confidence 1 - alpha (e.g. `wilsonInterval(x, n, 0.95, { sides: 'lower' })`
 * for an atLeast claim can only pass or be inconclusive).
 * For "arm A beats arm B" use a Newcombe interval with threshold 0, side 'atLeast'.
 */
export function verdictFromInterval(
  interval: { lower: number; upper: number },
  threshold: number,
  side: ClaimSide,
): Status {
  if (typeof threshold !== 'number' || Number.isNaN(threshold)) {
    throw new Error(`threshold must be a number, got ${String(threshold)}`);
  }
  const { lower, upper } = interval;
  if (Number.isNaN(lower) || Number.isNaN(upper)) return 'inconclusive';
  if (lower > upper) throw new Error(`interval lower (${lower}) exceeds upper (${upper})`);
  if (side === 'atLeast') {
    if (lower >= threshold) return 'pass';
    if (upper < threshold) return 'fail';
    return 'inconclusive';
  }
  if (side === 'atMost') {
    if (upper <= threshold) return 'pass';
    if (lower > threshold) return 'fail';
    return 'inconclusive';
  }
  throw new Error(`side must be 'atLeast' or 'atMost', got ${String(side)}`);
}
