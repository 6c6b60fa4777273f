/**
 * Typed claims, as read from a claim pack (specs/claims/<id>.yaml) and checked
 * against schemas/claim.schema.json plus the cross-field checks in validate-claim.ts.
 * Defaults are applied by the loader, so every optional field here is either
 * truly optional (`notes`) or has a documented default already filled in.
 */
import type { ArmOverrides } from '../train/config.ts';
import type { EXPECTATION_KINDS, ExpectationOf } from './kinds/index.ts';

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
  /** Who trains this tier's seeds: `tfjs` (staircase's own; absent), `torch` (trainers/torch/) or an external trainer's command (docs/trainers.md); `--trainer` overrides it. */
  trainer?: string;
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

/** One expectation of a claim, discriminated by `kind`: the expectation of any registered kind module. */
export type Expectation = ExpectationOf<(typeof EXPECTATION_KINDS)[number]>;
export type { RateExpectation } from './kinds/rate.ts';
export type { CompareExpectation } from './kinds/compare.ts';
export type { AblationExpectation } from './kinds/ablation.ts';
export type { MetricExpectation } from './kinds/metric.ts';

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

/** Number of looks a sequential sweep can take in a tier: the first `seeds`, then one per round up to maxSeeds. */
export function maxLooks(tier: Pick<TierSpec, 'seeds' | 'maxSeeds' | 'roundSize'>): number {
  return 1 + Math.ceil(Math.max(0, tier.maxSeeds - tier.seeds) / tier.roundSize);
}
