/**
 * From a claim pack and a tier to the arms a check must train: each arm once (arm names
 * resolve to one configuration across the pack), with the largest seed budget any claim
 * asks of it, and the rounds that sequential stopping adds.
 */
import type { ArmConfig } from '../train/defaults.ts';
import type { SeedSummary } from './seed-summary.ts';
import type { Claim } from './claim-types.ts';
import { claimTier, resolveClaimArms } from './load-claims.ts';
import { armsWorthSeeds } from './futility.ts';

export interface ArmPlan {
  name: string;
  arm: ArmConfig;
  /** Seeds firstSeed..firstSeed+seeds-1 first; then roundSize more per round while undecided, up to maxSeeds in all. */
  seeds: number;
  firstSeed: number;
  maxSeeds: number;
  roundSize: number;
  /** Claims that use the arm. */
  claims: string[];
}

export function planArms(claims: readonly Claim[], tier: string): ArmPlan[] {
  const plans = new Map<string, ArmPlan>();
  for (const claim of claims) {
    const spec = claimTier(claim, tier);
    for (const [name, arm] of Object.entries(resolveClaimArms(claim, tier))) {
      const p = plans.get(name);
      if (!p) plans.set(name, { name, arm, seeds: spec.seeds, firstSeed: spec.firstSeed, maxSeeds: spec.maxSeeds, roundSize: spec.roundSize, claims: [claim.id] });
      else {
        p.firstSeed = Math.min(p.firstSeed, spec.firstSeed);
        p.seeds = Math.max(p.seeds, spec.seeds);
        p.maxSeeds = Math.max(p.maxSeeds, spec.maxSeeds);
        p.roundSize = Math.max(p.roundSize, spec.roundSize);
        p.claims.push(claim.id);
      }
    }
  }
  return [...plans.values()].sort((a, b) => a.name.localeCompare(b.name));
}

export function groupByArm(summaries: readonly SeedSummary[]): Map<string, SeedSummary[]> {
  const out = new Map<string, SeedSummary[]>();
  for (const s of summaries) out.set(s.arm, [...(out.get(s.arm) ?? []), s]);
  for (const list of out.values()) list.sort((a, b) => a.seed - b.seed);
  return out;
}

/** The first round's seeds: `seeds` of every arm from its firstSeed, or `maxSeeds` when `fixed` (no sequential stopping). */
export function firstSeeds(plans: readonly ArmPlan[], fixed: boolean): { arm: ArmPlan; seeds: number[] }[] {
  return plans.map((arm) => ({ arm, seeds: Array.from({ length: fixed ? arm.maxSeeds : arm.seeds }, (_, i) => arm.firstSeed + i) }));
}

/**
 * The seeds to add after a round: for each arm that an undecided expectation reads and that is
 * below its maxSeeds, the next roundSize seeds, as long as more seeds could decide it.
 * Futility (futility.ts): an expectation that fewer than 1 in 10 futures drawn from the arm's seeds so
 * far (a Polya urn, to maxSeeds) would decide asks for no more seeds, nor does any expectation of a
 * claim that has failed; an arm none of whose seeds learned has no future with a learned seed, so
 * mechanism expectations (learned seeds only) stop, while a training outcome such as `converged`,
 * which counts every seed, can still be decided. Stopping early never spends the error rate: the
 * intervals are anytime-valid, so the verdicts of the seeds at hand stand whenever a sweep stops.
 */
export function nextSeeds(claims: readonly Claim[], tier: string, plans: readonly ArmPlan[], done: readonly SeedSummary[]): { arm: ArmPlan; seeds: number[] }[] {
  const byArm = groupByArm(done);
  const wanted = new Set<string>();
  for (const claim of claims) for (const arm of armsWorthSeeds(claim, tier, plans, byArm)) wanted.add(arm);
  const out: { arm: ArmPlan; seeds: number[] }[] = [];
  for (const plan of plans) {
    if (!wanted.has(plan.name)) continue;
    const have = (byArm.get(plan.name) ?? []).map((s) => s.seed);
    const next = have.length ? Math.max(...have) + 1 : plan.firstSeed;
    const upto = Math.min(plan.firstSeed + plan.maxSeeds - 1, next + plan.roundSize - 1);
    if (next <= upto) out.push({ arm: plan, seeds: Array.from({ length: upto - next + 1 }, (_, i) => next + i) });
  }
  return out;
}
