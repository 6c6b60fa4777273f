import type { ArmConfig } from './defaults.ts';
import type { CurvePoint, Outcome, TrainResult } from './loop.ts';
import type { BackendInfo } from '../backend/select.ts';
import type { EvalResult } from './evaluate.ts';
import { gitInfo, hostInfo, packageVersion, type GitInfo, type HostInfo } from '../util/provenance.ts';
import { countParams } from '../model/params.ts';
import { validate } from '../util/schema.ts';
import { writeJsonAtomic } from '../util/atomic.ts';

/** record.json: a run that describes itself (schemas/record.schema.json). */
export interface RunRecord {
  kind: 'staircase.run';
  version: 1;
  arm: ArmConfig;
  seed: number;
  /** The 32-bit seed of every random stream, derived from `seed` and the stream name. */
  streams: Record<'init' | 'data' | 'eval', number>;
  backend: BackendInfo;
  versions: Record<string, string>;
  git: GitInfo | null;
  host: HostInfo;
  startedAt: string;
  wallMs: number;
  stepsPerSecond: number;
  steps: number;
  parameters: number;
  heldOutLengths: number[];
  curriculum: { switchedAtStep: number | null };
  stepsToTarget: number | null;
  divergedAtStep: number | null;
  curve: CurvePoint[];
  final: EvalResult;
  outcome: Outcome;
}

export function buildRecord(arm: ArmConfig, seed: number, backend: BackendInfo, result: TrainResult, startedAt: Date): RunRecord {
  return {
    kind: 'staircase.run',
    version: 1,
    arm,
    seed,
    streams: result.streams,
    backend,
    versions: {
      staircase: packageVersion('staircase'),
      '@tensorflow/tfjs-core': packageVersion('@tensorflow/tfjs-core'),
      [backend.package]: backend.packageVersion,
      node: process.version,
    },
    git: gitInfo(),
    host: hostInfo(),
    startedAt: startedAt.toISOString(),
    wallMs: Math.round(result.wallMs),
    stepsPerSecond: result.wallMs > 0 ? (result.steps * 1000) / result.wallMs : 0,
    steps: result.steps,
    parameters: countParams(result.model.params),
    heldOutLengths: result.heldOutLengths,
    curriculum: { switchedAtStep: result.switchedAtStep },
    stepsToTarget: result.stepsToTarget,
    divergedAtStep: result.divergedAtStep,
    curve: result.curve,
    final: result.final,
    outcome: result.outcome,
  };
}

/** Validate against the shipped schema, then write atomically. */
export function writeRecord(file: string, record: RunRecord): void {
  validate('record', JSON.parse(JSON.stringify(record)), file);
  writeJsonAtomic(file, record);
}
