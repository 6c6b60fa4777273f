/**
 * Baselines: what a claim's arms learned in a stored check (baselines/<tier>/<claim-id>.json),
 * and the comparison of a new check with it (regression | improvement | same, or stale,
 * missing, incomparable). docs/baselines.md has the rules and the statistics.
 */
export type { BackendName, BaselineArm, BaselineCount, BaselineFile, BaselineProvenance } from './baseline-file.ts';
export { backendsOf, baselineArm, baselinePath, buildBaseline, DEFAULT_BASELINES_DIR, readBaselineFile } from './baseline-file.ts';
export type { Better, MetricQuantity, Quantity, RateQuantity } from './quantities.ts';
export { claimQuantities, metricSample, storedRatesOf } from './quantities.ts';
export type { CompareSettings, RateComparison } from './compare-rate.ts';
export { compareRate, DEFAULT_BASELINE_ALPHA, DEFAULT_MIN_EFFECT, rateSide, rateVerdict } from './compare-rate.ts';
export type { MetricComparison } from './compare-metric.ts';
export { compareMetric, medianInterval, metricSide } from './compare-metric.ts';
export type { FoundBaseline } from './compare-claim.ts';
export { compareClaimWithBaseline, comparisonText } from './compare-claim.ts';
export type { BaselineOptions } from './attach-baselines.ts';
export { attachBaselines, findBaselines } from './attach-baselines.ts';
export { rateVerdictProbability, ratePowerCurve, simulateMetricRegressions, worstRateFalseAlarm } from './operating-characteristics.ts';
export { baselineCounts, renderBaselineMarkdown, renderBaselineTable, sideCell } from './render-baselines.ts';
