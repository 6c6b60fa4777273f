/**
 * Monte-Carlo check of the sequential rate decision: error rate and average
 * number of seeds used when a sweep adds seeds in rounds and stops as soon as
 * `sequentialRateDecision` returns 'pass' or 'fail'.
 */
import { sequentialRateDecision } from './confidence-sequence.ts';
import { bernoulli, mulberry32 } from './prng.ts';
import type { SequentialDesign } from './sequential-exact.ts';
import { assertProbability } from './validate.ts';

export interface SequentialSimulationOptions extends SequentialDesign {
  /** Simulated sweeps (default 2000). */
  replicates?: number;
  /** PRNG seed (default 1). */
  seed?: number;
}

export interface SequentialSimulationResult {
  /**
   * Fraction of sweeps reaching the wrong verdict. The boundary counts as the
   * null: for 'atLeast', if trueRate <= threshold a 'pass' is an error,
   * otherwise a 'fail' is (mirror image for 'atMost').
   */
  errorRate: number;
  passRate: number;
  failRate: number;
  /** Fraction still 'continue' at the seed budget. */
  inconclusiveRate: number;
  /** Mean number of seeds used before stopping (maxSeeds if never decided). */
  meanSeeds: number;
  replicates: number;
}

/** Simulates `replicates` sequential sweeps; deterministic for a given seed. */
export function simulateSequential(options: SequentialSimulationOptions): SequentialSimulationResult {
  const side = options.side ?? 'atLeast';
  const alpha = options.alpha ?? 0.05;
  const roundSize = options.roundSize ?? 4;
  const maxSeeds = options.maxSeeds ?? 64;
  const replicates = options.replicates ?? 2000;
  assertProbability(options.trueRate, 'trueRate');
  for (const [name, v] of [['roundSize', roundSize], ['maxSeeds', maxSeeds], ['replicates', replicates]] as const) {
    if (!Number.isInteger(v) || v < 1) throw new Error(`${name} must be a positive integer, got ${String(v)}`);
  }
  const rng = mulberry32(options.seed ?? 1);
  const decisionOptions = options.prior ? { prior: options.prior } : {};
  let passes = 0;
  let fails = 0;
  let seedsUsed = 0;
  for (let r = 0; r < replicates; r++) {
    let n = 0;
    let successes = 0;
    let decision: 'pass' | 'fail' | 'continue' = 'continue';
    while (n < maxSeeds && decision === 'continue') {
      const batch = Math.min(roundSize, maxSeeds - n);
      for (let i = 0; i < batch; i++) if (bernoulli(rng, options.trueRate)) successes++;
      n += batch;
      decision = sequentialRateDecision(successes, n, options.threshold, side, alpha, decisionOptions);
    }
    if (decision === 'pass') passes++;
    if (decision === 'fail') fails++;
    seedsUsed += n;
  }
  const passRate = passes / replicates;
  const failRate = fails / replicates;
  const claimFalse =
    side === 'atLeast' ? options.trueRate <= options.threshold : options.trueRate >= options.threshold;
  return {
    errorRate: claimFalse ? passRate : failRate,
    passRate,
    failRate,
    inconclusiveRate: 1 - passRate - failRate,
    meanSeeds: seedsUsed / replicates,
    replicates,
  };
}
