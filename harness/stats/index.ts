/**
 * Statistics for checking seed-level claims ("at least 60% of seeds learn X",
 * "arm A succeeds more often than arm B") at small n. See README.md.
 */
export type { ClaimSide, Interval, IntervalOptions, Sides, Status } from './types.ts';
export { normalCdf, normalQuantile } from './normal.ts';
export {
  betaQuantile,
  binomialTail,
  logBeta,
  logChoose,
  logGamma,
  regularizedIncompleteBeta,
} from './special.ts';
export { wilsonBound, wilsonInterval } from './wilson.ts';
export { clopperPearsonBound, clopperPearsonInterval } from './clopper-pearson.ts';
export { newcombeInterval } from './newcombe.ts';
export type { FisherResult } from './fisher.ts';
export { fisherExact, fisherOneSided } from './fisher.ts';
export type { Alternative, MannWhitneyOptions, MannWhitneyResult } from './mann-whitney.ts';
export { EXACT_MAX_SIZE, mannWhitneyNullDistribution, mannWhitneyU } from './mann-whitney.ts';
export type { Uniform01 } from './prng.ts';
export { bernoulli, mulberry32, randomInt } from './prng.ts';
export type { BootstrapOptions } from './bootstrap.ts';
export { bootstrapDifferenceInterval, bootstrapInterval } from './bootstrap.ts';
export type { BetaPrior, ConfidenceSequenceOptions } from './confidence-sequence.ts';
export {
  bernoulliConfidenceSequence,
  DEFAULT_PRIOR,
  logMixtureRatio,
  sequentialRateDecision,
} from './confidence-sequence.ts';
export type { SequentialSimulationOptions, SequentialSimulationResult } from './sequential-sim.ts';
export { simulateSequential } from './sequential-sim.ts';
export { verdictFromInterval } from './verdict.ts';
export type { ExactSequentialOptions, ExactSequentialResult, SequentialRule } from './sequential-exact.ts';
export { exactSequentialRates } from './sequential-exact.ts';
