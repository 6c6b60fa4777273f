/**
 * Futility: whether more seeds could still decide an expectation. Two readings of the seeds an arm
 * has shown so far, carried on to its tier's maxSeeds:
 * - the projection (projectSeeds): the observed proportions, scaled; its interval is what a
 *   result quotes when it calls an expectation futile;
 * - the predictive draws (predictSeeds): the seeds still to come drawn one at a time from a Polya
 *   urn that starts with the seeds seen (each drawn seed joins the urn), so a rate seen on few seeds
 *   may end anywhere its posterior allows. An expectation is futile when fewer than
 *   FUTILITY_LEVEL of PREDICTIVE_DRAWS such futures decide it. The projection alone (session 11)
 *   stopped universal-answer-only at 48 seeds when its projected bound sat 0.003 above the threshold;
 *   the 16 seeds it did not ask for decided the claim (docs/tuning.md, session 14).
 * A claim that has failed asks for no seeds at all: a failed expectation fails the claim whatever its
 * others become. The intervals are anytime-valid, so stopping here costs no error; the draws use a
 * fixed stream, so every machine plans the same rounds.
 */
import type { Claim } from './claim-types.ts';
import { evaluateClaim, type SeedsByArm } from './evaluate-claim.ts';
import { expectationArms } from './kinds/index.ts';
import type { ClaimResult } from './result-types.ts';
import type { SeedSummary } from './seed-summary.ts';
import { mulberry32, randomInt, type Uniform01 } from '../stats/prng.ts';

/** Futures drawn per claim and look, and the share of them that must decide an expectation for more seeds to be worth training. */
export const PREDICTIVE_DRAWS = 200;
export const FUTILITY_LEVEL = 0.1;

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

/**
 * One predictive future of an arm at `n` seeds: the seeds seen, then each further seed a copy of one
 * drawn uniformly from the seeds so far, the drawn ones included (a Polya urn: the Bayesian
 * bootstrap's predictive, which puts a uniform Dirichlet over the kinds of seed seen). Only kinds of
 * seed that were seen appear; their shares vary as the posterior allows.
 */
export function predictSeeds(seeds: readonly SeedSummary[], n: number, firstSeed: number, rng: Uniform01): SeedSummary[] {
  if (seeds.length === 0) return [];
  const out = seeds.map((s, i) => ({ ...s, seed: firstSeed + i }));
  while (out.length < n) out.push({ ...out[randomInt(rng, out.length)]!, seed: firstSeed + out.length });
  return out;
}

function carried(claim: Claim, plans: readonly ArmBudget[], byArm: SeedsByArm, each: (seeds: readonly SeedSummary[], plan: ArmBudget) => SeedSummary[]): Map<string, SeedSummary[]> {
  const out = new Map<string, SeedSummary[]>();
  for (const plan of plans) if (plan.name in claim.arms) out.set(plan.name, each(byArm.get(plan.name) ?? [], plan));
  return out;
}

/** The claim judged (anytime-valid) on every arm's seeds projected to its maxSeeds. */
export function projectedClaim(claim: Claim, tier: string, plans: readonly ArmBudget[], byArm: SeedsByArm): ClaimResult {
  return evaluateClaim(claim, tier, carried(claim, plans, byArm, (seeds, plan) => projectSeeds(seeds, plan.maxSeeds, plan.firstSeed)), { sequential: true });
}

/** Per expectation, the share of PREDICTIVE_DRAWS futures at maxSeeds that decide it (pass or fail). */
export function predictiveDecided(claim: Claim, tier: string, plans: readonly ArmBudget[], byArm: SeedsByArm, draws = PREDICTIVE_DRAWS): number[] {
  const rng = mulberry32(0x5eed);
  const decided = claim.expect.map(() => 0);
  for (let d = 0; d < draws; d++) {
    const then = evaluateClaim(claim, tier, carried(claim, plans, byArm, (seeds, plan) => predictSeeds(seeds, plan.maxSeeds, plan.firstSeed, rng)), { sequential: true });
    then.expectations.forEach((e, i) => {
      if (e.status !== 'inconclusive') decided[i]!++;
    });
  }
  return decided.map((k) => k / draws);
}

interface Futility {
  futile: boolean[];
  chance: (number | null)[];
}

/**
 * For `result` (the claim judged on the seeds at hand), whether each expectation is futile: it is
 * inconclusive, every arm it reads has seeds to draw from, and fewer than FUTILITY_LEVEL of the
 * predictive futures at maxSeeds decide it. Returns the flags and each expectation's chance of
 * being decided (null where not computed).
 */
function futility(claim: Claim, tier: string, result: ClaimResult, plans: readonly ArmBudget[], byArm: SeedsByArm): Futility {
  const open = claim.expect.map((exp, i) => result.expectations[i]?.status === 'inconclusive' && expectationArms(exp).every((arm) => (byArm.get(arm) ?? []).length > 0));
  const chance: (number | null)[] = open.some(Boolean) ? predictiveDecided(claim, tier, plans, byArm) : claim.expect.map(() => null);
  const futile = open.map((o, i) => o && (chance[i] ?? 1) < FUTILITY_LEVEL);
  return { futile, chance: chance.map((c, i) => (open[i] ? c : null)) };
}

/**
 * The arms of `claim` that more seeds could still decide something for: none once the claim has
 * failed; else the arms of each expectation undecided on the seeds at hand that is not futile (its
 * predictive futures often decide it, or it reads an arm with no seeds yet).
 */
export function armsWorthSeeds(claim: Claim, tier: string, plans: readonly ArmBudget[], byArm: SeedsByArm): Set<string> {
  const now = evaluateClaim(claim, tier, byArm, { sequential: true });
  const out = new Set<string>();
  if (now.status === 'fail') return out;
  const { futile } = futility(claim, tier, now, plans, byArm);
  claim.expect.forEach((exp, i) => {
    if (now.expectations[i]?.status === 'inconclusive' && !futile[i]) for (const arm of expectationArms(exp)) out.add(arm);
  });
  return out;
}

const fmt = (x: number): string => x.toFixed(2);

/**
 * `result` with every inconclusive expectation that more seeds are not expected to decide marked
 * futile: `futile` holds the projected seeds per arm and interval, and the reason ends with them and
 * the share of predictive futures that would decide it, so a reader sees why the sweep stopped.
 */
export function markFutile(claim: Claim, tier: string, result: ClaimResult, plans: readonly ArmBudget[], byArm: SeedsByArm): ClaimResult {
  if (!result.expectations.some((e) => e.status === 'inconclusive')) return result;
  const { futile, chance } = futility(claim, tier, result, plans, byArm);
  if (!futile.some(Boolean)) return result;
  const then = projectedClaim(claim, tier, plans, byArm); // for the message only
  const expectations = result.expectations.map((e, i) => {
    const p = then.expectations[i];
    if (!futile[i] || !p) return e;
    const seeds = Object.fromEntries(p.arms.map((arm) => [arm, (p.n[arm] ?? 0)]));
    const where = p.arms.map((arm) => `${p.successes?.[arm] ?? '?'}/${p.n[arm] ?? 0} ${arm}`).join(', ');
    const interval = p.interval ? ` [${fmt(p.interval.lower)}, ${fmt(p.interval.upper)}]` : '';
    const share = `${Math.round((chance[i] ?? 0) * PREDICTIVE_DRAWS)} of ${PREDICTIVE_DRAWS}`;
    const reason = `${e.reason}; futile at this tier: carried on to maxSeeds, ${share} futures drawn from the seeds seen decide it (in the proportions seen so far, ${where}, the interval would be${interval}), so more seeds of this size are not expected to decide it`;
    return { ...e, futile: { seeds, interval: p.interval }, reason };
  });
  return { ...result, expectations };
}
