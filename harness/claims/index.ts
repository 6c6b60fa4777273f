/**
 * Claims: claim packs (YAML, schemas/claim.schema.json), their evaluation on
 * seed summaries, and results.json with its renderings.
 */
export type { AblationExpectation, BaselinePolicy, Bound, Claim, CompareExpectation, Expectation, MetricExpectation, RateExpectation, TierSpec } from './claim-types.ts';
export { boundOf, DEFAULT_ABLATION_FRACTION, DEFAULT_CONFIDENCE, maxLooks } from './claim-types.ts';
export type { Evaluated, ExpectationKind, KindOptions } from './kinds/kind.ts';
export { EXPECTATION_KINDS, expectationArms, KIND_NAMES, kindOf } from './kinds/index.ts';
export type { ClaimFileCheck } from './load-claims.ts';
export { checkClaimFiles, claimTier, DEFAULT_CLAIMS_DIR, expandClaimPaths, listClaimFiles, loadClaimFile, loadClaimPack, resolveClaimArms } from './load-claims.ts';
export { armLayers, crossFieldProblems, parseClaim } from './validate-claim.ts';
export type { EvaluateOptions, SeedsByArm } from './evaluate-claim.ts';
export { armsDecided, combineStatuses, evaluateClaim, evaluateExpectation } from './evaluate-claim.ts';
export { ablatedAccuracies, ablationCounts } from './kinds/ablation.ts';
export { CENSORED_METRICS, metricValues } from './kinds/metric.ts';
export { ablationRateName, describeExpectation, expectationLabel, OUTCOME_PHRASES, rateName } from './describe-expectation.ts';
export type { BaselineComparison, BaselineSide, BaselineStatus, ClaimBaseline, ClaimResult, ClaimsResults, ComparisonStatus, CountedQuantity, ExpectationResult, Span, Status } from './result-types.ts';
export { expectationPower, tierWarnings } from './tier-power.ts';
export type { ResultsContext } from './results.ts';
export { buildResults, validateResults } from './results.ts';
export { renderClaimsTable, renderMarkdownSummary } from './render-results.ts';
export type { AblationAccuracy, AblationSummary, LegacyAblationSummary, MechanismOutcome, SeedMetric, SeedOutcome, SeedSummary } from './seed-summary.ts';
export { hasOutcome, isMechanismMetric, isMechanismOutcome, learned, MECHANISM_METRICS, MECHANISM_OUTCOMES, onsetAccuracy, rateCounts, SEED_METRICS, SEED_OUTCOMES, TRAINING_OUTCOMES } from './seed-summary.ts';
