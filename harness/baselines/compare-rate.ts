/**
 * One arm's rate now against its baseline: an exact one-sided test and a minimum effect.
 *
 * Rule (docs/baselines.md): with x_c of n_c seeds now and x_b of n_b in the baseline, and
 * "better" the claim's direction, the change is a
 * - regression when Fisher's exact one-sided p (H1: the rate moved the worse way) < alpha AND
 *   the rate moved the worse way by at least minEffect;
 * - improvement likewise in the better direction;
 * - same otherwise; incomparable when either side has no seeds.
 * Fisher's test conditions on both margins, so its size is at most alpha at every true rate
 * (conservative at small n); the minimum effect only removes rejections, so the false-alarm
 * rate stays <= alpha. Intervals: two-sided Wilson at the claim's confidence.
 */
import type { BaselineSide, ComparisonStatus } from '../claims/result-types.ts';
import { fisherOneSided, wilsonInterval } from '../stats/index.ts';
import type { Better } from './quantities.ts';

/** The settings of every baseline comparison. */
export interface CompareSettings {
  /** One-sided significance level of each test (default 0.05). */
  alpha: number;
  /** Smallest change that counts: in rate for rates, in rank-biserial correlation for metrics (default 0.2). */
  minEffect: number;
  /** Confidence of the reported intervals (the claim's). */
  confidence: number;
}

export const DEFAULT_BASELINE_ALPHA = 0.05;

/** p < alpha, with p = alpha computed a hair low by rounding (e.g. Fisher's 1/20) not counted. */
export const significant = (p: number, alpha: number): boolean => p < alpha * (1 - 1e-9);
export const DEFAULT_MIN_EFFECT = 0.2;

/** A rate's side of a comparison: successes, n, the rate and its Wilson interval (null when n = 0). */
export function rateSide(successes: number, n: number, confidence: number): BaselineSide {
  if (n === 0) return { successes, n, estimate: null, interval: null };
  const w = wilsonInterval(successes, n, confidence);
  return { successes, n, estimate: successes / n, interval: { lower: w.lower, upper: w.upper } };
}

export interface RateComparison {
  current: BaselineSide;
  baseline: BaselineSide;
  /** One-sided p of the direction the rate moved (the regression test's when unchanged). */
  pValue: number | null;
  /** p of H1 "moved the worse way" and of H1 "moved the better way". */
  pWorse: number | null;
  pBetter: number | null;
  /** Current rate minus baseline rate (null when a side has no seeds). */
  difference: number | null;
  status: ComparisonStatus;
}

/** The test alone (no intervals): p in each direction, the difference and the verdict; null p when a side has no seeds. */
export function rateVerdict(
  current: { successes: number; n: number },
  baseline: { successes: number; n: number },
  better: Better,
  settings: Pick<CompareSettings, 'alpha' | 'minEffect'>,
): Pick<RateComparison, 'pValue' | 'pWorse' | 'pBetter' | 'difference' | 'status'> {
  if (current.n === 0 || baseline.n === 0) return { pValue: null, pWorse: null, pBetter: null, difference: null, status: 'incomparable' };
  const f = fisherOneSided(current.successes, current.n - current.successes, baseline.successes, baseline.n - baseline.successes);
  // pLess: evidence that the current rate is lower than the baseline's.
  const pWorse = better === 'higher' ? f.pLess : f.pGreater;
  const pBetter = better === 'higher' ? f.pGreater : f.pLess;
  const difference = current.successes / current.n - baseline.successes / baseline.n;
  const towardsBetter = better === 'higher' ? difference : -difference;
  const big = (d: number) => d >= settings.minEffect - 1e-12;
  let status: ComparisonStatus = 'same';
  if (significant(pWorse, settings.alpha) && big(-towardsBetter)) status = 'regression';
  else if (significant(pBetter, settings.alpha) && big(towardsBetter)) status = 'improvement';
  return { pValue: towardsBetter > 0 ? pBetter : pWorse, pWorse, pBetter, difference, status };
}

/** Compare x_c/n_c now with x_b/n_b in the baseline; `better` is the claim's direction. */
export function compareRate(current: { successes: number; n: number }, baseline: { successes: number; n: number }, better: Better, settings: CompareSettings): RateComparison {
  return {
    current: rateSide(current.successes, current.n, settings.confidence),
    baseline: rateSide(baseline.successes, baseline.n, settings.confidence),
    ...rateVerdict(current, baseline, better, settings),
  };
}
