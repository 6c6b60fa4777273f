/**
 * The seed scheduler: runs jobs in worker processes (execa), `concurrency` at a time (each process
 * one seed, or up to `population` seeds trained as one model), skips jobs whose result is cached,
 * and adds rounds of jobs on request (sequential stopping).
 */
import { execa } from 'execa';
import { rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { SeedSummary } from '../claims/seed-summary.ts';
import { writeJsonAtomic } from '../util/atomic.ts';
import { PACKAGE_ROOT } from '../util/provenance.ts';
import { ensureCacheDir, readCachedSummary, removeStaleTemporaries, resolveCacheDir } from './cache.ts';
import { trainingCodeHash } from './code-hash.ts';
import { canonicalJson, jobKey, type Job, type JobFile } from './job.ts';
import { populationKey, wasmPopulationCap } from '../train/population-key.ts';
import { autoBackendName } from '../backend/installed.ts';

/** A job with its key, as scheduled. */
export interface KeyedJob {
  job: Job;
  key: string;
}

/** A job whose summary is available: trained by this sweep, or found in the cache. */
export interface JobOutcome extends KeyedJob {
  /** Labelled with this job's arm and tier (a shared cached result may carry another label). */
  summary: SeedSummary;
  cached: boolean;
  /** Wall time of the worker process (null when cached). */
  wallMs: number | null;
}

/** A job whose worker failed; it is not cached and is retried by the next sweep. */
export interface FailedJob extends KeyedJob {
  exitCode: number | null;
  signal: string | null;
  /** The last lines of the worker's stderr. */
  stderrTail: string;
  wallMs: number;
}

export interface SweepResult {
  completed: JobOutcome[];
  failed: FailedJob[];
  /** Jobs trained by this sweep. */
  trained: number;
  /** Jobs found in the cache. */
  cached: number;
  rounds: number;
  /** Temporary folders of killed workers removed at the start. */
  removedStale: string[];
  wallMs: number;
}

export type SweepEvent =
  | { type: 'round'; round: number; jobs: (KeyedJob & { cached: boolean })[]; concurrency: number }
  | { type: 'job-start'; round: number; job: Job; key: string }
  /** A worker starts several jobs as one population (before their job-start events). */
  | { type: 'population-start'; round: number; jobs: KeyedJob[] }
  | { type: 'job-done'; round: number; outcome: JobOutcome }
  | { type: 'job-failed'; round: number; failure: FailedJob }
  | { type: 'finished'; result: SweepResult };

/**
 * Decides the next round from every summary so far (all rounds, cached ones included):
 * new jobs (e.g. more seeds of the arms still undecided), or null / [] to stop.
 */
export type NextRound = (summaries: SeedSummary[], round: number) => Job[] | null | Promise<Job[] | null>;

export interface SweepOptions {
  /** The first round's jobs. */
  jobs: Job[];
  /** Workers at once (default os.availableParallelism()). */
  concurrency?: number;
  /** Cache folder (default resolveCacheDir(): `--cache`, STAIRCASE_CACHE_DIR, `.staircase/cache`). */
  cacheDir?: string;
  /** Training code hash in every key (default trainingCodeHash()). */
  codeHash?: string;
  onEvent?: (event: SweepEvent) => void;
  /** Called after each round; its jobs form the next round. Without it, one round. */
  nextRound?: NextRound;
  /** Extra environment for the workers. */
  env?: Record<string, string>;
  /**
   * At most this many seeds per worker process, trained as one population (harness/train/population.ts;
   * default 1: a process per seed). Results and cache keys are per seed either way.
   */
  population?: number;
}

/** The worker entry: the CLI through tsx, so the code that runs is the code hashed. */
export const WORKER_BIN = path.join(PACKAGE_ROOT, 'bin', 'staircase.mjs');
const STDERR_TAIL_LINES = 20;

function tail(text: string): string {
  return text.trimEnd().split('\n').slice(-STDERR_TAIL_LINES).join('\n');
}

/**
 * One worker process for a unit of jobs (one job, or several trained as one population). Each
 * member is reported through `onResult` as soon as its seed is committed (the worker prints a line
 * ending in its key), or as failed when the worker exits without it. A member's wallMs is its share
 * of the worker's time: the time until its seed was committed, over the unit's size.
 */
async function runWorker(unit: readonly KeyedJob[], cacheDir: string, codeHash: string, env: Record<string, string>, onResult: (r: JobOutcome | FailedJob) => void): Promise<void> {
  const jobFiles = unit.map((entry) => path.join(cacheDir, '.jobs', `${entry.key}-${process.pid}.json`));
  unit.forEach((entry, i) => {
    const file: JobFile = { kind: 'staircase.job', version: 1, key: entry.key, codeHash, cacheDir, job: entry.job };
    writeJsonAtomic(jobFiles[i]!, file);
  });
  const started = performance.now();
  const reported = new Set<string>();
  const share = () => Math.round((performance.now() - started) / unit.length);
  const report = (entry: KeyedJob): void => {
    if (reported.has(entry.key)) return;
    const summary = readCachedSummary(cacheDir, entry.key);
    if (!summary) return;
    reported.add(entry.key);
    onResult({ ...entry, summary: { ...summary, arm: entry.job.armName, tier: entry.job.tier }, cached: false, wallMs: share() });
  };
  try {
    const child = execa('node', [WORKER_BIN, 'sweep-worker', ...jobFiles.flatMap((f) => ['--job', f])], { reject: false, stdin: 'ignore', env, cwd: PACKAGE_ROOT, lines: true, buffer: { stdout: false, stderr: true } });
    for await (const line of child.iterable({ from: 'stdout' })) {
      const key = String(line).trim().split(/\s+/).at(-1);
      const entry = unit.find((u) => u.key === key);
      if (entry) report(entry);
    }
    const r = await child;
    for (const entry of unit) report(entry); // a line lost to a crash after the commit
    const wallMs = Math.round(performance.now() - started);
    for (const entry of unit) {
      if (reported.has(entry.key)) continue;
      const why = r.exitCode === 0 ? 'the worker exited 0 but left no summary.json' : String((Array.isArray(r.stderr) ? r.stderr.join('\n') : r.stderr) || r.message);
      onResult({ ...entry, exitCode: r.exitCode ?? null, signal: r.signal ?? null, stderrTail: tail(why), wallMs });
    }
  } finally {
    for (const f of jobFiles) rmSync(f, { force: true });
  }
}

/**
 * The round's jobs packed into worker units: jobs that may share a population (one model shape and
 * optimiser, one backend and probe settings: populationKey) and start in one loss phase go together,
 * at most `population` to a unit (on wasm, at most what its 4 GiB heap holds: wasmPopulationCap), and
 * spread over at least as many units as the workers' share of the round, so no core idles while
 * another trains a large population. Largest units first.
 */
export function packUnits(jobs: readonly KeyedJob[], population: number, concurrency: number): KeyedJob[][] {
  if (population <= 1) return jobs.map((j) => [j]);
  const groups = new Map<string, KeyedJob[]>();
  // An external trainer trains a seed per command (protocol 1 has no populations).
  const alone = jobs.filter((j) => j.job.backend.trainer).map((j) => [j]);
  for (const j of jobs) {
    if (j.job.backend.trainer) continue;
    // Seeds that start on full-sequence loss apart from those that start answer-only: a population in
    // two phases runs two forward passes a step (harness/train/population.ts), most of what it saves.
    const phase = j.job.arm.loss === 'full-sequence' ? 'full' : 'answer';
    const k = canonicalJson({ shape: populationKey(j.job.arm), phase, backend: j.job.backend, probe: j.job.probe ?? {} });
    groups.set(k, [...(groups.get(k) ?? []), j]);
  }
  const units: KeyedJob[][] = alone;
  for (const group of groups.values()) {
    const n = group.length;
    const { job } = group[0]!;
    const onWasm = job.backend.request === 'wasm' || (job.backend.request === 'auto' && autoBackendName() === 'wasm');
    const cap = onWasm ? Math.min(population, wasmPopulationCap(job.arm)) : population;
    const count = Math.min(n, Math.max(Math.ceil(n / cap), Math.ceil((concurrency * n) / jobs.length)));
    for (let u = 0; u < count; u++) units.push(group.filter((_, i) => i % count === u));
  }
  return units.sort((a, b) => b.length - a.length);
}

/** Each job with its cache key. */
function keyJobs(jobs: readonly Job[], codeHash: string): KeyedJob[] {
  return jobs.map((job) => ({ job, key: jobKey(job, codeHash) }));
}

/**
 * Run the jobs, then each round `nextRound` asks for, and report progress through `onEvent`.
 * A failing worker is reported (exit code, stderr tail) and the others continue.
 */
export async function runSweep(opts: SweepOptions): Promise<SweepResult> {
  const started = performance.now();
  const cacheDir = opts.cacheDir ? path.resolve(opts.cacheDir) : resolveCacheDir();
  const codeHash = opts.codeHash ?? trainingCodeHash();
  const concurrency = Math.max(1, Math.floor(opts.concurrency ?? os.availableParallelism()));
  const emit = opts.onEvent ?? (() => {});
  const env = opts.env ?? {};
  const population = Math.max(1, Math.floor(opts.population ?? 1));
  ensureCacheDir(cacheDir);
  const removedStale = removeStaleTemporaries(cacheDir);

  const completed: JobOutcome[] = [];
  const failed: FailedJob[] = [];
  const finishedByKey = new Map<string, SeedSummary>();
  let trained = 0;
  let cached = 0;
  let round = 0;
  let jobs: Job[] | null = opts.jobs;
  let lastRound = false;

  while (jobs && jobs.length) {
    round += 1;
    const keyed = keyJobs(jobs, codeHash);
    const plan = keyed.map((k) => {
      const hit = finishedByKey.get(k.key) ?? readCachedSummary(cacheDir, k.key);
      return { ...k, hit };
    });
    emit({ type: 'round', round, jobs: plan.map(({ job, key, hit }) => ({ job, key, cached: hit !== null && hit !== undefined })), concurrency });

    const toRun: KeyedJob[] = [];
    const waiting = new Map<string, KeyedJob[]>();
    for (const { job, key, hit } of plan) {
      if (hit) {
        const outcome: JobOutcome = { job, key, summary: { ...hit, arm: job.armName, tier: job.tier }, cached: true, wallMs: null };
        completed.push(outcome);
        cached += 1;
        emit({ type: 'job-done', round, outcome });
      } else if (waiting.has(key)) waiting.get(key)!.push({ job, key });
      else {
        waiting.set(key, []);
        toRun.push({ job, key });
      }
    }

    const r = round;
    const units = packUnits(toRun, population, concurrency);
    let next = 0;
    const lane = async (): Promise<void> => {
      while (next < units.length) {
        const unit = units[next++]!;
        if (unit.length > 1) emit({ type: 'population-start', round: r, jobs: unit });
        for (const entry of unit) emit({ type: 'job-start', round: r, job: entry.job, key: entry.key });
        await runWorker(unit, cacheDir, codeHash, env, (result) => {
          const twins = waiting.get(result.key) ?? [];
          if ('summary' in result) {
            trained += 1;
            finishedByKey.set(result.key, result.summary);
            for (const o of [result, ...twins.map((t) => ({ ...t, summary: { ...result.summary, arm: t.job.armName, tier: t.job.tier }, cached: true, wallMs: null }))]) {
              completed.push(o);
              emit({ type: 'job-done', round: r, outcome: o });
            }
          } else {
            for (const f of [result, ...twins.map((t) => ({ ...result, ...t }))]) {
              failed.push(f);
              emit({ type: 'job-failed', round: r, failure: f });
            }
          }
        });
      }
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, units.length) }, lane));

    jobs = opts.nextRound && !lastRound ? await opts.nextRound(completed.map((c) => c.summary), round) : null;
    // A seed that failed is not retried in this sweep (a failure is a bug or a broken trainer to fix,
    // not bad luck): the next round's plan, which asks again for seeds without a summary, would ask
    // for it round after round. A round left with nothing new to train is the last.
    if (jobs) {
      const failedKeys = new Set(failed.map((f) => f.key));
      const kept = jobs.filter((j) => !failedKeys.has(jobKey(j, codeHash)));
      if (kept.length < jobs.length && kept.every((j) => finishedByKey.has(jobKey(j, codeHash)))) lastRound = true;
      jobs = kept;
    }
  }

  // Again at the end: a worker killed just before this sweep started may still have been
  // exiting then (alive to kill(pid, 0)); by now it is gone and its folder is stale.
  removedStale.push(...removeStaleTemporaries(cacheDir));
  const result: SweepResult = { completed, failed, trained, cached, rounds: round, removedStale, wallMs: Math.round(performance.now() - started) };
  emit({ type: 'finished', result });
  return result;
}

/** The process exit status of a sweep: 0 when every job has a summary, 1 when any worker failed. */
export function sweepExitCode(result: SweepResult): number {
  return result.failed.length ? 1 : 0;
}
