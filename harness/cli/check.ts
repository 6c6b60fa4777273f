import os from 'node:os';
import path from 'node:path';
import { writeFileAtomic, writeJsonAtomic } from '../util/atomic.ts';
import { gitInfo } from '../util/provenance.ts';
import { loadClaimPack } from '../claims/load-claims.ts';
import { buildResults, validateResults } from '../claims/results.ts';
import { renderClaimsTable, renderMarkdownSummary } from '../claims/render-results.ts';
import { claimsDecidedLine, runClaimSweep } from '../claims/run-claims.ts';
import type { SeedSummary } from '../claims/seed-summary.ts';
import { sweepExitCode } from '../sweep/scheduler.ts';
import { makeSweepReporter } from '../sweep/progress.ts';
import { resolveCacheDir } from '../sweep/cache.ts';
import { BACKEND_NAMES, type BackendRequest } from '../backend/select.ts';
import { intOption, parse, UsageError } from './args.ts';
import { CHECK_REPORT_HELP, CHECK_REPORT_OPTIONS, writeCheckReports } from '../report/check-reports.ts';

export const CHECK_HELP = `staircase check [--tier smoke|full] [--claims DIR] [--out DIR] [--jobs N] [--cache DIR] [--backend B]

Train and probe the seeds every claim needs, evaluate every claim with its statistics, print a
table (claim, expectation, estimate, interval, n, p, verdict), write OUT/results.json
(schemas/results.schema.json) and OUT/summary.md, and exit 1 when any claim fails.

Seeds run in rounds: each arm starts with its tier's \`seeds\`; while an expectation that uses it is
undecided under an anytime-valid rule (Bernoulli confidence sequences), it gets \`roundSize\` more, up
to \`maxSeeds\`. Each seed is a worker process; finished seeds are cached by a key of the resolved
arm, seed, backend and a hash of the training and probing code, so a rerun with unchanged code
retrains nothing and a killed check resumes where it stopped.

Options:
  --tier T       smoke (default; CPU-sized) or full (the study's sizes; GPU runners)
  --claims DIR   claim pack (default specs/claims)
  --out DIR      where results.json and summary.md go (default .staircase/results/<tier>)
  --jobs N       workers at once (default: the number of cores)
  --cache DIR    result cache (default .staircase/cache, or $STAIRCASE_CACHE_DIR)
  --backend B    ${BACKEND_NAMES.join(' | ')} (default auto)
  --fixed        no sequential stopping: train maxSeeds per arm and judge with fixed-n intervals
${CHECK_REPORT_HELP}`;

export async function checkCommand(argv: string[]): Promise<number> {
  const { values } = parse(argv, {
    tier: { type: 'string' },
    claims: { type: 'string' },
    out: { type: 'string' },
    jobs: { type: 'string' },
    cache: { type: 'string' },
    backend: { type: 'string' },
    fixed: { type: 'boolean' },
    ...CHECK_REPORT_OPTIONS,
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    console.log(CHECK_HELP);
    return 0;
  }
  const tier = String(values.tier ?? 'smoke');
  const claimsDir = String(values.claims ?? 'specs/claims');
  const outDir = String(values.out ?? path.join('.staircase', 'results', tier));
  const backend = String(values.backend ?? 'auto') as BackendRequest;
  if (!(BACKEND_NAMES as readonly string[]).includes(backend)) throw new UsageError(`--backend must be one of ${BACKEND_NAMES.join(', ')}, got '${backend}'`);
  const concurrency = intOption(values, 'jobs', os.availableParallelism());
  const cacheDir = resolveCacheDir(values.cache as string | undefined);
  const fixed = Boolean(values.fixed);

  const claims = loadClaimPack(claimsDir);
  console.error(`check: ${claims.length} claims, tier ${tier}, up to ${concurrency} workers, cache ${cacheDir}`);
  let done: readonly SeedSummary[] = [];
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
      reporter.onEvent(e);
    },
  });
  reporter.stop();

  const backends = [...new Set(summaries.map((s) => `${s.backend.name}/${s.backend.device}`))];
  const [name, device] = (backends.length === 1 ? backends[0]! : 'mixed/mixed').split('/') as [string, string];
  const record = buildResults({ tier, claimsDir, backend: { name, device }, git: gitInfo() }, claims.map(judge));
  validateResults(JSON.parse(JSON.stringify(record)), path.join(outDir, 'results.json'));
  writeJsonAtomic(path.join(outDir, 'results.json'), record);
  writeFileAtomic(path.join(outDir, 'summary.md'), renderMarkdownSummary(record));
  await writeCheckReports({ values, record, outDir, cacheDir, completed: sweep.completed });
  console.log(renderClaimsTable(record));
  console.log(`\n${sweep.trained} seeds trained, ${sweep.cached} from the cache, ${sweep.rounds} round(s), ${(sweep.wallMs / 1000).toFixed(0)} s; wrote ${path.join(outDir, 'results.json')}`);
  for (const f of sweep.failed) console.error(`worker failed: ${f.job.armName} seed ${f.job.seed} (exit ${f.exitCode ?? f.signal}):\n${f.stderrTail}`);
  if (sweepExitCode(sweep) !== 0) return 1;
  return record.summary.fail > 0 ? 1 : 0;
}
