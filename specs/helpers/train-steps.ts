/** A few training steps of a small arm, for the specs that compare two kernel sets by their weights. */
import { resolveArm } from '../../harness/train/config.ts';
import type { ArmConfig } from '../../harness/train/defaults.ts';
import { Trainer } from '../../harness/train/trainer.ts';

/** The small model those specs train (K3, 2 layers, d32, 4 heads, batch 16). */
export const SMALL_ARM: Partial<ArmConfig> = { K: 3, layers: 2, dModel: 32, heads: 4, batchSize: 16, maxSteps: 100 };

/**
 * Train `steps` answer-only steps of SMALL_ARM (with `overrides`) from `seed` on the active backend;
 * returns each step's loss and each parameter's values by name, and frees the model.
 */
export async function trainSteps(overrides: Partial<ArmConfig>, seed: number, steps: number): Promise<{ losses: number[]; weights: Record<string, Float32Array> }> {
  const trainer = new Trainer(resolveArm([{ source: 'test', values: { ...SMALL_ARM, ...overrides } }]), seed);
  const losses: number[] = [];
  for (let i = 0; i < steps; i++) losses.push((await trainer.step('answer')).lossNats);
  const weights = Object.fromEntries([...trainer.model.params.entries()].map(([name, v]) => [name, v.dataSync().slice() as Float32Array]));
  trainer.disposeOptimizer();
  for (const v of trainer.model.params.values()) v.dispose();
  trainer.model.dispose();
  return { losses, weights };
}

/** Each parameter's bit patterns, for firstDifference. */
export const weightBits = (weights: Record<string, Float32Array>): Record<string, Uint32Array> =>
  Object.fromEntries(Object.entries(weights).map(([name, w]) => [name, new Uint32Array(w.buffer)]));
