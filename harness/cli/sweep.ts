/**
 * `staircase sweep`: train and probe one round's jobs (or one shard of them), judge nothing.
 * `check --shard` is the same command: same options, same code.
 */
import path from 'node:path';
import { loadClaimPack } from '../claims/load-claims.ts';
import { SHARD_FILE } from '../shards/sweep-files.ts';
import { resolveCacheDir } from '../sweep/cache.ts';
import { makeSweepReporter } from '../sweep/progress.ts';
import { sweepExitCode } from '../sweep/scheduler.ts';
import { backendOption, cacheOption, claimsOption, fixedOption, jobsOption, populationOption, shardOption, tierOption, trainerOption } from './common-options.ts';
import { resolveTierTrainer } from './trainer-choice.ts';
import { populationFor } from '../sweep/population-default.ts';
import { formatDuration } from '../util/duration.ts';
import { defineCommand, text, type Values } from './declare.ts';

/** The options of a sweep round, shared by `sweep` and `check` (whose --shard runs a sweep). */
export const shardRunOptions = {
  tier: tierOption(),
  claims: claimsOption(),
  out: text('DIR', 'output folder', { defaultText: '.staircase/sweep/<tier>/round-<r>/shard-<i>-of-<n>' }),
  shard: shardOption('run shard i of n', '1/1: every job of the round'),
  from: text('DIR', 'plan the round after the rounds in DIR (a merge or check output)'),
  jobs: jobsOption(),
  population: populationOption(),
  cache: cacheOption(),
  backend: backendOption(),
  trainer: trainerOption(),
  fixed: fixedOption(),
};

export const sweep = defineCommand({
  name: 'sweep',
  summary: 'train and probe one round of a claim pack (or shard i/n of it) without judging; writes seeds/ and shard.json',
  about: `Train and probe the jobs of one round of a claim pack's sweep, or shard i of n of them, and judge
nothing: the output folder holds OUT/seeds/<key>/ (summary.json, record.json, probe.json of each
seed) and OUT/shard.json (which shard of how many, of which round, the jobs it was assigned, the
code hash). \`staircase merge\` combines the shards of every round and judges the claims.

Which jobs: round 1 is seeds 1..seeds of every arm of the tier (1..maxSeeds with --fixed). With
--from RESULTS_DIR (a \`merge\` or \`check\` output), the next round: roundSize more seeds of every
arm that an undecided claim still needs, up to maxSeeds; nothing when every claim is decided.
Shard i of n is the jobs whose cache keys land at positions i, i+n, ... of the sorted keys, so the
shards of a round partition it on any machine that resolves \`--backend auto\` alike.`,
  options: shardRunOptions,
  examplesTitle: 'Examples (three runners, then one merge; docs/baselines.md has the CI workflow)',
  examples: [
    'npx staircase plan --shards 3 --tier full                  # the matrix of round 1',
    'npx staircase sweep --tier full --shard 2/3 --out out/r1-2  # on runner 2',
    'npx staircase merge out/r1-* --out merged-1                 # judge; says if a round 2 is needed',
    'npx staircase sweep --tier full --shard 2/3 --from merged-1 --out out/r2-2',
  ],
  run: (values) => runShardCommand(values, 'sweep'),
});

/** The body of `sweep` and `check --shard`. */
export async function runShardCommand(values: Values<typeof shardRunOptions>, command: 'sweep' | 'check'): Promise<number> {
  const { planShardRound, runShard } = await import('../shards/run-shard.ts');
  const { tier, fixed, from } = values;
  const shard = values.shard ?? { index: 1, count: 1 };
  const cacheDir = resolveCacheDir(values.cache);
  const claims = loadClaimPack(values.claims);
  const trainer = await resolveTierTrainer(values.trainer, claims, tier);
  const backendChoice = { request: values.backend, device: 'any' as const, ...(trainer ? { trainer } : {}) };
  const plan = planShardRound({ claims, tier, fixed, backend: backendChoice, ...(from !== undefined ? { from } : {}) });
  const outDir = values.out ?? path.join('.staircase', 'sweep', tier, `round-${plan.round}`, `shard-${shard.index}-of-${shard.count}`);
  const reporter = makeSweepReporter();
  const run = await runShard({ claims, claimsDir: values.claims, tier, fixed, backend: backendChoice, shard, plan, outDir, cacheDir, concurrency: values.jobs, population: trainer ? 1 : populationFor(values.backend, values.population), onEvent: (e) => reporter.onEvent(e) });
  reporter.stop();
  if (!run.sweep || !run.shardFile) {
    console.log(`${command}: nothing to run in round ${run.plan.round}: every claim is decided or its arms are at maxSeeds${from ? ` (after the ${run.plan.round - 1} round(s) in ${from})` : ''}`);
    return 0;
  }
  const s = run.sweep;
  const arms = run.plan.seeds.map((a) => `${a.arm.name} seeds ${a.seeds[0]}..${a.seeds[a.seeds.length - 1]}`).join(', ');
  console.log(`${command}: round ${run.plan.round} (${arms}), shard ${shard.index}/${shard.count}: ${run.jobs.length} of ${run.plan.jobs.length} jobs; ${s.trained} trained, ${s.cached} from the cache, ${s.failed.length} failed, ${formatDuration(s.wallMs / 1000)}`);
  console.log(`wrote ${path.join(outDir, SHARD_FILE)} and ${path.join(outDir, 'seeds')}/; judge with \`staircase merge\` once every shard is done`);
  for (const f of s.failed) console.error(`worker failed: ${f.job.armName} seed ${f.job.seed} (exit ${f.exitCode ?? f.signal}):\n${f.stderrTail}`);
  return sweepExitCode(s);
}
