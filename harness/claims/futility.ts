/**
 * Futility: whether more seeds could still decide an expectation. The seeds an arm has shown so far
 * are carried on to its tier's maxSeeds in their observed proportions (projectSeeds) and the claim is
 * judged on that projection. An expectation the projection leaves undecided asks for no more seeds
 * (arm-plan.ts nextSeeds), and its result says so with the interval the projection would give
 * (markFutile). The intervals are anytime-valid, so stopping here costs no error.
 */
import type { Claim } from './claim-types.ts';
import { evaluateClaim, type SeedsByArm } from './evaluate-claim.ts';
import { expectationArms } from './kinds/index.ts';
import type { ClaimResult } from './result-types.ts';
import type { SeedSummary } from './seed-summary.ts';

/** What futility needs of an arm's plan (arm-plan.ts ArmPlan). */
export interface ArmBudget {
  name: string;
  firstSeed: number;
  maxSeeds: number;
}

/**
 * The seeds an arm would hold at `n` if what it has shown so far went on: its seeds replicated in
 * order (seed i of the projection is seed i mod len of the observed), numbered from `firstSeed`.
 * The observed proportions, scaled; nothing is invented that was not seen.
 */
export function projectSeeds(seeds: readonly SeedSummary[], n: number, firstSeed: number): SeedSummary[] {
  if (seeds.length === 0) return [];
  return Array.from({ length: Math.max(n, seeds.length) }, (_, i) => ({ ...seeds[i % seeds.length]!, seed: firstSeed + i }));
}

/** The claim judged (anytime-valid) on every arm's seeds projected to its maxSeeds. */
export function projectedClaim(claim: Claim, tier: string, plans: readonly ArmBudget[], byArm: SeedsByArm): ClaimResult {
  const projected = new Map<string, SeedSummary[]>();
  for (const plan of plans) if (plan.name in claim.arms) projected.set(plan.name, projectSeeds(byArm.get(plan.name) ?? [], plan.maxSeeds, plan.firstSeed));
  return evaluateClaim(claim, tier, projected, { sequential: true });
}

/**
 * For `result` (the claim judged on the seeds at hand), whether each expectation is futile: it is
 * inconclusive, every arm it reads has seeds to project from, and the projection to maxSeeds
 * (projectedClaim) leaves it undecided too. Returns the projection with the flags.
 */
function futility(claim: Claim, tier: string, result: ClaimResult, plans: readonly ArmBudget[], byArm: SeedsByArm): { then: ClaimResult; futile: boolean[] } {
  const then = projectedClaim(claim, tier, plans, byArm);
  const futile = claim.expect.map((exp, i) => {
    const seen = expectationArms(exp).every((arm) => (byArm.get(arm) ?? []).length > 0);
    return result.expectations[i]?.status === 'inconclusive' && seen && then.expectations[i]?.status === 'inconclusive';
  });
  return { then, futile };
}

/**
 * The arms of `claim` that more seeds could still decide something for: the arms of each
 * expectation undecided on the seeds at hand that is not futile (the projection to maxSeeds decides
 * it, or it reads an arm with no seeds yet).
 */
export function armsWorthSeeds(claim: Claim, tier: string, plans: readonly ArmBudget[], byArm: SeedsByArm): Set<string> {
  const now = evaluateClaim(claim, tier, byArm, { sequential: true });
  const { futile } = futility(claim, tier, now, plans, byArm);
  const out = new Set<string>();
  claim.expect.forEach((exp, i) => {
    if (now.expectations[i]?.status === 'inconclusive' && !futile[i]) for (const arm of expectationArms(exp)) out.add(arm);
  });
  return out;
}

const fmt = (x: number): string => x.toFixed(2);

/**
 * `result` with every inconclusive expectation that its projection to maxSeeds leaves undecided
 * marked futile: `futile` holds the projected seeds per arm and interval, and the reason ends with
 * them, so a reader sees why the sweep stopped and that this tier cannot be expected to decide it.
 */
export function markFutile(claim: Claim, tier: string, result: ClaimResult, plans: readonly ArmBudget[], byArm: SeedsByArm): ClaimResult {
  if (!result.expectations.some((e) => e.status === 'inconclusive')) return result;
  const { then, futile } = futility(claim, tier, result, plans, byArm);
  const expectations = result.expectations.map((e, i) => {
    const p = then.expectations[i];
    if (!futile[i] || !p) return e;
    const seeds = Object.fromEntries(p.arms.map((arm) => [arm, (p.n[arm] ?? 0)]));
    const where = p.arms.map((arm) => `${p.successes?.[arm] ?? '?'}/${p.n[arm] ?? 0} ${arm}`).join(', ');
    const interval = p.interval ? ` [${fmt(p.interval.lower)}, ${fmt(p.interval.upper)}]` : '';
    const reason = `${e.reason}; futile at this tier: carried on to maxSeeds in the proportions seen so far (${where}), the interval would be${interval}, still undecided, so more seeds of this size are not expected to decide it`;
    return { ...e, futile: { seeds, interval: p.interval }, reason };
  });
  return { ...result, expectations };
}
