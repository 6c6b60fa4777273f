import * as tf from '@tensorflow/tfjs-core';
import { resolveArm } from '../train/config.ts';
import type { ArmConfig } from '../train/defaults.ts';
import { Trainer } from '../train/trainer.ts';

/** The two model sizes of the benchmark (the smoke arm and the study's full size). */
export const BENCH_SIZES: Record<'smoke' | 'full', Partial<ArmConfig>> = {
  smoke: { K: 2, layers: 3, dModel: 64, heads: 4, batchSize: 128 },
  full: { K: 6, layers: 8, dModel: 96, heads: 6, batchSize: 256 },
};

export interface StepTiming {
  steps: number;
  wallMs: number;
  stepsPerSecond: number;
  /** Live tensors before and after the timed steps (equal when nothing leaks). */
  tensorsBefore: number;
  tensorsAfter: number;
}

/** Time training steps of a fresh model: `warmup` untimed steps, then steps until both minimums are met. */
export function timeSteps(overrides: Partial<ArmConfig>, opts: { warmup?: number; minSteps?: number; minMs?: number; maxSteps?: number } = {}): StepTiming {
  const arm = resolveArm([{ source: 'bench', values: { ...overrides, maxSteps: 1_000_000 } }]);
  const trainer = new Trainer(arm, 1);
  const phase = arm.loss === 'full-sequence' ? 'full' : 'answer';
  for (let i = 0; i < (opts.warmup ?? 2); i++) trainer.step(phase);
  const tensorsBefore = tf.memory().numTensors;
  const start = performance.now();
  let steps = 0;
  const minSteps = opts.minSteps ?? 3;
  const minMs = opts.minMs ?? 5000;
  const maxSteps = opts.maxSteps ?? 10_000;
  while (steps < maxSteps && (steps < minSteps || performance.now() - start < minMs)) {
    trainer.step(phase);
    steps += 1;
  }
  const wallMs = performance.now() - start;
  const tensorsAfter = tf.memory().numTensors;
  trainer.disposeOptimizer();
  for (const v of trainer.model.params.values()) v.dispose();
  trainer.model.dispose();
  return { steps, wallMs, stepsPerSecond: (steps * 1000) / wallMs, tensorsBefore, tensorsAfter };
}
