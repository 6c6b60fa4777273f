/**
 * Typed claims, as read from a claim pack (specs/claims/<id>.yaml) and checked
 * against schemas/claim.schema.json plus the cross-field checks in validate-claim.ts.
 * Defaults are applied by the loader, so every optional field here is either
 * truly optional (`notes`) or has a documented default already filled in.
 */
import type { ArmOverrides } from '../train/config.ts';
import type { MechanismOutcome, SeedMetric, SeedOutcome } from './seed-summary.ts';
import type { Verdict } from '../probe/verdict.ts';

/** Default confidence level of a claim's intervals and tests. */
export const DEFAULT_CONFIDENCE = 0.95;
/** Default `atLeastFraction` of an ablation expectation. */
export const DEFAULT_ABLATION_FRACTION = 0.5;

/** Seeds and sizes of one tier (e.g. `smoke`, `full`). */
/** What makes a check of a tier exit non-zero (schemas/claim.schema.json `tier.gate`). */
export type TierGate = 'claims' | 'replay';

export interface TierSpec {
  /** Seeds per arm trained first. */
  seeds: number;
  /** Upper bound of seeds per arm under sequential stopping (>= seeds). */
  maxSeeds: number;
  /** Seeds added per arm each round after the first `seeds`. */
  roundSize: number;
  /** The first seed of every arm (default 1). */
  firstSeed: number;
  /** What fails a check: `claims` (default) or only `replay`, crashes and regressions. */
  gate: TierGate;
  /** Arm fields applied to every arm in this tier (default {}). */
  overrides: ArmOverrides;
  /** Arm fields applied to one arm in this tier, after `overrides` (default {}). */
  armOverrides: Record<string, ArmOverrides>;
}

/** A threshold and the side the claim is on. */
export interface Bound {
  side: 'atLeast' | 'atMost';
  value: number;
}

/**
 * The fraction of `arm`'s seeds with `outcome` is at least / at most a threshold in (0, 1).
 * A mechanism outcome is counted among the seeds that learned; with `given`, among the seeds
 * that learned and have `given` (e.g. sequential given sequential-at-switch).
 */
export interface RateExpectation {
  kind: 'rate';
  arm: string;
  outcome: SeedOutcome;
  /** Condition: count only the learned seeds with this outcome. */
  given?: MechanismOutcome;
  atLeast?: number;
  atMost?: number;
}

/** rate(higher, outcome) - rate(lower, outcome) > minDifference (mechanism outcomes: each rate among its arm's learned seeds). */
export interface CompareExpectation {
  kind: 'compare';
  higher: string;
  lower: string;
  outcome: SeedOutcome;
  /** Default 0. */
  minDifference: number;
}

/**
 * Among `arm`'s seeds with `verdict`, the fraction whose `ablation`/`mode` answer
 * accuracy meets the bound (atLeast / atMost) for EVERY chosen intermediate is at
 * least `atLeastFraction`.
 */
export interface AblationExpectation {
  kind: 'ablation';
  arm: string;
  /** Seeds judged: the learned seeds with this verdict (never `failed`: a seed that did not learn has no mechanism to ablate). */
  verdict: Exclude<Verdict, 'failed'>;
  /** `afterCritical`: t_i zeroed after its critical layer; `fromOnset`: from its onset layer a_i on (was `fromCritical`). */
  ablation: 'afterCritical' | 'fromOnset';
  /** Default `zero`. */
  mode: 'zero' | 'mean';
  /** Default `all` (every ablated t_i, i = 1..K-1). */
  intermediates: 'all' | number[];
  atLeast?: number;
  atMost?: number;
  /** Default 0.5. */
  atLeastFraction: number;
}

/** Per-seed `metric` of arms[0] is lower / higher than of arms[1] (one-sided Mann-Whitney U). */
export interface MetricExpectation {
  kind: 'metric';
  metric: SeedMetric;
  arms: [string, string];
  direction: 'lower' | 'higher';
}

/** One expectation of a claim, discriminated by `kind`. */
export type Expectation = RateExpectation | CompareExpectation | AblationExpectation | MetricExpectation;

/** How a claim is compared with its stored baseline. */
export interface BaselinePolicy {
  /** Compare with a baseline from another backend or device (default false: `incomparable`). */
  crossBackend: boolean;
}

/** A validated claim with defaults applied. */
export interface Claim {
  id: string;
  version: number;
  statement: string;
  source: string;
  notes?: string;
  /** Arm name -> overrides of ARM_DEFAULTS (the `name` field is set from the key). */
  arms: Record<string, ArmOverrides>;
  tiers: Record<string, TierSpec>;
  /** Default 0.95. */
  confidence: number;
  /** Default { crossBackend: false }. */
  baseline: BaselinePolicy;
  expect: Expectation[];
  /** The file the claim was read from ('' for claims built in code). */
  file: string;
}

/** The threshold of a rate / ablation expectation (the schema guarantees exactly one of atLeast / atMost). */
export function boundOf(exp: { atLeast?: number; atMost?: number }): Bound {
  if (exp.atLeast !== undefined) return { side: 'atLeast', value: exp.atLeast };
  if (exp.atMost !== undefined) return { side: 'atMost', value: exp.atMost };
  throw new Error('expectation has neither atLeast nor atMost');
}

/** The arms an expectation reads seeds of, in the order the expectation names them. */
export function expectationArms(exp: Expectation): string[] {
  switch (exp.kind) {
    case 'rate':
    case 'ablation':
      return [exp.arm];
    case 'compare':
      return [exp.higher, exp.lower];
    case 'metric':
      return [...exp.arms];
  }
}

/** Number of looks a sequential sweep can take in a tier: the first `seeds`, then one per round up to maxSeeds. */
export function maxLooks(tier: Pick<TierSpec, 'seeds' | 'maxSeeds' | 'roundSize'>): number {
  return 1 + Math.ceil(Math.max(0, tier.maxSeeds - tier.seeds) / tier.roundSize);
}
