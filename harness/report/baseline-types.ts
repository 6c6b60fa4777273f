/**
 * The baseline comparison a claim result may carry (`ClaimResult.baseline`, written when a check
 * or merge compares its rates with stored baselines). Reports read it when present and say
 * "no baseline" when absent; nothing here computes it.
 */
import type { ClaimResult, ClaimsResults, Span } from '../claims/result-types.ts';

/** How a claim (or one quantity) compares with its baseline. */
export const BASELINE_STATUSES = ['same', 'regression', 'improvement', 'stale', 'missing', 'incomparable'] as const;
export type BaselineStatus = (typeof BASELINE_STATUSES)[number];

/** One side of a comparison: a rate (successes of n) or a metric (estimate of n seeds). */
export interface BaselineSide {
  successes?: number;
  n: number;
  estimate: number | null;
  interval: Span | null;
}

/** One quantity of one arm, now and in the baseline. */
export interface BaselineQuantity {
  arm: string;
  /** What is compared, e.g. `sequential` or `stepsToTarget`. */
  quantity: string;
  kind: 'rate' | 'metric';
  current: BaselineSide;
  baseline: BaselineSide;
  /** Two-sided p of the difference (Fisher for rates, Mann-Whitney for metrics); null when not computed. */
  pValue: number | null;
  status: BaselineStatus;
}

/** A claim's comparison with the baseline folder. */
export interface BaselineComparison {
  /** The baseline folder compared with. */
  dir: string;
  status: BaselineStatus;
  /** Why, in words. */
  reason: string;
  comparisons: BaselineQuantity[];
}

/** A claim result as reports read it: maybe with a baseline comparison. */
export interface ReportClaim extends ClaimResult {
  baseline?: BaselineComparison;
}

/** results.json as reports read it: claims maybe with baselines, a summary maybe with a regression count. */
export interface ReportResults extends Omit<ClaimsResults, 'claims' | 'summary'> {
  claims: ReportClaim[];
  summary: ClaimsResults['summary'] & { regressions?: number };
}
