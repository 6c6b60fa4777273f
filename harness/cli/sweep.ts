/**
 * `staircase sweep`: train and probe one round's jobs (or one shard of them), judge nothing.
 * `check --shard` runs the same code.
 */
import os from 'node:os';
import path from 'node:path';
import { BACKEND_NAMES, type BackendRequest } from '../backend/select.ts';
import { loadClaimPack } from '../claims/load-claims.ts';
import { planShardRound, runShard } from '../shards/run-shard.ts';
import { SHARD_FILE } from '../shards/sweep-files.ts';
import { resolveCacheDir } from '../sweep/cache.ts';
import { makeSweepReporter } from '../sweep/progress.ts';
import { sweepExitCode } from '../sweep/scheduler.ts';
import { parseShard } from '../sweep/shard.ts';
import { intOption, parse, UsageError } from './args.ts';

export const SWEEP_HELP = `staircase sweep [--tier T] [--claims DIR] [--out DIR] [--shard i/n] [--from RESULTS_DIR] [--jobs N]
                [--cache DIR] [--backend B] [--fixed]

Train and probe the jobs of one round of a claim pack's sweep, or shard i of n of them, and judge
nothing: the output folder holds OUT/seeds/<key>/ (summary.json, record.json, probe.json of each
seed) and OUT/shard.json (which shard of how many, of which round, the jobs it was assigned, the
code hash). \`staircase merge\` combines the shards of every round and judges the claims.

Which jobs: round 1 is seeds 1..seeds of every arm of the tier (1..maxSeeds with --fixed). With
--from RESULTS_DIR (a \`merge\` or \`check\` output), the next round: roundSize more seeds of every
arm that an undecided claim still needs, up to maxSeeds; nothing when every claim is decided.
Shard i of n is the jobs whose cache keys land at positions i, i+n, ... of the sorted keys, so the
shards of a round partition it on any machine that resolves \`--backend auto\` alike.

Options:
  --tier T           smoke (default) or full
  --claims DIR       claim pack (default specs/claims)
  --out DIR          output folder (default .staircase/sweep/<tier>/round-<r>/shard-<i>-of-<n>)
  --shard i/n        run shard i of n (default 1/1: every job of the round)
  --from DIR         plan the round after the rounds in DIR (a merge or check output)
  --jobs N           workers at once (default: the number of cores)
  --cache DIR        result cache (default .staircase/cache, or $STAIRCASE_CACHE_DIR)
  --backend B        ${BACKEND_NAMES.join(' | ')} (default auto)
  --fixed            no sequential stopping: one round of maxSeeds per arm

Examples (three runners, then one merge; docs/baselines.md has the CI workflow):
  npx staircase plan --shards 3 --tier full                  # the matrix of round 1
  npx staircase sweep --tier full --shard 2/3 --out out/r1-2  # on runner 2
  npx staircase merge out/r1-* --out merged-1                 # judge; says if a round 2 is needed
  npx staircase sweep --tier full --shard 2/3 --from merged-1 --out out/r2-2`;

/** The shared body of `sweep` and `check --shard`. */
export async function runShardCommand(values: Record<string, unknown>, command: 'sweep' | 'check'): Promise<number> {
  const tier = String(values.tier ?? 'smoke');
  const claimsDir = String(values.claims ?? 'specs/claims');
  let shard: { index: number; count: number };
  try {
    shard = parseShard(String(values.shard ?? '1/1'));
  } catch (error) {
    throw new UsageError(`--shard: ${(error as Error).message}`);
  }
  const backend = String(values.backend ?? 'auto') as BackendRequest;
  if (!(BACKEND_NAMES as readonly string[]).includes(backend)) throw new UsageError(`--backend must be one of ${BACKEND_NAMES.join(', ')}, got '${backend}'`);
  const concurrency = intOption(values, 'jobs', os.availableParallelism());
  const cacheDir = resolveCacheDir(values.cache as string | undefined);
  const fixed = Boolean(values.fixed);
  const from = values.from as string | undefined;
  const claims = loadClaimPack(claimsDir);

  const backendChoice = { request: backend, device: 'any' as const };
  const plan = planShardRound({ claims, tier, fixed, backend: backendChoice, ...(from !== undefined ? { from } : {}) });
  const outDir = (values.out as string | undefined) ?? path.join('.staircase', 'sweep', tier, `round-${plan.round}`, `shard-${shard.index}-of-${shard.count}`);
  const reporter = makeSweepReporter();
  const run = await runShard({ claims, claimsDir, tier, fixed, backend: backendChoice, shard, plan, outDir, cacheDir, concurrency, onEvent: (e) => reporter.onEvent(e) });
  reporter.stop();
  if (!run.sweep || !run.shardFile) {
    console.log(`${command}: nothing to run in round ${run.plan.round}: every claim is decided or its arms are at maxSeeds${from ? ` (after the ${run.plan.round - 1} round(s) in ${from})` : ''}`);
    return 0;
  }
  const s = run.sweep;
  const arms = run.plan.seeds.map((a) => `${a.arm.name} seeds ${a.seeds[0]}..${a.seeds[a.seeds.length - 1]}`).join(', ');
  console.log(`${command}: round ${run.plan.round} (${arms}), shard ${shard.index}/${shard.count}: ${run.jobs.length} of ${run.plan.jobs.length} jobs; ${s.trained} trained, ${s.cached} from the cache, ${s.failed.length} failed, ${(s.wallMs / 1000).toFixed(0)} s`);
  console.log(`wrote ${path.join(outDir, SHARD_FILE)} and ${path.join(outDir, 'seeds')}/; judge with \`staircase merge\` once every shard is done`);
  for (const f of s.failed) console.error(`worker failed: ${f.job.armName} seed ${f.job.seed} (exit ${f.exitCode ?? f.signal}):\n${f.stderrTail}`);
  return sweepExitCode(s);
}

export async function sweepCommand(argv: string[]): Promise<number> {
  const { values } = parse(argv, {
    tier: { type: 'string' },
    claims: { type: 'string' },
    out: { type: 'string' },
    shard: { type: 'string' },
    from: { type: 'string' },
    jobs: { type: 'string' },
    cache: { type: 'string' },
    backend: { type: 'string' },
    fixed: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    console.log(SWEEP_HELP);
    return 0;
  }
  return runShardCommand(values, 'sweep');
}
