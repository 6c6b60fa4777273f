/**
 * One arm's per-seed metric now against its baseline: one-sided Mann-Whitney U and a
 * minimum effect in rank-biserial correlation.
 *
 * Rule (docs/baselines.md): with values c (now) and b (baseline) and "better" the claim's
 * direction, r = P(c > b) - P(c < b) over all pairs (ties count half; the rank-biserial
 * correlation, -1..1). The change is a
 * - regression when the one-sided Mann-Whitney p (H1: c tends the worse way) < alpha AND r
 *   points the worse way by at least minEffect;
 * - improvement likewise in the better direction;
 * - same otherwise (also when every value is tied: no test); incomparable when a side has no values.
 * Censored values (stepsToTarget of a seed that never converged) rank above every real value,
 * as in claim evaluation. Reported: medians and a distribution-free interval of each median.
 */
import type { BaselineSide, ComparisonStatus } from '../claims/result-types.ts';
import { logChoose, mannWhitneyU } from '../stats/index.ts';
import { significant, type CompareSettings } from './compare-rate.ts';
import type { Better } from './quantities.ts';

/** Median of sorted values (may be +Infinity); NaN when empty. */
function medianSorted(sorted: readonly number[]): number {
  if (sorted.length === 0) return NaN;
  const mid = sorted.length / 2;
  return Number.isInteger(mid) ? (sorted[mid - 1]! + sorted[mid]!) / 2 : sorted[Math.floor(mid)]!;
}

/**
 * Order-statistic interval of the median: [x_(k), x_(n-k+1)] with the largest k such that
 * P(Binomial(n, 1/2) <= k - 1) <= (1 - confidence) / 2, so it covers the median with
 * probability >= confidence for any continuous distribution. With too few values for that
 * (n <= 5 at 95%) it is [min, max], whose coverage is 1 - 2^(1-n).
 */
export function medianInterval(values: readonly number[], confidence: number): { lower: number; upper: number } | null {
  const n = values.length;
  if (n === 0) return null;
  const sorted = [...values].sort((p, q) => p - q);
  const tail = (1 - confidence) / 2;
  let k = 1;
  let cdf = Math.exp(logChoose(n, 0) - n * Math.LN2); // P(B <= 0)
  // Grow k while P(B <= k) (the tail beyond x_(k+1)) is still within the allowed tail.
  while (k < Math.ceil(n / 2)) {
    const next = cdf + Math.exp(logChoose(n, k) - n * Math.LN2);
    if (next > tail) break;
    cdf = next;
    k += 1;
  }
  return { lower: sorted[k - 1]!, upper: sorted[n - k]! };
}

/** A metric's side: n, the median and its interval (null where undefined or censored). */
export function metricSide(values: readonly number[], confidence: number): BaselineSide {
  const sorted = [...values].sort((p, q) => p - q);
  const med = medianSorted(sorted);
  const interval = medianInterval(sorted, confidence);
  return {
    n: values.length,
    estimate: Number.isFinite(med) ? med : null,
    interval: interval && Number.isFinite(interval.lower) && Number.isFinite(interval.upper) ? interval : null,
  };
}

export interface MetricComparison {
  current: BaselineSide;
  baseline: BaselineSide;
  /** One-sided p of the direction the values moved; null when untestable (a side empty, every value tied). */
  pValue: number | null;
  /** Rank-biserial correlation P(c > b) - P(c < b); null when a side is empty. */
  effect: number | null;
  status: ComparisonStatus;
}

/** Compare metric values now with the baseline's; `better` is the claim's direction. */
export function compareMetric(current: readonly number[], baseline: readonly number[], better: Better, settings: CompareSettings): MetricComparison {
  const cur = metricSide(current, settings.confidence);
  const base = metricSide(baseline, settings.confidence);
  if (current.length === 0 || baseline.length === 0) return { current: cur, baseline: base, pValue: null, effect: null, status: 'incomparable' };
  // Ranks are all the test uses: a censored value becomes one above every finite value.
  const top = Math.max(0, ...[...current, ...baseline].filter(Number.isFinite)) + 1;
  const ranked = (xs: readonly number[]) => xs.map((v) => (Number.isFinite(v) ? v : top));
  const c = ranked(current);
  const b = ranked(baseline);
  const greater = mannWhitneyU(c, b, { alternative: 'greater' });
  const less = mannWhitneyU(c, b, { alternative: 'less' });
  const effect = (2 * greater.u) / (c.length * b.length) - 1;
  if (Number.isNaN(greater.p)) return { current: cur, baseline: base, pValue: null, effect, status: 'same' };
  const pWorse = better === 'lower' ? greater.p : less.p;
  const pBetter = better === 'lower' ? less.p : greater.p;
  const towardsBetter = better === 'lower' ? -effect : effect;
  const big = (d: number) => d >= settings.minEffect - 1e-12;
  let status: ComparisonStatus = 'same';
  if (significant(pWorse, settings.alpha) && big(-towardsBetter)) status = 'regression';
  else if (significant(pBetter, settings.alpha) && big(towardsBetter)) status = 'improvement';
  return { current: cur, baseline: base, pValue: towardsBetter > 0 ? pBetter : pWorse, effect, status };
}
