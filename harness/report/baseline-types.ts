/**
 * The baseline comparison a claim result may carry (`ClaimResult.baseline`, written when a check
 * or merge compares its rates with stored baselines; types in claims/result-types.ts). Reports
 * read it when present and say "no baseline" when absent; nothing here computes it.
 */
import type { BaselineComparison as QuantityComparison, BaselineStatus, ClaimBaseline, ClaimResult, ClaimsResults } from '../claims/result-types.ts';

export type { BaselineSide, BaselineStatus } from '../claims/result-types.ts';

/** How a claim (or one quantity) compares with its baseline. */
export const BASELINE_STATUSES = ['same', 'regression', 'improvement', 'stale', 'missing', 'incomparable'] as const satisfies readonly BaselineStatus[];

/** One quantity of one arm, now and in the baseline. */
export type BaselineQuantity = QuantityComparison;

/** A claim's comparison with the baseline folder. */
export type BaselineComparison = ClaimBaseline;

/** A claim result as reports read it: maybe with a baseline comparison. */
export type ReportClaim = ClaimResult;

/** results.json as reports read it: claims maybe with baselines, a summary maybe with a regression count. */
export interface ReportResults extends Omit<ClaimsResults, 'claims' | 'summary'> {
  claims: ReportClaim[];
  summary: ClaimsResults['summary'] & { regressions?: number };
}
