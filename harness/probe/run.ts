/**
 * Entry points: probe a model in memory (`probeCheckpoint`), or a run folder on disk
 * (`runProbe`: DIR/checkpoint in, DIR/probe.json and DIR/staircase.svg out).
 * The tfjs backend must be initialised first (`await initBackend(...)`).
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Transformer } from '../model/transformer.ts';
import { groupFor } from '../task/index.ts';
import { heldOutSet } from '../task/sampler.ts';
import { measureGeneralisation } from './generalisation.ts';
import { loadCheckpoint, type CheckpointManifest } from '../train/checkpoint.ts';
import { disposeParams } from '../model/params.ts';
import { writeFileAtomic, writeJsonAtomic } from '../util/atomic.ts';
import { validate } from '../util/schema.ts';
import { sequentialAblation } from './ablation.ts';
import { logitLens, PROBE_STREAM, probeProblems } from './logit-lens.ts';
import { renderProbeTable } from './render-table.ts';
import { renderStaircaseSvg } from './render-svg.ts';
import type { ProbeResult } from './result.ts';
import { resolveProbeSettings, thresholdsFor, type ProbeSettings } from './settings.ts';
import { analyseStaircase } from './staircase.ts';
import { judgeProbe, type RunOutcome } from './verdict.ts';

export interface ProbeOptions {
  /** Overrides of PROBE_DEFAULTS. */
  settings?: Partial<ProbeSettings>;
  /** The run's outcome; without it, `failed` is judged from the probe-set baseline accuracy only. */
  run?: RunOutcome;
  /** The checkpoint folder, for the record (null: probed in memory). */
  checkpointDir?: string | null;
}

/**
 * Logit lens, staircase, sequential ablation, and verdict for one model.
 * @param manifest the checkpoint's arm, seed and step (the arm fixes K, the task and the target)
 */
export async function probeCheckpoint(model: Transformer, manifest: Pick<CheckpointManifest, 'arm' | 'seed' | 'step'>, opts: ProbeOptions = {}): Promise<ProbeResult> {
  const started = performance.now();
  const requested = resolveProbeSettings(opts.settings);
  const { arm, seed, step } = manifest;
  if (model.shape.layers !== arm.layers) throw new Error(`probe: the model has ${model.shape.layers} layers but arm '${arm.name}' says ${arm.layers}`);
  const group = groupFor(arm.task);
  const task = arm.task as 'd3' | 'binary'; // groupFor refused `external`
  const K = arm.K;
  const settings = thresholdsFor(requested, 1 / group.names.length, task);
  const targetAccuracy = settings.targetAccuracy ?? arm.targetAccuracy;
  // The mechanism is read on problems the model trained on (a lookup answers only those);
  // whether it generalises is read on its held-out problems, beside as many training ones.
  const { problems, streamSeed } = probeProblems(group, K, settings.nProblems, seed, heldOutSet(group, K, seed, arm.heldOutFraction));
  const generalisation = K >= 2 ? await measureGeneralisation(model, arm, seed, { n: settings.nProblems, chunk: settings.chunk }) : null;

  const lens = await logitLens(model, group, K, problems, { chunk: settings.chunk });
  const analysis = analyseStaircase(lens.mass, lens.chance, settings);
  const ablation = await sequentialAblation(model, group, K, problems, lens, settings);
  const judged = judgeProbe({
    K,
    analysis,
    ablation,
    run: opts.run ?? {},
    targetAccuracy,
    nProblems: problems.length,
    floor: settings.floor,
    breakFraction: settings.breakFraction,
    keepFraction: settings.keepFraction,
    generalisation,
  });

  return {
    kind: 'staircase.probe',
    version: 1,
    source: { seed, arm: arm.name, step, checkpoint: opts.checkpointDir ?? null, task, model: arm.model, K, layers: arm.layers },
    settings: { ...settings, nProblems: problems.length, targetAccuracy, probeStream: PROBE_STREAM, probeStreamSeed: streamSeed },
    generalisation,
    logitLens: { mass: lens.mass, control: lens.control, chance: lens.chance },
    criticalLayers: analysis.criticalLayers,
    staircase: analysis.staircase,
    ablation,
    verdict: judged.verdict,
    sequentialSteps: judged.sequentialSteps,
    evidence: judged.evidence,
    wallMs: Math.round(performance.now() - started),
  };
}

/**
 * The run outcome from DIR/record.json: `outcome` (string) and `final.answerAccuracy`
 * (number), as in train/loop.ts's TrainResult. A missing file gives {} (judged from the
 * baseline accuracy); an unreadable one is an error.
 */
export function readRunOutcome(file: string): RunOutcome {
  if (!existsSync(file)) return {};
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(`${file}: cannot read the run record (${(error as Error).message})`);
  }
  const rec = (raw ?? {}) as { outcome?: unknown; final?: { answerAccuracy?: unknown } };
  const out: RunOutcome = {};
  if (typeof rec.outcome === 'string') out.outcome = rec.outcome;
  if (typeof rec.final?.answerAccuracy === 'number') out.finalAccuracy = rec.final.answerAccuracy;
  return out;
}

/** Validate a probe result, then write DIR/probe.json and DIR/staircase.svg atomically. */
export function writeProbeOutputs(dir: string, result: ProbeResult): void {
  const file = path.join(dir, 'probe.json');
  validate<ProbeResult>('probe', result, file);
  writeJsonAtomic(file, result);
  writeFileAtomic(path.join(dir, 'staircase.svg'), renderStaircaseSvg(result));
}

/**
 * Probe the run folder DIR: reads DIR/checkpoint and DIR/record.json (if present), writes
 * DIR/probe.json (schema-validated) and DIR/staircase.svg.
 * @returns the result and its plain-text table
 */
export async function runProbe(dir: string, settings?: Partial<ProbeSettings>): Promise<{ result: ProbeResult; table: string }> {
  const checkpointDir = path.join(dir, 'checkpoint');
  const { manifest, model } = loadCheckpoint(checkpointDir);
  try {
    const run = readRunOutcome(path.join(dir, 'record.json'));
    const result = await probeCheckpoint(model, manifest, { settings: settings ?? {}, run, checkpointDir });
    writeProbeOutputs(dir, result);
    return { result, table: renderProbeTable(result) };
  } finally {
    model.dispose();
    disposeParams(model.params);
  }
}
