/**
 * One shard of one round of a claim sweep (`staircase sweep`, `staircase check --shard`):
 * plan the round (round 1, or the next after a results folder), train and probe this shard's
 * jobs, and write `OUT/seeds/<key>/` and `OUT/shard.json`. No claim is judged here; `merge`
 * judges the union.
 */
import type { Claim } from '../claims/claim-types.ts';
import { trainingCodeHash } from '../sweep/code-hash.ts';
import { jobKey, type BackendChoice, type Job } from '../sweep/job.ts';
import { runSweep, type SweepEvent, type SweepResult } from '../sweep/scheduler.ts';
import { ValidationError } from '../util/schema.ts';
import { claimsHash, keysHash } from './hashes.ts';
import { priorRounds, readResultsDir } from './results-dir.ts';
import { planRound, roundKeys, shardOfRound, type RoundPlan } from './round-plan.ts';
import { identityProblems } from './same-sweep.ts';
import { writeSeedCopies } from './seed-copies.ts';
import { writeSweepFile, type JobEntry, type ShardFile } from './sweep-files.ts';

export interface ShardOptions {
  claims: readonly Claim[];
  claimsDir: string;
  tier: string;
  fixed: boolean;
  backend: BackendChoice;
  shard: { index: number; count: number };
  /** A results folder (check or merge output) whose rounds this one follows. */
  from?: string;
  outDir: string;
  cacheDir: string;
  concurrency: number;
  /** Seeds per worker process, trained as one population (default 1). */
  population?: number;
  onEvent?: (event: SweepEvent) => void;
  /** Training code hash (default trainingCodeHash()). */
  codeHash?: string;
}

export interface ShardRun {
  plan: RoundPlan;
  /** This shard's jobs. */
  jobs: Job[];
  /** null when the round has nothing to run (nothing is written then). */
  sweep: SweepResult | null;
  shardFile: ShardFile | null;
}

const entry = (job: Job, key: string): JobEntry => ({ arm: job.armName, tier: job.tier, seed: job.seed, key });

/** Plan the round; with `from`, check that folder belongs to this sweep first. */
export function planShardRound(opts: Pick<ShardOptions, 'claims' | 'tier' | 'fixed' | 'backend' | 'from' | 'codeHash'>): RoundPlan {
  const codeHash = opts.codeHash ?? trainingCodeHash();
  if (!opts.from) return planRound(opts);
  const prior = readResultsDir(opts.from);
  const here = { tier: opts.tier, claimsHash: claimsHash(opts.claims), codeHash, fixed: opts.fixed, backend: opts.backend.request };
  const problems = identityProblems(opts.from, prior.sweep, 'this run', here);
  if (problems.length) throw new ValidationError(opts.from, problems);
  return planRound({ ...opts, prior: priorRounds(prior) });
}

/** Run one shard of a round (planned here unless `plan` is given) and write its output folder. */
export async function runShard(opts: ShardOptions & { plan?: RoundPlan }): Promise<ShardRun> {
  const codeHash = opts.codeHash ?? trainingCodeHash();
  const plan = opts.plan ?? planShardRound({ ...opts, codeHash });
  if (plan.jobs.length === 0) return { plan, jobs: [], sweep: null, shardFile: null };
  const jobs = shardOfRound(plan.jobs, opts.shard.index, opts.shard.count, codeHash);
  const sweep = await runSweep({ jobs, concurrency: opts.concurrency, population: opts.population, cacheDir: opts.cacheDir, codeHash, onEvent: opts.onEvent });
  writeSeedCopies(opts.outDir, opts.cacheDir, sweep.completed);
  const shardFile: ShardFile = {
    kind: 'staircase.shard',
    version: 1,
    shard: opts.shard,
    round: plan.round,
    tier: opts.tier,
    claimsDir: opts.claimsDir,
    claimsHash: claimsHash(opts.claims),
    codeHash,
    fixed: opts.fixed,
    backend: opts.backend.request,
    planHash: keysHash(roundKeys(plan.jobs, codeHash)),
    basedOn: plan.basedOn,
    jobs: jobs.map((j) => entry(j, jobKey(j, codeHash))),
    failed: sweep.failed.map((f) => entry(f.job, f.key)),
    createdAt: new Date().toISOString(),
  };
  writeSweepFile(opts.outDir, shardFile);
  return { plan, jobs, sweep, shardFile };
}
