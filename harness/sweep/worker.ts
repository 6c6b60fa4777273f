/**
 * The sweep worker: runs jobs in its own process (`staircase sweep-worker --job FILE ...`), several
 * as one population. Per seed: saves the checkpoint and record, probes the model in memory, writes
 * probe.json, staircase.svg and (last) summary.json into `<cache>/.tmp-<key>-<pid>/`, then renames
 * that folder to `<cache>/<key>/`.
 */
import { appendFileSync, copyFileSync, cpSync, mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { initBackend, type BackendInfo } from '../backend/select.ts';
import { summariseSeed, verdictLabel, type SeedSummary } from '../claims/seed-summary.ts';
import { disposeParams } from '../model/params.ts';
import type { ProbeResult } from '../probe/result.ts';
import { probeCheckpoint, writeProbeOutputs } from '../probe/run.ts';
import { saveCheckpoint } from '../train/checkpoint.ts';
import { train, type TrainResult } from '../train/loop.ts';
import { trainPopulation } from '../train/population.ts';
import { buildRecord, writeRecord, type RunRecord } from '../train/record.ts';
import type { Transformer } from '../model/transformer.ts';
import { trainerCommand } from '../trainers/choice.ts';
import { writeJsonAtomic } from '../util/atomic.ts';
import { parse, UsageError } from '../cli/args.ts';
import { commitJobDir, JOB_FILES, readCachedSummary, tmpJobDir } from './cache.ts';
import { readJobFile, type Job, type JobFile } from './job.ts';
import { runExternalTrainer, TRAINER_FILES } from '../trainers/external.ts';

/** `<cache>/.trainer/<key>/`: an external trainer's folder while it runs, and after it failed. */
export const TRAINER_RUNS = '.trainer';

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

/** What a worker hands back per job: the summary, and whether this process committed it (false: it was already cached). */
export interface JobRun {
  summary: SeedSummary;
  committed: boolean;
}

/**
 * A job's result folder: `fill` writes the record (and the checkpoint and probe, where there is a
 * model) into the temporary folder and returns the record and probe; then the summary, last, and
 * the folder committed as `<cache>/<key>/`. On any error the temporary folder goes.
 */
async function commitJob(jobFile: string, file: JobFile, fill: (tmp: string) => Promise<{ record: RunRecord; probe: ProbeResult | null }>): Promise<JobRun> {
  const { key, cacheDir, job } = file;
  const tmp = tmpJobDir(cacheDir, key);
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  try {
    copyFileSync(jobFile, path.join(tmp, JOB_FILES.job));
    const { record, probe } = await fill(tmp);
    writeJsonAtomic(path.join(tmp, JOB_FILES.summary), summariseSeed(job.armName, job.tier, key, record, probe));
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

/** The checkpoint of a trained model, and staircase's probe of it (schema-checked probe.json, then the heatmap, as runProbe writes them). */
async function checkpointAndProbe(tmp: string, job: Job, model: Transformer, record: RunRecord): Promise<ProbeResult> {
  await saveCheckpoint(path.join(tmp, JOB_FILES.checkpoint), job.arm, job.seed, record.steps, model);
  const probe = await probeCheckpoint(model, { arm: job.arm, seed: job.seed, step: record.steps }, {
    settings: job.probe ?? {},
    run: { outcome: record.outcome, finalAccuracy: record.final.answerAccuracy },
    checkpointDir: null,
  });
  writeProbeOutputs(tmp, probe);
  return probe;
}

/** Record, checkpoint, probe and summary of one seed trained here, committed. Disposes nothing: the caller owns the model. */
function commitSeed(jobFile: string, file: JobFile, backend: BackendInfo, result: TrainResult, startedAt: Date): Promise<JobRun> {
  const { job } = file;
  return commitJob(jobFile, file, async (tmp) => {
    const record = buildRecord(job.arm, job.seed, backend, result, startedAt);
    writeRecord(path.join(tmp, JOB_FILES.record), record);
    return { record, probe: await checkpointAndProbe(tmp, job, result.model, record) };
  });
}

/**
 * One seed trained by an external trainer (harness/trainers/external.ts) in `<cache>/.trainer/<key>/`;
 * its request, record and log then go to the result's `trainer/`, its record to record.json, and its
 * weights, when it wrote them, become the checkpoint, probed with staircase's own probe on this
 * process's backend. A trainer that fails throws (TrainerError, one line), nothing is committed, and
 * its folder stays for its log.
 */
function trainExternalSeed(jobFile: string, file: JobFile): Promise<JobRun> {
  const { key, cacheDir, job } = file;
  const trainer = job.backend.trainer!;
  return commitJob(jobFile, file, async (tmp) => {
    // The trainer's folder is outside the result's: a failed run's log stays there for its reader
    // (the error names it), and a retry overwrites it; a good run's files move into the result.
    const runDir = path.join(cacheDir, TRAINER_RUNS, key);
    const run = await runExternalTrainer({ command: trainerCommand(trainer, job.backend.device), label: trainer.name, arm: job.arm, seed: job.seed, outDir: runDir });
    rmSync(path.join(runDir, TRAINER_FILES.weights), { force: true }); // the checkpoint holds them
    rmSync(path.join(runDir, TRAINER_FILES.atSwitch), { force: true }); // probed into the record's atSwitch
    cpSync(runDir, path.join(tmp, 'trainer'), { recursive: true });
    rmSync(runDir, { recursive: true, force: true });
    const { record, model } = run;
    writeJsonAtomic(path.join(tmp, JOB_FILES.record), record);
    if (!model) return { record, probe: null };
    try {
      return { record, probe: await checkpointAndProbe(tmp, job, model, record) };
    } finally {
      model.dispose();
      disposeParams(model.params);
    }
  });
}

/**
 * Run jobs in this process (the tfjs backend is initialised here): one alone, several as one
 * population (harness/train/population.ts; the scheduler gives a worker only jobs that may share
 * one, on one backend). Each seed is committed to the cache as soon as it stops, so a killed worker
 * loses only the seeds still training. `onDone` hears each job as it is committed.
 * @param jobFiles the job files' paths (each copied into its result folder as job.json)
 */
export async function runJobs(jobFiles: readonly string[], onDone: (file: JobFile, run: JobRun) => void = () => {}): Promise<JobRun[]> {
  const files = jobFiles.map((f) => readJobFile(f));
  const runs: (JobRun | undefined)[] = files.map(({ cacheDir, key }) => {
    const existing = readCachedSummary(cacheDir, key);
    if (!existing) return undefined;
    trace('skip', key);
    return { summary: existing, committed: false };
  });
  files.forEach((f, i) => runs[i] && onDone(f, runs[i]!));
  const todo = files.flatMap((f, i) => (runs[i] ? [] : [i]));
  if (todo.length) {
    const { request, device } = files[todo[0]!]!.job.backend;
    for (const i of todo) {
      const b = files[i]!.job.backend;
      if (b.request !== request || b.device !== device || b.trainer?.identity !== files[todo[0]!]!.job.backend.trainer?.identity) throw new Error(`${jobFiles[i]}: a worker runs one backend and one trainer; job.backend ${b.request}/${b.device}${b.trainer ? ` (${b.trainer.name})` : ''} differs from the first job's`);
    }
    const backend = await initBackend(request, device);
    for (const note of backend.notes) console.error(`note: ${note}`);
    for (const i of todo) trace('start', files[i]!.key);
    if (files[todo[0]!]!.job.backend.trainer) {
      // An external trainer: a command per seed, one after another (the scheduler gives such a job a worker of its own).
      for (const i of todo) {
        runs[i] = await trainExternalSeed(jobFiles[i]!, files[i]!);
        onDone(files[i]!, runs[i]!);
      }
      return runs as JobRun[];
    }
    const startedAt = new Date();
    const finish = async (i: number, result: TrainResult) => {
      runs[i] = await commitSeed(jobFiles[i]!, files[i]!, backend, result, startedAt);
      onDone(files[i]!, runs[i]!);
    };
    if (todo.length === 1) {
      const i = todo[0]!;
      const result = await train(files[i]!.job.arm, files[i]!.job.seed);
      try {
        await finish(i, result);
      } finally {
        result.model.dispose();
        disposeParams(result.model.params);
      }
    } else {
      await trainPopulation(
        todo.map((i) => ({ arm: files[i]!.job.arm, seed: files[i]!.job.seed })),
        { onSeedDone: (m, result) => finish(todo[m]!, result) },
      );
    }
  }
  return runs as JobRun[];
}

/** Run one job in this process (runJobs of one). */
export async function runJob(jobFile: string): Promise<JobRun> {
  return (await runJobs([jobFile]))[0]!;
}

export const SWEEP_WORKER_HELP = `staircase sweep-worker --job FILE [--job FILE ...]   (internal: started by the sweep)

Runs job files (schemas/job.schema.json): trains (several jobs as one population), probes, and
commits each <cache>/<key>/ (record.json, checkpoint/, probe.json, staircase.svg, summary.json) as
soon as its seed stops, printing one line per job. Exit 0 when every job's result is in the cache
(trained now or already there).`;

/** CLI entry of the worker process; prints the job's verdict line on success. */
export async function sweepWorkerCommand(argv: string[]): Promise<number> {
  const { values } = parse(argv, { job: { type: 'string', multiple: true }, help: { type: 'boolean', short: 'h' } });
  if (values.help) {
    console.log(SWEEP_WORKER_HELP);
    return 0;
  }
  const jobs = values.job as string[] | undefined;
  if (!jobs?.length) throw new UsageError('sweep-worker needs --job FILE');
  // One line per job as it is committed: the scheduler reads the key (the last word) as it comes.
  await runJobs(jobs, (_file, { summary, committed }) => {
    console.log(`${summary.arm} ${summary.tier} seed ${summary.seed}: ${verdictLabel(summary.verdict)} (${summary.outcome}) ${committed ? 'trained' : 'already cached'} ${summary.key}`);
  });
  return 0;
}
