/**
 * What an expectation kind is: one module (kinds/<kind>.ts) with its type, defaults, sentence,
 * label, evaluation, table cell, what a tier can decide, what baselines compare, and its own
 * cross-field checks. The registry (kinds/index.ts) lists the modules; everything else reads a
 * kind through it, so a new kind is one module plus its branch in schemas/claim.schema.json.
 */
import type { ArmConfig } from '../../train/defaults.ts';
import type { TierSpec } from '../claim-types.ts';
import type { CountedQuantity, ExpectationResult } from '../result-types.ts';
import type { SeedSummary } from '../seed-summary.ts';
import type { Quantity, RateQuantity } from './quantity.ts';

/** Seed summaries by arm name (the claim's spelling). */
export type SeedsByArm = ReadonlyMap<string, readonly SeedSummary[]>;

/** How to evaluate: fixed-n, or sequential (anytime-valid) with the looks the tier allows. */
export interface KindOptions {
  sequential: boolean;
  /** Looks the sweep can take (maxLooks(tier)); required by kinds that split alpha over looks. */
  looks?: number;
}

/** What a kind's evaluation gives; the registry adds kind, description and label. */
export type Evaluated = Omit<ExpectationResult, 'kind' | 'description' | 'label'>;

export interface ExpectationKind<E extends { kind: string }> {
  kind: E['kind'];
  /** The documented defaults the loader fills in. */
  defaults: Partial<E>;
  /** Whether it counts only seeds that learned: then an arm none of whose seeds learned cannot decide it, however many seeds it gets (sequential stopping's futility rule, arm-plan.ts). */
  learnedOnly: (exp: E) => boolean;
  /** Where the expectation names arms: [field below `expect.i`, arm], in the order it names them. */
  armFields: (exp: E) => [string, string][];
  /** One readable sentence. */
  describe: (exp: E) => string;
  /** A short label for table cells, e.g. `sequential >= 50%`. */
  label: (exp: E) => string;
  evaluate: (exp: E, seedsByArm: SeedsByArm, confidence: number, options: KindOptions) => Evaluated;
  /** The estimate cell of a result: `3/4 = 0.75`, a difference, or two medians. */
  estimateCell: (e: ExpectationResult) => string;
  /** Why a tier can never decide it (empty when it can). */
  power: (exp: E, tier: TierSpec, confidence: number) => string[];
  /** The per-arm quantities a baseline comparison tests, each with the direction that is better. */
  quantities: (exp: E) => Quantity[];
  /** Rates a baseline file stores beside the outcome counts (default none). */
  storedRates?: (exp: E) => RateQuantity[];
  /** Cross-field problems of the expectation at `expect.<index>` (default none). */
  problems?: (exp: E, index: number) => string[];
  /** Problems once an arm it reads is resolved in a tier (default none). */
  armProblems?: (exp: E, index: number, arm: { name: string; config: ArmConfig; tier: string }) => string[];
  /** The name and side that a results.json written before `counted` spelled in its label. */
  legacyName: (label: string) => { name: string; side: CountedQuantity['side'] };
}
