/**
 * What a baseline comparison compares: per-arm quantities an expectation reads, each with the
 * direction that is "better" for the claim (each kind says which, in its `quantities`).
 */
import type { SeedMetric, SeedOutcome, SeedSummary } from '../seed-summary.ts';
import { rateCounts } from '../seed-summary.ts';
import { rateName } from './shared.ts';

/** Which way is better for the claim. */
export type Better = 'higher' | 'lower';

/** A rate quantity: the seeds counted and those with the outcome (or meeting the ablation bound). */
export interface RateQuantity {
  kind: 'rate';
  arm: string;
  /** The outcome, or the ablation quantity's name. */
  quantity: string;
  better: Better;
  /** x of n for a list of seeds. */
  count: (seeds: readonly SeedSummary[]) => { successes: number; n: number };
}

/** A metric quantity: per-seed values (censored values as +Infinity, see metricValues). */
export interface MetricQuantity {
  kind: 'metric';
  arm: string;
  quantity: SeedMetric;
  better: Better;
}

export type Quantity = RateQuantity | MetricQuantity;

export const flip = (b: Better): Better => (b === 'higher' ? 'lower' : 'higher');

/** A rate counted as the claim counts it: mechanism outcomes among the seeds that learned (and have `given`). */
export function outcomeRate(arm: string, outcome: SeedOutcome, better: Better, given?: SeedOutcome): RateQuantity {
  return {
    kind: 'rate',
    arm,
    quantity: rateName(outcome, given),
    better,
    count: (seeds) => {
      const c = rateCounts(seeds, outcome, given);
      return { successes: c.x, n: c.n };
    },
  };
}
