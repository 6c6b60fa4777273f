/**
 * Train and probe what a claim pack needs at one tier, in rounds with sequential stopping,
 * and judge every claim. Shared by `staircase check` and the vitest claims project.
 */
import type { BackendRequest } from '../backend/select.ts';
import { makeJobs, type Job } from '../sweep/job.ts';
import { runSweep, type SweepEvent, type SweepResult } from '../sweep/scheduler.ts';
import type { Claim } from './claim-types.ts';
import type { ClaimResult } from './result-types.ts';
import type { SeedSummary } from './seed-summary.ts';
import { evaluateClaim } from './evaluate-claim.ts';
import { firstSeeds, groupByArm, nextSeeds, planArms, type ArmPlan } from './arm-plan.ts';

export interface ClaimSweepOptions {
  claims: readonly Claim[];
  tier: string;
  backend?: BackendRequest;
  concurrency?: number;
  cacheDir?: string;
  /** No sequential stopping: maxSeeds per arm at once, fixed-n statistics. */
  fixed?: boolean;
  onEvent?: (event: SweepEvent, done: readonly SeedSummary[]) => void;
}

export interface ClaimSweep {
  plans: ArmPlan[];
  sweep: SweepResult;
  summaries: SeedSummary[];
  byArm: Map<string, SeedSummary[]>;
  /** Judge a claim with the rule its seeds were collected under (anytime-valid when seeds came in rounds). */
  judge: (claim: Claim) => ClaimResult;
}

/** Does this claim add seeds in rounds at this tier (and so need anytime-valid statistics)? */
export function usesRounds(claim: Claim, tier: string, fixed: boolean): boolean {
  const spec = claim.tiers[tier];
  return !fixed && spec !== undefined && spec.maxSeeds > spec.seeds;
}

export async function runClaimSweep(opts: ClaimSweepOptions): Promise<ClaimSweep> {
  const { claims, tier } = opts;
  const fixed = Boolean(opts.fixed);
  const plans = planArms(claims, tier);
  const backend = { request: opts.backend ?? 'auto', device: 'any' as const };
  const jobsFor = (list: { arm: ArmPlan; seeds: number[] }[]): Job[] => list.flatMap(({ arm, seeds }) => makeJobs(arm.name, tier, arm.arm, seeds, { backend }));
  const first = jobsFor(firstSeeds(plans, fixed));
  let done: SeedSummary[] = [];
  const sweep = await runSweep({
    jobs: first,
    concurrency: opts.concurrency,
    cacheDir: opts.cacheDir,
    onEvent: (e) => {
      if (e.type === 'job-done') done = [...done, e.outcome.summary];
      opts.onEvent?.(e, done);
    },
    nextRound: fixed
      ? undefined
      : (summaries) => {
          const next = nextSeeds(claims, tier, plans, summaries);
          return next.length ? jobsFor(next) : null;
        },
  });
  const summaries = sweep.completed.map((c) => c.summary);
  const byArm = groupByArm(summaries);
  return { plans, sweep, summaries, byArm, judge: (claim) => evaluateClaim(claim, tier, byArm, { sequential: usesRounds(claim, tier, fixed) }) };
}

/** `k/n decided (p pass, f fail)` for progress lines, judged anytime-valid on the seeds so far. */
export function claimsDecidedLine(claims: readonly Claim[], tier: string, done: readonly SeedSummary[]): string {
  const byArm = groupByArm(done);
  const statuses = claims.map((c) => {
    try {
      return evaluateClaim(c, tier, byArm, { sequential: true }).status;
    } catch {
      return 'inconclusive';
    }
  });
  const decided = statuses.filter((s) => s !== 'inconclusive').length;
  return `${decided}/${claims.length} decided (${statuses.filter((s) => s === 'pass').length} pass, ${statuses.filter((s) => s === 'fail').length} fail)`;
}
