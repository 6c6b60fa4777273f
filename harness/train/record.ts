import type { ArmConfig } from './defaults.ts';
import type { CurvePoint, Outcome, TrainResult } from './loop.ts';
import type { StreamName } from './trainer.ts';
import type { HeldOutSummary } from './held-out-summary.ts';
import type { SwitchProbe } from './switch-probe.ts';
import type { BackendInfo } from '../backend/select.ts';
import type { EvalResult } from './evaluate.ts';
import { gitInfo, hostInfo, packageVersion, type GitInfo, type HostInfo } from '../util/provenance.ts';
import { countParams } from '../model/params.ts';
import { validate } from '../util/schema.ts';
import { writeJsonAtomic } from '../util/atomic.ts';

/** The external program that trained a seed (docs/trainers.md); absent for staircase's own trainer. */
export interface TrainerInfo {
  name: string;
  version: string;
  protocol: 1;
  details?: Record<string, string | number | boolean | null>;
}

/** record.json: a run that describes itself (schemas/record.schema.json). */
export interface RunRecord {
  kind: 'staircase.run';
  version: 1;
  arm: ArmConfig;
  seed: number;
  /** The 32-bit seed of every random stream, derived from `seed` and the stream name. */
  streams: Record<StreamName, number>;
  backend: BackendInfo;
  versions: Record<string, string>;
  git: GitInfo | null;
  host: HostInfo;
  startedAt: string;
  wallMs: number;
  stepsPerSecond: number;
  /** Trained in a population of this many seeds (wallMs shared with them); absent: alone. */
  population?: number;
  steps: number;
  parameters: number;
  /** Lengths whose evaluation problems are held out of training (every k >= 2). */
  heldOutLengths: number[];
  heldOut: HeldOutSummary;
  /** atSwitch: the probe of the model at the switch to full-sequence loss (null: no switch). */
  curriculum: { switchedAtStep: number | null; atSwitch: SwitchProbe | null };
  stepsToTarget: number | null;
  divergedAtStep: number | null;
  curve: CurvePoint[];
  final: EvalResult;
  outcome: Outcome;
  trainer?: TrainerInfo;
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
    ...(result.population ? { population: result.population } : {}),
    steps: result.steps,
    parameters: countParams(result.model.params),
    heldOutLengths: result.heldOutLengths,
    heldOut: result.heldOut,
    curriculum: { switchedAtStep: result.switchedAtStep, atSwitch: result.atSwitch },
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
