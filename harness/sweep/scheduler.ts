/**
 * The seed scheduler: runs jobs in worker processes (execa), `concurrency` at a time, skips
 * jobs whose result is cached, and adds rounds of jobs on request (sequential stopping).
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
import { jobKey, type Job, type JobFile } from './job.ts';

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
}

/** The worker entry: the CLI through tsx, so the code that runs is the code hashed. */
export const WORKER_BIN = path.join(PACKAGE_ROOT, 'bin', 'staircase.mjs');
const STDERR_TAIL_LINES = 20;

function tail(text: string): string {
  return text.trimEnd().split('\n').slice(-STDERR_TAIL_LINES).join('\n');
}

async function runWorker(entry: KeyedJob, cacheDir: string, codeHash: string, env: Record<string, string>): Promise<JobOutcome | FailedJob> {
  const jobFile = path.join(cacheDir, '.jobs', `${entry.key}-${process.pid}.json`);
  const file: JobFile = { kind: 'staircase.job', version: 1, key: entry.key, codeHash, cacheDir, job: entry.job };
  writeJsonAtomic(jobFile, file);
  const started = performance.now();
  try {
    const r = await execa('node', [WORKER_BIN, 'sweep-worker', '--job', jobFile], { reject: false, stdin: 'ignore', env, cwd: PACKAGE_ROOT });
    const wallMs = Math.round(performance.now() - started);
    const summary = r.exitCode === 0 ? readCachedSummary(cacheDir, entry.key) : null;
    if (summary) return { ...entry, summary: { ...summary, arm: entry.job.armName, tier: entry.job.tier }, cached: false, wallMs };
    const why = r.exitCode === 0 ? 'the worker exited 0 but left no summary.json' : String(r.stderr || r.message);
    return { ...entry, exitCode: r.exitCode ?? null, signal: r.signal ?? null, stderrTail: tail(why), wallMs };
  } finally {
    rmSync(jobFile, { force: true });
  }
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
  ensureCacheDir(cacheDir);
  const removedStale = removeStaleTemporaries(cacheDir);

  const completed: JobOutcome[] = [];
  const failed: FailedJob[] = [];
  const finishedByKey = new Map<string, SeedSummary>();
  let trained = 0;
  let cached = 0;
  let round = 0;
  let jobs: Job[] | null = opts.jobs;

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
    let next = 0;
    const lane = async (): Promise<void> => {
      while (next < toRun.length) {
        const entry = toRun[next++]!;
        emit({ type: 'job-start', round: r, job: entry.job, key: entry.key });
        const result = await runWorker(entry, cacheDir, codeHash, env);
        const twins = waiting.get(entry.key) ?? [];
        if ('summary' in result) {
          trained += 1;
          finishedByKey.set(entry.key, result.summary);
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
      }
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, toRun.length) }, lane));

    jobs = opts.nextRound ? await opts.nextRound(completed.map((c) => c.summary), round) : null;
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
