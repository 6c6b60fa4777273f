/**
 * The sweep worker: runs one job in its own process (`staircase sweep-worker --job FILE`).
 * Trains, saves the checkpoint and record, probes the model in memory, writes probe.json,
 * staircase.svg and (last) summary.json into `<cache>/.tmp-<key>-<pid>/`, then renames that
 * folder to `<cache>/<key>/`.
 */
import { appendFileSync, copyFileSync, mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { initBackend } from '../backend/select.ts';
import { summariseSeed, type SeedSummary } from '../claims/seed-summary.ts';
import { disposeParams } from '../model/params.ts';
import type { ProbeResult } from '../probe/result.ts';
import { probeCheckpoint, writeProbeOutputs } from '../probe/run.ts';
import { saveCheckpoint } from '../train/checkpoint.ts';
import { train } from '../train/loop.ts';
import { buildRecord, writeRecord } from '../train/record.ts';
import { writeJsonAtomic } from '../util/atomic.ts';
import { parse, UsageError } from '../cli/args.ts';
import { commitJobDir, JOB_FILES, readCachedSummary, tmpJobDir } from './cache.ts';
import { readJobFile, type JobFile } from './job.ts';

/**
 * Env var naming a file the worker appends one line to per event (`start KEY PID` when training
 * begins, `commit KEY PID` when the result is in place, `skip KEY PID` when it already was):
 * lets tests and operators count real trainings.
 */
export const TRACE_ENV = 'STAIRCASE_SWEEP_TRACE';

function trace(event: 'start' | 'commit' | 'skip', key: string): void {
  const file = process.env[TRACE_ENV];
  if (file) appendFileSync(file, `${event} ${key} ${process.pid}\n`);
}

/**
 * Run one job in this process (the tfjs backend is initialised here).
 * @param jobFile the job file's path (copied into the result folder as job.json)
 * @returns the summary, and whether this process committed it (false: it was already cached)
 */
export async function runJob(jobFile: string, file: JobFile = readJobFile(jobFile)): Promise<{ summary: SeedSummary; committed: boolean }> {
  const { key, cacheDir, job } = file;
  const existing = readCachedSummary(cacheDir, key);
  if (existing) {
    trace('skip', key);
    return { summary: existing, committed: false };
  }
  const tmp = tmpJobDir(cacheDir, key);
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  try {
    copyFileSync(jobFile, path.join(tmp, JOB_FILES.job));
    const backend = await initBackend(job.backend.request, job.backend.device);
    for (const note of backend.notes) console.error(`note: ${note}`);
    trace('start', key);
    const startedAt = new Date();
    const result = await train(job.arm, job.seed);
    let probe: ProbeResult;
    try {
      await saveCheckpoint(path.join(tmp, JOB_FILES.checkpoint), job.arm, job.seed, result.steps, result.model);
      const record = buildRecord(job.arm, job.seed, backend, result, startedAt);
      writeRecord(path.join(tmp, JOB_FILES.record), record);
      probe = await probeCheckpoint(result.model, { arm: job.arm, seed: job.seed, step: result.steps }, {
        settings: job.probe ?? {},
        run: { outcome: record.outcome, finalAccuracy: record.final.answerAccuracy },
        checkpointDir: null,
      });
      // As runProbe writes them: schema-checked probe.json, then the heatmap.
      writeProbeOutputs(tmp, probe);
      const summary = summariseSeed(job.armName, job.tier, key, record, probe);
      writeJsonAtomic(path.join(tmp, JOB_FILES.summary), summary);
    } finally {
      result.model.dispose();
      disposeParams(result.model.params);
    }
    const committed = commitJobDir(cacheDir, key, tmp);
    trace(committed ? 'commit' : 'skip', key);
    const summary = readCachedSummary(cacheDir, key);
    if (!summary) throw new Error(`${cacheDir}/${key}: committed but summary.json is missing`);
    return { summary, committed };
  } catch (error) {
    rmSync(tmp, { recursive: true, force: true });
    throw error;
  }
}

export const SWEEP_WORKER_HELP = `staircase sweep-worker --job FILE   (internal: started by the sweep, one process per job)

Runs one job file (schemas/job.schema.json): trains, probes, and commits <cache>/<key>/
(record.json, checkpoint/, probe.json, staircase.svg, summary.json). Exit 0 when the job's
result is in the cache (trained now or already there).`;

/** CLI entry of the worker process; prints the job's verdict line on success. */
export async function sweepWorkerCommand(argv: string[]): Promise<number> {
  const { values } = parse(argv, { job: { type: 'string' }, help: { type: 'boolean', short: 'h' } });
  if (values.help) {
    console.log(SWEEP_WORKER_HELP);
    return 0;
  }
  if (typeof values.job !== 'string') throw new UsageError('sweep-worker needs --job FILE');
  const { summary, committed } = await runJob(values.job);
  console.log(`${summary.arm} ${summary.tier} seed ${summary.seed}: ${summary.verdict} (${summary.outcome}) ${committed ? 'trained' : 'already cached'} ${summary.key}`);
  return 0;
}
