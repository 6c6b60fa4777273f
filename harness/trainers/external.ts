/**
 * Bring your own trainer (protocol 1, docs/trainers.md): run an external command for one seed,
 * then read back and check what it wrote.
 *
 *   OUT/request.json        staircase writes it (schemas/trainer-request.schema.json); its path is
 *                           the command's last argument
 *   OUT/record.json         the trainer writes it: a run record plus `trainer` (schemas/trainer-record.schema.json)
 *   OUT/weights.safetensors optional: float32 tensors under paramSpecs' names and shapes
 *   OUT/trainer.log         staircase writes the command's stdout and stderr, interleaved
 *
 * Every failure is a TrainerError whose one-line message names the trainer, the seed and the file.
 * A caller must not cache anything from a run that threw.
 */
import { execa } from 'execa';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { modelShapeFor } from '../model/build.ts';
import { disposeParams, makeParams, paramSpecs, type ModelShape } from '../model/params.ts';
import { Transformer } from '../model/transformer.ts';
import type { ArmConfig } from '../train/defaults.ts';
import type { RunRecord, TrainerInfo } from '../train/record.ts';
import { probeAtSwitch } from '../train/switch-probe.ts';
import { STREAM_NAMES, type StreamName } from '../train/seed-data.ts';
import { streamSeed } from '../util/prng.ts';
import { readSafetensors, SafetensorsError } from '../util/safetensors.ts';
import { validate, ValidationError } from '../util/schema.ts';
import { didYouMean } from '../util/suggest.ts';

export const TRAINER_PROTOCOL = 1;
export type { TrainerInfo };

/** The files of one external run, relative to its folder. */
export const TRAINER_FILES = { request: 'request.json', record: 'record.json', weights: 'weights.safetensors', atSwitch: 'weights-at-switch.safetensors', log: 'trainer.log' } as const;

export interface TrainerRequest {
  kind: 'staircase.trainer-request';
  protocol: typeof TRAINER_PROTOCOL;
  arm: ArmConfig;
  seed: number;
  streams: Record<StreamName, number>;
  outDir: string;
  record: string;
  weights: { file: string; dtype: 'F32'; tensors: { name: string; shape: number[] }[] };
}

/** A run record written by an external trainer (its `trainer` present). */
export type TrainerRecord = RunRecord & { trainer: TrainerInfo };

export interface ExternalRunOptions {
  /** The command as argv (no shell); the request file's path is appended as its last argument. */
  command: readonly string[];
  arm: ArmConfig;
  seed: number;
  /** The run folder (created; an earlier run's request, record, weights and log are removed first). */
  outDir: string;
  /** Kill the trainer after this long (default 1 hour). */
  timeoutMs?: number;
  /** Fail when the trainer writes no weights (a caller that probes needs them). Default false. */
  requireWeights?: boolean;
  /** Name in messages before the record names the trainer (default: the script's or program's file name). */
  label?: string;
  /** Extra environment for the command. */
  env?: Record<string, string>;
}

export interface ExternalRunResult {
  record: TrainerRecord;
  /** The trained model in staircase's own Transformer, or null when the trainer wrote no weights. */
  model: Transformer | null;
  request: TrainerRequest;
}

/** One line: `trainer 'NAME' seed N: FILE: problem` (or without FILE for a crash or a timeout). */
export class TrainerError extends Error {
  constructor(
    readonly trainer: string,
    readonly seed: number,
    readonly file: string | null,
    readonly problem: string,
  ) {
    super(`trainer '${trainer}' seed ${seed}${file ? `: ${file}` : ''}: ${problem}`);
    this.name = 'TrainerError';
  }
}

const INTERPRETERS = new Set(['node', 'python', 'python3', 'bun', 'deno', 'npx', 'tsx', 'uv', 'bash', 'sh']);

/** `node x/mini.mjs --fast` -> mini.mjs; `./train` -> train. */
export function trainerLabel(command: readonly string[]): string {
  const program = path.basename(command[0] ?? 'trainer');
  const script = command.slice(1).find((a) => !a.startsWith('-'));
  return INTERPRETERS.has(program.replace(/\.exe$/, '')) && script ? path.basename(script) : program;
}

/** The request for one seed of an arm (every stream's seed derived as staircase derives it). */
export function buildRequest(arm: ArmConfig, seed: number, outDir: string): TrainerRequest {
  const dir = path.resolve(outDir);
  const streams = Object.fromEntries(STREAM_NAMES.map((name) => [name, streamSeed(seed, name)])) as Record<StreamName, number>;
  return {
    kind: 'staircase.trainer-request',
    protocol: TRAINER_PROTOCOL,
    arm,
    seed,
    streams,
    outDir: dir,
    record: path.join(dir, TRAINER_FILES.record),
    // An external task (arm.task `external`) has no staircase architecture: no tensors are asked for.
    weights: { file: path.join(dir, TRAINER_FILES.weights), dtype: 'F32', tensors: arm.task === 'external' ? [] : paramSpecs(modelShapeFor(arm)).map((s) => ({ name: s.name, shape: [...s.shape] })) },
  };
}

const lastLine = (text: string): string =>
  text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .at(-1) ?? '';

/** Run the trainer for one seed and check everything it wrote. */
export async function runExternalTrainer(opts: ExternalRunOptions): Promise<ExternalRunResult> {
  if (opts.command.length === 0) throw new TrainerError(opts.label ?? 'trainer', opts.seed, null, 'no command given; pass the trainer as argv, e.g. ["python3", "train.py"]');
  const label = opts.label ?? trainerLabel(opts.command);
  const fail = (file: string | null, problem: string): TrainerError => new TrainerError(label, opts.seed, file, problem);
  const outDir = path.resolve(opts.outDir);
  mkdirSync(outDir, { recursive: true });
  for (const f of Object.values(TRAINER_FILES)) rmSync(path.join(outDir, f), { force: true });
  const request = buildRequest(opts.arm, opts.seed, outDir);
  const requestFile = path.join(outDir, TRAINER_FILES.request);
  validate<TrainerRequest>('trainer-request', request, requestFile);
  writeFileSync(requestFile, `${JSON.stringify(request, null, 2)}\n`);

  const timeoutMs = opts.timeoutMs ?? 3600_000;
  const logFile = path.join(outDir, TRAINER_FILES.log);
  const [program, ...args] = opts.command as [string, ...string[]];
  // The trainer leads a process group of its own, so that a timeout (or this process exiting) kills
  // the workers it started too (a data loader's processes), not only the trainer.
  const sub = execa(program, [...args, requestFile], { reject: false, all: true, stdin: 'ignore', env: opts.env, detached: true });
  const killGroup = (): void => {
    try {
      if (sub.pid !== undefined) process.kill(-sub.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  };
  let timedOut = false;
  const timer = setTimeout(() => ((timedOut = true), killGroup()), timeoutMs);
  process.once('exit', killGroup);
  const child = await sub.finally(() => {
    clearTimeout(timer);
    process.removeListener('exit', killGroup);
  });
  if (!timedOut) killGroup(); // a worker the trainer left behind when it exited
  writeFileSync(logFile, child.all ?? '');
  const where = `(output: ${logFile})`;
  if (timedOut) throw fail(null, `timed out after ${+(timeoutMs / 1000).toFixed(1)} s and was killed ${where}`);
  if (child.failed) {
    if (child.exitCode === undefined && !child.signal) throw fail(null, `could not start (${child.originalMessage ?? child.shortMessage}); check the command, and that the program is installed and executable`);
    const how = child.exitCode !== undefined ? `exit ${child.exitCode}` : `signal ${child.signal}`;
    const said = lastLine(child.stderr) || lastLine(child.stdout);
    throw fail(null, `crashed (${how})${said ? `: ${said}` : ''} ${where}`);
  }

  const record = readRecord(request, fail);
  const model = readWeights(request, request.weights.file, fail, opts.requireWeights ?? false);
  try {
    await probeSwitchWeights(request, record, fail);
  } catch (error) {
    model?.dispose();
    if (model) disposeParams(model.params);
    throw error;
  }
  return { record, model, request };
}

/**
 * A curriculum's model at its switch to full-sequence loss, when the trainer saved it
 * (OUT/weights-at-switch.safetensors): staircase probes it with its own probe into
 * `record.curriculum.atSwitch`, as its own trainer does, and rewrites the record with it.
 */
async function probeSwitchWeights(request: TrainerRequest, record: TrainerRecord, fail: (file: string | null, problem: string) => TrainerError): Promise<void> {
  const file = path.join(request.outDir, TRAINER_FILES.atSwitch);
  if (!existsSync(file)) return;
  const step = record.curriculum.switchedAtStep;
  if (step === null) throw fail(file, 'the trainer saved a model at the switch, but its record says it never switched (`curriculum.switchedAtStep` is null)');
  const model = readWeights(request, file, fail, true)!;
  try {
    record.curriculum.atSwitch = await probeAtSwitch(model, request.arm, request.seed, step);
  } finally {
    model.dispose();
    disposeParams(model.params);
  }
  writeFileSync(request.record, `${JSON.stringify(record, null, 2)}\n`);
}

function readRecord(request: TrainerRequest, fail: (file: string | null, problem: string) => TrainerError): TrainerRecord {
  const file = request.record;
  if (!existsSync(file)) throw fail(file, 'the trainer exited 0 but wrote no record; write the run record (schemas/trainer-record.schema.json) there');
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw fail(file, `not JSON (${(error as Error).message})`);
  }
  const schemaProblems = (name: string, data: unknown): void => {
    try {
      validate(name, data, file);
    } catch (error) {
      if (error instanceof ValidationError) throw fail(file, error.problems.join('; '));
      throw error;
    }
  };
  schemaProblems('trainer-record', raw);
  schemaProblems('record', raw);
  const record = raw as TrainerRecord;
  if (record.seed !== request.seed) throw fail(file, `\`seed\` is ${record.seed}, the request's is ${request.seed}; train and record the requested seed`);
  for (const name of STREAM_NAMES) {
    if (record.streams[name] !== request.streams[name]) throw fail(file, `\`streams.${name}\` is ${record.streams[name]}, the request's is ${request.streams[name]}; use and record the request's stream seeds`);
  }
  const differs = firstDifference(request.arm, record.arm, 'arm');
  if (differs) throw fail(file, `${differs}; the record's arm must be the request's resolved arm, unchanged`);
  return record;
}

/** The first field where `got` differs from `want`, as "`arm.lr` is 0.1, the request's is 0.003". */
function firstDifference(want: unknown, got: unknown, at: string): string | null {
  if (typeof want === 'object' && want !== null && typeof got === 'object' && got !== null && Array.isArray(want) === Array.isArray(got)) {
    const w = want as Record<string, unknown>;
    const g = got as Record<string, unknown>;
    for (const key of new Set([...Object.keys(w), ...Object.keys(g)])) {
      if (!(key in g)) return `\`${at}.${key}\` is missing (the request's is ${JSON.stringify(w[key])})`;
      if (!(key in w)) return `\`${at}.${key}\` is not in the request's arm`;
      const d = firstDifference(w[key], g[key], `${at}.${key}`);
      if (d) return d;
    }
    return null;
  }
  return Object.is(want, got) ? null : `\`${at}\` is ${JSON.stringify(got)}, the request's is ${JSON.stringify(want)}`;
}

function readWeights(request: TrainerRequest, file: string, fail: (file: string | null, problem: string) => TrainerError, required: boolean): Transformer | null {
  if (!existsSync(file)) {
    if (required) throw fail(file, request.arm.task === 'external' ? 'this run needs a model to probe, but the arm\'s task is `external` (the trainer\'s own): staircase probes only its own architecture; drop --probe' : 'the trainer wrote no weights, and this run needs them (to probe); write every tensor of the request\'s `weights.tensors` there');
    return null;
  }
  if (request.arm.task === 'external') throw fail(file, 'the arm\'s task is `external` (the trainer\'s own), so staircase cannot load weights; write none (the record\'s outcomes and metrics are what count)');
  let tensors;
  try {
    tensors = readSafetensors(readFileSync(file)).tensors;
  } catch (error) {
    if (error instanceof SafetensorsError) throw fail(file, error.message);
    throw error;
  }
  const shape: ModelShape = modelShapeFor(request.arm);
  const expected = paramSpecs(shape);
  const names = expected.map((s) => s.name);
  for (const name of tensors.keys()) {
    if (!names.includes(name)) {
      const hint = didYouMean(name, names);
      throw fail(file, `unknown tensor \`${name}\`${hint ? ` (did you mean \`${hint}\`?)` : ''}; the request's \`weights.tensors\` lists the names`);
    }
  }
  const values = new Map<string, Float32Array>();
  for (const spec of expected) {
    const t = tensors.get(spec.name);
    if (!t) throw fail(file, `missing tensor \`${spec.name}\` [${spec.shape.join(', ')}]`);
    if (t.shape.length !== spec.shape.length || t.shape.some((n, i) => n !== spec.shape[i])) {
      throw fail(file, `tensor \`${spec.name}\` has shape [${t.shape.join(', ')}], expected [${spec.shape.join(', ')}]${t.shape.length === 2 && t.shape[0] === spec.shape[1] && t.shape[1] === spec.shape[0] ? ' (transposed? staircase stores a Linear weight as [in, out])' : ''}`);
    }
    values.set(spec.name, t.data);
  }
  return new Transformer(shape, makeParams(shape, values));
}
