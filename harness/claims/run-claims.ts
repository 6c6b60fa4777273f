/**
 * Train and probe what a claim pack needs at one tier, in rounds with sequential stopping,
 * and judge every claim. Shared by `staircase check` and the vitest claims project.
 */
import type { BackendRequest } from '../backend/select.ts';
import { jobKey, makeJobs, type BackendChoice, type Job } from '../sweep/job.ts';
import type { TrainerChoice } from '../trainers/choice.ts';
import { runSweep, type JobOutcome, type SweepEvent, type SweepResult } from '../sweep/scheduler.ts';
import { readCachedSummary } from '../sweep/cache.ts';
import { trainingCodeHash } from '../sweep/code-hash.ts';
import type { Claim } from './claim-types.ts';
import type { ClaimResult } from './result-types.ts';
import type { SeedSummary } from './seed-summary.ts';
import { evaluateClaim, type SeedsByArm } from './evaluate-claim.ts';
import { firstSeeds, groupByArm, nextSeeds, planArms, type ArmPlan } from './arm-plan.ts';
import { markFutile } from './futility.ts';

export interface ClaimSweepOptions {
  claims: readonly Claim[];
  tier: string;
  backend?: BackendRequest;
  /** An external trainer instead of staircase's own (harness/trainers/choice.ts). */
  trainer?: TrainerChoice | null;
  concurrency?: number;
  /** Seeds per worker process, trained as one population (default 1). */
  population?: number;
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

/**
 * How a check, a merge and `--no-train` judge a claim: with the rule its seeds were collected
 * under (anytime-valid when they came in rounds), and, in rounds, its undecided expectations that
 * more seeds are not expected to decide marked futile (futility.ts).
 */
export function judgeWith(tier: string, plans: readonly ArmPlan[], byArm: SeedsByArm, fixed: boolean): (claim: Claim) => ClaimResult {
  return (claim) => {
    const sequential = usesRounds(claim, tier, fixed);
    const result = evaluateClaim(claim, tier, byArm, { sequential });
    return sequential ? markFutile(claim, tier, result, plans, byArm) : result;
  };
}

/** What runs the jobs: the backend asked for, any device, and the external trainer if any. */
function backendChoice(opts: Pick<ClaimSweepOptions, 'backend' | 'trainer'>): BackendChoice {
  return { request: opts.backend ?? 'auto', device: 'any', ...(opts.trainer ? { trainer: opts.trainer } : {}) };
}

export async function runClaimSweep(opts: ClaimSweepOptions): Promise<ClaimSweep> {
  const { claims, tier } = opts;
  const fixed = Boolean(opts.fixed);
  const plans = planArms(claims, tier);
  const backend = backendChoice(opts);
  const jobsFor = (list: { arm: ArmPlan; seeds: number[] }[]): Job[] => list.flatMap(({ arm, seeds }) => makeJobs(arm.name, tier, arm.arm, seeds, { backend }));
  const first = jobsFor(firstSeeds(plans, fixed));
  let done: SeedSummary[] = [];
  const sweep = await runSweep({
    jobs: first,
    concurrency: opts.concurrency,
    population: opts.population,
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
  return { plans, sweep, summaries, byArm, judge: judgeWith(tier, plans, byArm, fixed) };
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

/**
 * The claims judged on the seeds the cache already holds, training nothing (`check --no-train`):
 * a run still going in another process or on another machine, judged now. Per arm, the seeds from
 * its firstSeed up to the first one not finished (a prefix in training order: taking whichever
 * seeds finished first would favour the fast ones, which are the ones that converge), judged
 * anytime-valid like a run in rounds (valid at any stopping time).
 */
export function cachedClaimSweep(opts: Pick<ClaimSweepOptions, 'claims' | 'tier' | 'backend' | 'trainer'> & { cacheDir: string }): ClaimSweep {
  const { claims, tier } = opts;
  const plans = planArms(claims, tier);
  const backend = backendChoice(opts);
  const codeHash = trainingCodeHash();
  const completed: JobOutcome[] = [];
  for (const plan of plans) {
    const seeds = Array.from({ length: plan.maxSeeds }, (_, i) => plan.firstSeed + i);
    for (const job of makeJobs(plan.name, tier, plan.arm, seeds, { backend })) {
      const key = jobKey(job, codeHash);
      const summary = readCachedSummary(opts.cacheDir, key);
      if (!summary) break;
      completed.push({ job, key, summary: { ...summary, arm: job.armName, tier: job.tier }, cached: true, wallMs: null });
    }
  }
  const summaries = completed.map((c) => c.summary);
  const byArm = groupByArm(summaries);
  const sweep: SweepResult = { completed, failed: [], trained: 0, cached: completed.length, rounds: 1, removedStale: [], wallMs: 0 };
  return { plans, sweep, summaries, byArm, judge: judgeWith(tier, plans, byArm, false) };
}
