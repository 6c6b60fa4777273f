/**
 * Exact (no Monte-Carlo) operating characteristics of a sequential rate
 * decision: propagates the distribution of the success count through the
 * looks, absorbing mass whenever the rule says 'pass' or 'fail'.
 */
import type { BetaPrior } from './confidence-sequence.ts';
import { sequentialRateDecision } from './confidence-sequence.ts';
import type { ClaimSide } from './types.ts';
import { assertProbability } from './validate.ts';

export type SequentialRule = (successes: number, n: number) => 'pass' | 'fail' | 'continue';

/** The sequential design both the exact computation and the simulation take. */
export interface SequentialDesign {
  /** True success probability of each seed. */
  trueRate: number;
  threshold: number;
  side?: ClaimSide;
  alpha?: number;
  /** Seeds added per round before each look (default 4). */
  roundSize?: number;
  /** Seed budget (default 64); runs still undecided then are inconclusive. */
  maxSeeds?: number;
  prior?: BetaPrior;
}

export interface ExactSequentialOptions extends SequentialDesign {
  /** Decision rule; defaults to `sequentialRateDecision` with the options above. */
  rule?: SequentialRule;
}

export interface ExactSequentialResult {
  /** Probability the sweep ever returns 'pass'. */
  passRate: number;
  /** Probability the sweep ever returns 'fail'. */
  failRate: number;
  /** Expected number of seeds used (maxSeeds when undecided). */
  meanSeeds: number;
}

/**
 * Exact pass / fail probabilities and expected seeds for a sweep that adds
 * `roundSize` seeds per round (i.i.d. Bernoulli(trueRate)) and stops at the
 * first 'pass' or 'fail'. Cost O(maxSeeds^2) per round; instant for n <= 1000.
 */
export function exactSequentialRates(options: ExactSequentialOptions): ExactSequentialResult {
  const p = options.trueRate;
  assertProbability(p, 'trueRate');
  const roundSize = options.roundSize ?? 4;
  const maxSeeds = options.maxSeeds ?? 64;
  if (!Number.isInteger(roundSize) || roundSize < 1 || !Number.isInteger(maxSeeds) || maxSeeds < 1) {
    throw new Error('roundSize and maxSeeds must be positive integers');
  }
  const side = options.side ?? 'atLeast';
  const alpha = options.alpha ?? 0.05;
  const decisionOptions = options.prior ? { prior: options.prior } : {};
  const rule: SequentialRule =
    options.rule ?? ((s, n) => sequentialRateDecision(s, n, options.threshold, side, alpha, decisionOptions));
  let alive = [1]; // alive[s] = P(still running with s successes)
  let n = 0;
  let passRate = 0;
  let failRate = 0;
  let meanSeeds = 0;
  while (n < maxSeeds) {
    const batch = Math.min(roundSize, maxSeeds - n);
    for (let i = 0; i < batch; i++) {
      const next = new Array<number>(alive.length + 1).fill(0);
      alive.forEach((mass, s) => {
        next[s] = (next[s] ?? 0) + mass * (1 - p);
        next[s + 1] = (next[s + 1] ?? 0) + mass * p;
      });
      alive = next;
    }
    n += batch;
    alive = alive.map((mass, s) => {
      if (mass === 0) return 0;
      const decision = rule(s, n);
      if (decision === 'continue') return mass;
      if (decision === 'pass') passRate += mass;
      else failRate += mass;
      meanSeeds += mass * n;
      return 0;
    });
  }
  const undecided = alive.reduce((sum, mass) => sum + mass, 0);
  meanSeeds += undecided * maxSeeds;
  return { passRate, failRate, meanSeeds };
}
