/**
 * Exact replay of pinned seeds (baselines/<tier>/_replay.json, schemas/replay.schema.json).
 * wasm training is deterministic, so a seed retrained by unchanged training code does exactly
 * what it did when pinned; a change in training behaviour shows as a changed outcome, step
 * count, verdict, critical layer or final accuracy of a named seed. Pinning is part of
 * `staircase baseline update`: one command re-pins after an intended change.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { verdictLabel, type SeedSummary } from '../claims/seed-summary.ts';
import { validate } from '../util/schema.ts';

export const REPLAY_FILE = '_replay.json';

export interface ReplayPin {
  arm: string;
  seed: number;
  backend: string;
  outcome: string;
  steps: number | null;
  stepsToTarget: number | null;
  verdict: string;
  sequentialSteps: number | null;
  criticalLayers: (number | null)[];
  finalAccuracy: number | null;
  /** Answer loss (nats) on the final evaluation: moves with any change to the trained weights. */
  finalLoss: number | null;
}

export interface ReplayFile {
  kind: 'staircase.replay';
  version: 1;
  tier: string;
  codeHash: string;
  commit: string | null;
  createdAt: string;
  seeds: ReplayPin[];
}

export interface ReplayChange {
  arm: string;
  seed: number;
  /** `field: pinned -> now` for each field that differs. */
  fields: string[];
}

export interface ReplayResult {
  file: string;
  /** Pinned seeds that were trained in this check on the pinned backend and compared. */
  compared: number;
  changed: ReplayChange[];
  /** Pinned seeds this check did not train (another tier, pack or backend): listed, not failed. */
  notRun: { arm: string; seed: number }[];
}

/**
 * Accuracy and loss are compared to this tolerance. Replays on one machine are bit-identical; the
 * tolerance only absorbs printing. (The fused GEMM rounds once where the CPU has FMA, which every
 * x86-64 CI runner has: pins made on such a machine replay on another.)
 */
const TOLERANCE = 1e-9;

export function replayPath(baselinesDir: string, tier: string): string {
  return path.join(baselinesDir, tier, REPLAY_FILE);
}

/** The pin of one seed: the fields a replay compares. */
export function pinOf(s: SeedSummary): ReplayPin {
  return {
    arm: s.arm,
    seed: s.seed,
    backend: `${s.backend.name}/${s.backend.device}`,
    outcome: s.outcome,
    steps: s.metrics.steps ?? null,
    stepsToTarget: s.metrics.stepsToTarget ?? null,
    verdict: verdictLabel(s.verdict),
    sequentialSteps: s.sequentialSteps,
    criticalLayers: [...s.criticalLayers],
    finalAccuracy: s.metrics.finalAccuracy ?? null,
    finalLoss: s.metrics.finalLoss ?? null,
  };
}

export function buildReplayFile(tier: string, summaries: readonly SeedSummary[], provenance: { codeHash: string; commit: string | null }): ReplayFile {
  const seeds = summaries.filter((s) => s.tier === tier).map(pinOf).sort((a, b) => a.arm.localeCompare(b.arm) || a.seed - b.seed);
  return { kind: 'staircase.replay', version: 1, tier, codeHash: provenance.codeHash, commit: provenance.commit, createdAt: new Date().toISOString(), seeds };
}

/** The pins of a tier, or null when the tier has none. @throws ValidationError naming the file and field. */
export function readReplayFile(baselinesDir: string, tier: string): { file: string; data: ReplayFile } | null {
  const file = replayPath(baselinesDir, tier);
  if (!existsSync(file)) return null;
  return { file, data: validate<ReplayFile>('replay', JSON.parse(readFileSync(file, 'utf8')), file) };
}

const show = (v: unknown): string => (Array.isArray(v) ? `[${v.map((x) => x ?? '-').join(',')}]` : String(v));

/** Compare the seeds of this check with their pins. */
export function compareReplay(file: string, pins: ReplayFile, summaries: readonly SeedSummary[]): ReplayResult {
  const now = new Map(summaries.map((s) => [`${s.arm}#${s.seed}`, s]));
  const changed: ReplayChange[] = [];
  const notRun: { arm: string; seed: number }[] = [];
  let compared = 0;
  for (const pin of pins.seeds) {
    const s = now.get(`${pin.arm}#${pin.seed}`);
    if (!s || `${s.backend.name}/${s.backend.device}` !== pin.backend) {
      notRun.push({ arm: pin.arm, seed: pin.seed });
      continue;
    }
    compared++;
    const cur = pinOf(s);
    const fields: string[] = [];
    for (const key of ['outcome', 'steps', 'stepsToTarget', 'verdict', 'sequentialSteps', 'criticalLayers'] as const) {
      if (show(cur[key]) !== show(pin[key])) fields.push(`${key}: ${show(pin[key])} -> ${show(cur[key])}`);
    }
    for (const key of ['finalAccuracy', 'finalLoss'] as const) {
      const a = pin[key];
      const b = cur[key];
      if ((a === null) !== (b === null) || (a !== null && b !== null && Math.abs(a - b) > TOLERANCE)) fields.push(`${key}: ${a} -> ${b}`);
    }
    if (fields.length) changed.push({ arm: pin.arm, seed: pin.seed, fields });
  }
  return { file, compared, changed, notRun };
}

/** The replay section of check's output: one line, then one line per changed seed. */
export function renderReplay(r: ReplayResult, repin: string): string {
  const head = r.changed.length
    ? `Replay (${r.file}): ${r.changed.length} of ${r.compared} pinned seeds changed: training behaves differently from when they were pinned`
    : `Replay (${r.file}): ${r.compared} pinned seeds trained exactly as pinned`;
  const lines = [head, ...r.changed.map((c) => `  ${c.arm} seed ${c.seed}: ${c.fields.join('; ')}`)];
  if (r.notRun.length) lines.push(`  not replayed here (not trained by this check or on another backend): ${r.notRun.map((p) => `${p.arm} seed ${p.seed}`).join(', ')}`);
  if (r.changed.length) lines.push(`  if the change is intended, re-pin: ${repin}`);
  return lines.join('\n');
}
