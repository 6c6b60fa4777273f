import * as tf from '@tensorflow/tfjs-core';
import { resolveArm } from '../train/config.ts';
import type { ArmConfig } from '../train/defaults.ts';
import { Trainer } from '../train/trainer.ts';

/**
 * The two model sizes of the benchmark: the smoke tier's (specs/arms/smoke-universal.yaml and
 * every claim's smoke overrides) and the study's full size (the arm defaults). maxSteps and
 * evalEvery are the sizes' seed budgets, used for seeds/hour; the step itself ignores them.
 */
export const BENCH_SIZES: Record<'smoke' | 'full', Partial<ArmConfig>> = {
  smoke: { K: 3, layers: 4, dModel: 64, heads: 4, batchSize: 96, maxSteps: 2000, evalEvery: 50 },
  full: { K: 6, layers: 8, dModel: 96, heads: 6, batchSize: 256, maxSteps: 10_000, evalEvery: 100 },
};

export interface StepTiming {
  steps: number;
  wallMs: number;
  /** Median over the timed windows. */
  stepsPerSecond: number;
  /** Steps/s of each window (the spread shows the machine's noise). */
  windows: number[];
  /**
   * CPU time of this process (all threads: wasm, and a software GPU such as lavapipe) per timed
   * step. Unlike steps/s it barely moves when other processes share the cores; on a real GPU it
   * leaves out the GPU's own time.
   */
  cpuMsPerStep: number;
  /** Live tensors before and after the timed steps (equal when nothing leaks). */
  tensorsBefore: number;
  tensorsAfter: number;
  /**
   * Milliseconds of one held-out evaluation (every length 1..K, evalPerK problems each), median of
   * 3; null when not asked for (`timeEval: false`: the seeds/hour workers, which do not use it).
   */
  evalMs: number | null;
}

/**
 * Time training steps of a fresh model: untimed warm-up steps (at least `warmup` steps and
 * `warmupMs`: wasm code is compiled by a baseline tier first and optimised while it runs, so a
 * short warm-up under-reports steady speed by ~30%), then steps until both minimums are met.
 */
export async function timeSteps(overrides: Partial<ArmConfig>, opts: { warmup?: number; warmupMs?: number; minSteps?: number; minMs?: number; maxSteps?: number; windows?: number; timeEval?: boolean } = {}): Promise<StepTiming> {
  const arm = resolveArm([{ source: 'bench', values: { ...overrides } }]);
  const trainer = new Trainer(arm, 1);
  const phase = arm.loss === 'full-sequence' ? 'full' : 'answer';
  const warmStart = performance.now();
  for (let i = 0; i < (opts.warmup ?? 2) || performance.now() - warmStart < (opts.warmupMs ?? 5000); i++) await trainer.step(phase);
  const tensorsBefore = tf.memory().numTensors;
  const minSteps = opts.minSteps ?? 3;
  const minMs = opts.minMs ?? 5000;
  const maxSteps = opts.maxSteps ?? 10_000;
  const windows: number[] = [];
  let steps = 0;
  let wallMs = 0;
  const cpuStart = process.cpuUsage();
  for (let w = 0; w < (opts.windows ?? 3); w++) {
    const start = performance.now();
    let n = 0;
    while (n < maxSteps && (n < minSteps || performance.now() - start < minMs)) {
      await trainer.step(phase);
      n += 1;
    }
    const ms = performance.now() - start;
    windows.push((n * 1000) / ms);
    steps += n;
    wallMs += ms;
  }
  const cpu = process.cpuUsage(cpuStart);
  const tensorsAfter = tf.memory().numTensors;
  const evals: number[] = [];
  for (let i = 0; i < (opts.timeEval === false ? 0 : 3); i++) {
    const t0 = performance.now();
    await trainer.evaluate();
    evals.push(performance.now() - t0);
  }
  evals.sort((a, b) => a - b);
  trainer.disposeOptimizer();
  for (const v of trainer.model.params.values()) v.dispose();
  trainer.model.dispose();
  const sorted = [...windows].sort((a, b) => a - b);
  return { steps, wallMs, stepsPerSecond: sorted[Math.floor(sorted.length / 2)]!, windows, cpuMsPerStep: (cpu.user + cpu.system) / 1000 / steps, tensorsBefore, tensorsAfter, evalMs: evals[1] ?? null };
}
