/**
 * Claims: claim packs (YAML, schemas/claim.schema.json), their evaluation on
 * seed summaries, and results.json with its renderings.
 */
export type { AblationExpectation, BaselinePolicy, Bound, Claim, CompareExpectation, Expectation, MetricExpectation, RateExpectation, TierSpec } from './claim-types.ts';
export { boundOf, DEFAULT_ABLATION_FRACTION, DEFAULT_CONFIDENCE, expectationArms, maxLooks } from './claim-types.ts';
export type { ClaimFileCheck } from './load-claims.ts';
export { checkClaimFiles, claimTier, DEFAULT_CLAIMS_DIR, expandClaimPaths, listClaimFiles, loadClaimFile, loadClaimPack, resolveClaimArms } from './load-claims.ts';
export { armLayers, crossFieldProblems, parseClaim } from './validate-claim.ts';
export type { EvaluateOptions, SeedsByArm } from './evaluate-claim.ts';
export { armsDecided, combineStatuses, evaluateClaim, evaluateExpectation } from './evaluate-claim.ts';
export { ablatedAccuracies } from './evaluate-ablation.ts';
export { bootstrapMedianDifference, CENSORED_METRICS, metricValues } from './evaluate-metric.ts';
export { describeExpectation, expectationLabel, OUTCOME_PHRASES } from './describe-expectation.ts';
export type { BaselineComparison, BaselineSide, BaselineStatus, ClaimBaseline, ClaimResult, ClaimsResults, ComparisonStatus, ExpectationResult, Span, Status } from './result-types.ts';
export type { ResultsContext } from './results.ts';
export { buildResults, validateResults } from './results.ts';
export { renderClaimsTable, renderMarkdownSummary } from './render-results.ts';
export type { AblationSummary, SeedMetric, SeedOutcome, SeedSummary } from './seed-summary.ts';
export { hasOutcome, SEED_METRICS, SEED_OUTCOMES } from './seed-summary.ts';
