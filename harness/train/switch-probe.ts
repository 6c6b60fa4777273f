import type { ArmConfig } from './defaults.ts';
import type { Transformer } from '../model/transformer.ts';
import { probeCheckpoint } from '../probe/run.ts';
import type { Verdict } from '../probe/verdict.ts';

/**
 * What the probe says of a curriculum's model at its switch to full-sequence loss: the write-up's
 * claim is conditional ("a model sequential at the end of the answer-only phase stays sequential").
 */
export interface SwitchProbe {
  /** The step of the switch (the model as the answer-only phase left it). */
  step: number;
  verdict: Verdict;
  sequentialSteps: number;
  /** c_1..c_K at the switch (null: never decodable). */
  criticalLayers: (number | null)[];
  /** Wall time of this probe, left out of the run's training wall time. */
  wallMs: number;
}

/** Probe the model in memory with the default probe settings (no run outcome: it is mid-run). */
export async function probeAtSwitch(model: Transformer, arm: ArmConfig, seed: number, step: number): Promise<SwitchProbe> {
  const started = performance.now();
  const probe = await probeCheckpoint(model, { arm, seed, step }, { run: {} });
  return {
    step,
    verdict: probe.verdict,
    sequentialSteps: probe.sequentialSteps,
    criticalLayers: [...probe.criticalLayers],
    wallMs: performance.now() - started,
  };
}
