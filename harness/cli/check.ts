import os from 'node:os';
import path from 'node:path';
import { loadClaimPack } from '../claims/load-claims.ts';
import { claimsDecidedLine, runClaimSweep } from '../claims/run-claims.ts';
import type { SeedSummary } from '../claims/seed-summary.ts';
import { claimsHash } from '../shards/hashes.ts';
import { nextRoundOf } from '../shards/round-plan.ts';
import { writeSeedCopies } from '../shards/seed-copies.ts';
import { writeSweepFile } from '../shards/sweep-files.ts';
import { trainingCodeHash } from '../sweep/code-hash.ts';
import { sweepExitCode } from '../sweep/scheduler.ts';
import { makeSweepReporter } from '../sweep/progress.ts';
import { resolveCacheDir } from '../sweep/cache.ts';
import { BACKEND_NAMES, type BackendRequest } from '../backend/select.ts';
import { intOption, parse, UsageError } from './args.ts';
import { BASELINE_HELP, BASELINE_OPTIONS, resolveBaselineOptions, withBaselineDefault } from './baseline-flags.ts';
import { reportClaims } from './claims-report.ts';
import { runShardCommand } from './sweep.ts';
import { CHECK_REPORT_HELP, CHECK_REPORT_OPTIONS, writeOptionalReports } from '../report/check-reports.ts';
import { plural } from '../util/plural.ts';

export const CHECK_HELP = `staircase check [--tier smoke|full] [--claims DIR] [--out DIR] [--jobs N] [--cache DIR] [--backend B]
                [--baseline [DIR] | --no-baseline] [--shard i/n [--from DIR]]

Train and probe the seeds every claim needs, evaluate every claim with its statistics, compare
with the stored baselines, print a table (claim, expectation, estimate, interval, n, p, verdict),
write OUT/results.json (schemas/results.schema.json), OUT/summary.md, OUT/seeds/<key>/ (each
seed's summary.json, record.json, probe.json) and OUT/sweep.json, and exit 1 when any claim fails
or any baseline comparison is a regression.

Seeds run in rounds: each arm starts with its tier's \`seeds\`; while an expectation that uses it is
undecided under an anytime-valid rule (Bernoulli confidence sequences), it gets \`roundSize\` more, up
to \`maxSeeds\`. Each seed is a worker process; finished seeds are cached by a key of the resolved
arm, seed, backend and a hash of the training and probing code, so a rerun with unchanged code
retrains nothing and a killed check resumes where it stopped.

Options:
  --tier T       smoke (default; CPU-sized) or full (the study's sizes; GPU runners)
  --claims DIR   claim pack (default specs/claims)
  --out DIR      where results.json, summary.md, seeds/ and sweep.json go (default .staircase/results/<tier>)
  --jobs N       workers at once (default: the number of cores)
  --cache DIR    result cache (default .staircase/cache, or $STAIRCASE_CACHE_DIR)
  --backend B    ${BACKEND_NAMES.join(' | ')} (default auto)
  --fixed        no sequential stopping: train maxSeeds per arm and judge with fixed-n intervals
${BASELINE_HELP}
  --shard i/n    run only shard i of n of the first round (or of the round after --from DIR), like
                 \`staircase sweep\`: writes OUT/seeds/ and OUT/shard.json and judges nothing;
                 \`staircase merge\` judges the shards together (docs/baselines.md)

${CHECK_REPORT_HELP}

Examples:
  npx staircase check --tier smoke --jobs 2
  npx staircase check --claims specs/claims --baseline baselines --out out/smoke
  npx staircase check --no-baseline --out out/smoke && npx staircase baseline update --from out/smoke`;

export async function checkCommand(argv: string[]): Promise<number> {
  const { values } = parse(withBaselineDefault(argv), {
    tier: { type: 'string' },
    claims: { type: 'string' },
    out: { type: 'string' },
    jobs: { type: 'string' },
    cache: { type: 'string' },
    backend: { type: 'string' },
    fixed: { type: 'boolean' },
    shard: { type: 'string' },
    from: { type: 'string' },
    ...BASELINE_OPTIONS,
    ...CHECK_REPORT_OPTIONS,
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    console.log(CHECK_HELP);
    return 0;
  }
  if (values.shard !== undefined) {
    if (values.baseline !== undefined || values['no-baseline']) throw new UsageError('--shard judges nothing, so --baseline / --no-baseline do not apply; pass them to `staircase merge`');
    return runShardCommand(values, 'check');
  }
  if (values.from !== undefined) throw new UsageError('--from plans the round after a results folder and needs --shard i/n (a plain check runs every round itself)');
  const tier = String(values.tier ?? 'smoke');
  const claimsDir = String(values.claims ?? 'specs/claims');
  const outDir = String(values.out ?? path.join('.staircase', 'results', tier));
  const backend = String(values.backend ?? 'auto') as BackendRequest;
  if (!(BACKEND_NAMES as readonly string[]).includes(backend)) throw new UsageError(`--backend must be one of ${BACKEND_NAMES.join(', ')}, got '${backend}'`);
  const concurrency = intOption(values, 'jobs', os.availableParallelism());
  const cacheDir = resolveCacheDir(values.cache as string | undefined);
  const fixed = Boolean(values.fixed);
  const claims = loadClaimPack(claimsDir);
  const baseline = resolveBaselineOptions(values, tier, { dir: claimsDir, claimIds: claims.map((c) => c.id) });
  if (baseline.note) console.error(baseline.note);
  console.error(`check: ${plural(claims.length, 'claim')}, tier ${tier}, up to ${plural(concurrency, 'worker')}, cache ${cacheDir}${baseline.dir ? `, baselines ${baseline.dir}/${tier}` : ''}`);
  let done: readonly SeedSummary[] = [];
  const roundOfKey = new Map<string, number>();
  const reporter = makeSweepReporter({ claimsLine: () => claimsDecidedLine(claims, tier, done) });
  const { sweep, summaries, judge } = await runClaimSweep({
    claims,
    tier,
    backend,
    concurrency,
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
  console.log(`\n${sweep.trained} seeds trained, ${sweep.cached} from the cache, ${sweep.rounds} round(s), ${(sweep.wallMs / 1000).toFixed(0)} s; wrote ${path.join(outDir, 'results.json')}`);
  for (const f of sweep.failed) console.error(`worker failed: ${f.job.armName} seed ${f.job.seed} (exit ${f.exitCode ?? f.signal}):\n${f.stderrTail}`);
  if (sweepExitCode(sweep) !== 0) return 1;
  return report.exitCode;
}
