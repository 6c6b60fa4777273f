/**
 * The probe record (DIR/probe.json), validated against schemas/probe.schema.json.
 */
import type { AblationResult } from './ablation.ts';
import type { ProbeSettings } from './settings.ts';
import type { GeneralisationReading, Verdict, VerdictEvidence } from './verdict.ts';

export interface ProbeSource {
  /** Run seed. */
  seed: number;
  /** Arm name. */
  arm: string;
  /** Training step of the checkpoint. */
  step: number;
  /** The checkpoint folder probed (null when probed in memory, e.g. right after training). */
  checkpoint: string | null;
  task: 'd3' | 'binary';
  model: 'standard' | 'universal';
  K: number;
  layers: number;
}

/** The settings as run: every threshold resolved, plus the probe stream. */
export interface ResolvedProbeSettings extends Omit<ProbeSettings, 'targetAccuracy' | 'decodeThreshold' | 'weakThreshold' | 'floor'> {
  /** The ablation floor applied (the task default unless overridden). */
  floor: number;
  /** The thresholds applied (task defaults filled in). */
  decodeThreshold: number;
  weakThreshold: number;
  /** The target actually applied (the arm's unless overridden). */
  targetAccuracy: number;
  /** Name of the stream the problems come from. */
  probeStream: string;
  /** Its 32-bit seed, derived from the run seed. */
  probeStreamSeed: number;
}

export interface ProbeResult {
  kind: 'staircase.probe';
  version: 1;
  source: ProbeSource;
  settings: ResolvedProbeSettings;
  logitLens: {
    /** mass[l][i-1], l = 0..L, i = 1..K. */
    mass: number[][];
    /** control[l][i-1]: t_i read at position 2i+1. */
    control: number[][];
    chance: number;
  };
  /** Length-K accuracy on held-out and on training problems (null when K < 2: nothing is held out). */
  generalisation: GeneralisationReading | null;
  /** c_1..c_K (null: never above decodeThreshold). */
  criticalLayers: (number | null)[];
  staircase: boolean;
  ablation: AblationResult;
  verdict: Verdict;
  sequentialSteps: number;
  evidence: VerdictEvidence;
  wallMs: number;
}
