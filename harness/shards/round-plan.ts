/**
 * The jobs of one round of a claim sweep, the same wherever it is computed (check, plan,
 * sweep): round 1 is seeds 1..seeds of every arm (maxSeeds with --fixed); round r + 1 is
 * nextSeeds() of the seeds of rounds 1..r (the arms an undecided expectation still reads, up to
 * maxSeeds). A shard is the jobs whose keys shardJobs() deals to it, with every label of a key.
 */
import { firstSeeds, nextSeeds, planArms, type ArmPlan } from '../claims/arm-plan.ts';
import type { Claim } from '../claims/claim-types.ts';
import type { SeedSummary } from '../claims/seed-summary.ts';
import { jobKey, makeJobs, type BackendChoice, type Job } from '../sweep/job.ts';
import { shardJobs } from '../sweep/shard.ts';
import { keysHash } from './hashes.ts';

/** The seeds a round adds, per arm. */
export type RoundSeeds = { arm: ArmPlan; seeds: number[] }[];

/** What the rounds so far hold (for planning the next one). */
export interface PriorRounds {
  rounds: number;
  /** Every seed so far, labelled with the arm and tier it ran for. */
  summaries: SeedSummary[];
  /** Every job key so far. */
  keys: string[];
}

export interface RoundPlan {
  round: number;
  /** Seeds per arm of this round (empty: nothing left to run). */
  seeds: RoundSeeds;
  /** Every job of the round (all shards), labelled. */
  jobs: Job[];
  /** keysHash() of the earlier rounds' jobs; null in round 1. */
  basedOn: string | null;
}

/** The jobs of some seeds per arm. */
export function roundJobs(seeds: RoundSeeds, tier: string, backend: BackendChoice): Job[] {
  return seeds.flatMap(({ arm, seeds: list }) => makeJobs(arm.name, tier, arm.arm, list, { backend }));
}

/** Plan round 1, or the round after `prior` (none with `fixed`: one round holds every seed). */
export function planRound(opts: { claims: readonly Claim[]; tier: string; fixed: boolean; backend: BackendChoice; prior?: PriorRounds }): RoundPlan {
  const plans = planArms(opts.claims, opts.tier);
  if (!opts.prior) {
    const seeds = firstSeeds(plans, opts.fixed);
    return { round: 1, seeds, jobs: roundJobs(seeds, opts.tier, opts.backend), basedOn: null };
  }
  const seeds = opts.fixed ? [] : nextSeeds(opts.claims, opts.tier, plans, opts.prior.summaries);
  return { round: opts.prior.rounds + 1, seeds, jobs: roundJobs(seeds, opts.tier, opts.backend), basedOn: keysHash(opts.prior.keys) };
}

/** Shard `index` of `count` of a round: the jobs whose key shardJobs() deals to it, every label included. */
export function shardOfRound(jobs: readonly Job[], index: number, count: number, codeHash: string): Job[] {
  const mine = new Set(shardJobs(jobs, index, count, codeHash).map((j) => jobKey(j, codeHash)));
  return jobs.filter((j) => mine.has(jobKey(j, codeHash)));
}

/** Distinct job keys of a round. */
export function roundKeys(jobs: readonly Job[], codeHash: string): string[] {
  return [...new Set(jobs.map((j) => jobKey(j, codeHash)))];
}

/** The next round's seeds after `summaries` (rounds 1..rounds), as sweep.json records them; null when none. */
export function nextRoundOf(claims: readonly Claim[], tier: string, fixed: boolean, summaries: readonly SeedSummary[], rounds: number): { round: number; arms: { arm: string; seeds: number[] }[] } | null {
  if (fixed) return null;
  const next = nextSeeds(claims, tier, planArms(claims, tier), summaries);
  return next.length ? { round: rounds + 1, arms: next.map((n) => ({ arm: n.arm.name, seeds: n.seeds })) } : null;
}
