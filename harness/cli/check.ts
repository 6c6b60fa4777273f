import path from 'node:path';
import { loadClaimPack } from '../claims/load-claims.ts';
import { cachedClaimSweep, claimsDecidedLine, runClaimSweep } from '../claims/run-claims.ts';
import type { SeedSummary } from '../claims/seed-summary.ts';
import { claimsHash } from '../shards/hashes.ts';
import { nextRoundOf } from '../shards/round-plan.ts';
import { writeSeedCopies } from '../shards/seed-copies.ts';
import { writeSweepFile } from '../shards/sweep-files.ts';
import { trainingCodeHash } from '../sweep/code-hash.ts';
import { sweepExitCode } from '../sweep/scheduler.ts';
import { makeSweepReporter } from '../sweep/progress.ts';
import { resolveCacheDir } from '../sweep/cache.ts';
import { UsageError } from './args.ts';
import { BASELINE_OPTIONS, resolveBaselineOptions } from './baseline-flags.ts';
import { reportClaims } from './claims-report.ts';
import { fixedOption, shardOption, tierOption } from './common-options.ts';
import { defineCommand, flag, inSection, text, type Values } from './declare.ts';
import { runShardCommand, shardRunOptions } from './sweep.ts';
import { writeOptionalReports } from '../report/check-reports.ts';
import { formatDuration } from '../util/duration.ts';
import { armCosts, renderCosts } from '../claims/cost-plan.ts';
import { planArms } from '../claims/arm-plan.ts';
import { initBackend, type BackendRequest } from '../backend/select.ts';
import type { Claim } from '../claims/claim-types.ts';
import { plural } from '../util/plural.ts';
import { populationFor } from '../sweep/population-default.ts';
import { resolveTierTrainer } from './trainer-choice.ts';
import type { TrainerChoice } from '../trainers/choice.ts';

const { claims, jobs, cache, backend, population, trainer } = shardRunOptions;
const options = {
  tier: tierOption("smoke (CPU-sized) or full (the study's sizes; GPU runners)"),
  claims,
  out: text('DIR', 'where results.json, summary.md, seeds/ and sweep.json go', { defaultText: '.staircase/results/<tier>' }),
  jobs,
  population,
  cache,
  backend,
  trainer,
  fixed: fixedOption('no sequential stopping: train maxSeeds per arm and judge with fixed-n intervals'),
  'no-train': flag('train nothing: judge the seeds the cache already holds (per arm, its seeds in order up to the first unfinished one), anytime-valid: a run still going elsewhere, judged now'),
  'dry-run': flag('train nothing: print per arm the seeds (first round / at most), those already cached, the measured cost of a step and of a seed, and the CPU time of round 1 and of every arm at maxSeeds'),
  ...BASELINE_OPTIONS,
  shard: shardOption('run only shard i of n of the first round (or of the round after --from DIR), like `staircase sweep`: writes OUT/seeds/ and OUT/shard.json and judges nothing; `staircase merge` judges the shards together (docs/baselines.md)'),
  from: text('DIR', 'with --shard: plan the round after the rounds in DIR (a merge or check output)'),
  ...inSection('Reports', {
    junit: text('FILE', 'also write the verdicts as JUnit XML (one testcase per expectation)'),
    github: flag('write the GitHub job summary and annotations (default when GITHUB_ACTIONS=true)'),
  }),
};

export const check = defineCommand({
  name: 'check',
  summary: 'train and probe the seeds a claim pack needs, judge every claim with statistics',
  usage: `[--tier smoke|full] [--claims DIR] [--out DIR] [--jobs N] [--population N] [--cache DIR] [--backend B]
                [--baseline [DIR] | --no-baseline] [--shard i/n [--from DIR]]`,
  about: `Train and probe the seeds every claim needs, evaluate every claim with its statistics, compare
with the stored baselines, print a table (claim, expectation, estimate, interval, n, p, verdict),
write OUT/results.json (schemas/results.schema.json), OUT/summary.md, OUT/seeds/<key>/ (each
seed's summary.json, record.json, probe.json) and OUT/sweep.json, and exit 1 when any claim fails
or any baseline comparison is a regression.

Seeds run in rounds: each arm starts with its tier's \`seeds\`; while an expectation that uses it is
undecided under an anytime-valid rule (Bernoulli confidence sequences), it gets \`roundSize\` more, up
to \`maxSeeds\`. Worker processes train the seeds, up to --population seeds of one model shape as
one model each (the same results as a process per seed); finished seeds are cached by a key of the resolved
arm, seed, backend and a hash of the training and probing code, so a rerun with unchanged code
retrains nothing and a killed check resumes where it stopped.`,
  options,
  examples: [
    'npx staircase check --tier smoke --jobs 2',
    'npx staircase check --tier nightly --dry-run --jobs 2            # what it will cost first',
    'npx staircase check --claims specs/claims --baseline baselines --out out/smoke',
    'npx staircase check --no-baseline --out out/smoke && npx staircase baseline update --from out/smoke',
  ],
  run: checkRun,
});

async function checkRun(values: Values<typeof options>): Promise<number> {
  if (values.shard !== undefined) {
    if (values.baseline !== undefined || values['no-baseline']) throw new UsageError('--shard judges nothing, so --baseline / --no-baseline do not apply; pass them to `staircase merge`');
    return runShardCommand(values, 'check');
  }
  if (values.from !== undefined) throw new UsageError('--from plans the round after a results folder and needs --shard i/n (a plain check runs every round itself)');
  const { tier, claims: claimsDir, backend, jobs: concurrency, fixed } = values;
  const outDir = values.out ?? path.join('.staircase', 'results', tier);
  const cacheDir = resolveCacheDir(values.cache);
  const claims = loadClaimPack(claimsDir);
  const trainer = await resolveTierTrainer(values.trainer, claims, tier);
  if (values['dry-run']) return dryRun(claims, tier, { cacheDir, backend, fixed, jobs: concurrency, trainer });
  const baseline = resolveBaselineOptions(values, tier, { dir: claimsDir, claimIds: claims.map((c) => c.id) });
  if (baseline.note) console.error(baseline.note);
  const population = trainer ? 1 : populationFor(backend, values.population);
  const trainedBy = trainer ? `, trained by ${trainer.name} (${trainer.command.join(' ')}; a seed per process), probed on ${backend}` : '';
  console.error(`check: ${plural(claims.length, 'claim')}, tier ${tier}, up to ${plural(concurrency, 'worker')} of up to ${plural(population, 'seed')} each${trainedBy}, cache ${cacheDir}${baseline.dir ? `, baselines ${baseline.dir}/${tier}` : ''}`);
  let done: readonly SeedSummary[] = [];
  const roundOfKey = new Map<string, number>();
  const reporter = makeSweepReporter({ claimsLine: () => claimsDecidedLine(claims, tier, done) });
  const { sweep, summaries, judge } = values['no-train'] ? cachedClaimSweep({ claims, tier, backend, trainer, cacheDir }) : await runClaimSweep({
    claims,
    tier,
    backend,
    trainer,
    concurrency,
    population,
    cacheDir,
    fixed,
    onEvent: (e, d) => {
      done = d;
      if (e.type === 'job-done' && !roundOfKey.has(e.outcome.key)) roundOfKey.set(e.outcome.key, e.round);
      reporter.onEvent(e);
    },
  });
  reporter.stop();

  writeSeedCopies(outDir, cacheDir, sweep.completed);
  const rounds = Math.max(1, sweep.rounds);
  writeSweepFile(outDir, {
    kind: 'staircase.sweep',
    version: 1,
    tier,
    claimsDir,
    claimsHash: claimsHash(claims),
    codeHash: trainingCodeHash(),
    fixed,
    backend,
    rounds,
    jobs: sweep.completed
      .map((c) => ({ arm: c.job.armName, tier: c.job.tier, seed: c.job.seed, key: c.key, round: roundOfKey.get(c.key) ?? 1 }))
      .sort((a, b) => a.round - b.round || a.arm.localeCompare(b.arm) || a.seed - b.seed),
    next: nextRoundOf(claims, tier, fixed, summaries, rounds),
    sources: [],
    createdAt: new Date().toISOString(),
  });
  const report = reportClaims({ claims, tier, claimsDir, outDir, summaries, judge, baseline });
  await writeOptionalReports(values, report.record);
  console.log(`\n${sweep.trained} seeds trained, ${sweep.cached} from the cache, ${sweep.rounds} round(s), ${formatDuration(sweep.wallMs / 1000)}; wrote ${path.join(outDir, 'results.json')}`);
  for (const f of sweep.failed) console.error(`worker failed: ${f.job.armName} seed ${f.job.seed} (exit ${f.exitCode ?? f.signal}):\n${f.stderrTail}`);
  if (sweepExitCode(sweep) !== 0) return 1;
  return report.exitCode;
}

/** `check --dry-run`: the cost per arm, trained nothing. */
async function dryRun(claims: readonly Claim[], tier: string, opts: { cacheDir: string; backend: BackendRequest; fixed: boolean; jobs: number; trainer: TrainerChoice | null }): Promise<number> {
  const plans = planArms(claims, tier);
  if (!plans.length) throw new UsageError(`no claim of the pack has an arm at tier \`${tier}\``);
  const info = await initBackend(opts.backend);
  console.error(`check --dry-run: ${plural(plans.length, 'arm')} at tier ${tier}, backend ${info.name}/${info.device}, cache ${opts.cacheDir}`);
  const costs = await armCosts(plans, { cacheDir: opts.cacheDir, codeHash: trainingCodeHash(), backend: { request: opts.backend, device: 'any', ...(opts.trainer ? { trainer: opts.trainer } : {}) }, tier, fixed: opts.fixed });
  console.log(renderCosts(costs, opts.jobs));
  return 0;
}
