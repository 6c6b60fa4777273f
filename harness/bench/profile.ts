/**
 * Where a training step's time goes: tf.profile over a few steps, grouped by kernel (matMuls
 * by shape, since their cost differs by orders of magnitude). Profiling synchronises after
 * every kernel, so the absolute times are inflated; the shares and counts are what it is for.
 */
import * as tf from '@tensorflow/tfjs-core';
import { MATMUL_TN } from '../model/fused.ts';
import { resolveArm } from '../train/config.ts';
import type { ArmConfig } from '../train/defaults.ts';
import { Trainer } from '../train/trainer.ts';

export interface KernelShare {
  /** Kernel name; BatchMatMul and StaircaseMatMulTN carry their input shapes. */
  kernel: string;
  /** Calls per step. */
  calls: number;
  /** Milliseconds per step (profiled). */
  ms: number;
  /** Share of the profiled kernel time (null when the backend reports no kernel times). */
  share: number | null;
}

export interface StepProfile {
  /** Kernels launched per step. */
  kernelsPerStep: number;
  /** Profiled wall time per step (inflated by the per-kernel synchronisation). */
  profiledStepMs: number;
  /**
   * Whether the backend reported kernel times. tfjs-webgpu reports `{ error }` instead of a time
   * unless the adapter has timestamp queries (lavapipe has none): then only counts are known.
   */
  timed: boolean;
  kernels: KernelShare[];
}

/** Profile `steps` training steps (after two unprofiled ones) of a fresh model. */
export async function profileStep(overrides: Partial<ArmConfig>, steps = 3): Promise<StepProfile> {
  const arm = resolveArm([{ source: 'profile', values: { ...overrides, maxSteps: 1_000_000 } }]);
  const trainer = new Trainer(arm, 1);
  const phase = arm.loss === 'full-sequence' ? 'full' : 'answer';
  for (let i = 0; i < 2; i++) await trainer.step(phase);
  const byKernel = new Map<string, { calls: number; ms: number }>();
  let kernelCount = 0;
  const start = performance.now();
  for (let s = 0; s < steps; s++) {
    const info = await tf.profile(async () => {
      await trainer.step(phase);
    });
    kernelCount += info.kernels.length;
    for (const k of info.kernels) {
      // customGrad wrappers report the time of the kernels inside them: counted once, not twice.
      if (k.name === 'forward') continue;
      const key = k.name === 'BatchMatMul' || k.name === MATMUL_TN ? `${k.name} ${k.inputShapes.map((x) => `[${x.join(',')}]`).join('x')}` : k.name;
      const entry = byKernel.get(key) ?? { calls: 0, ms: 0 };
      entry.calls += 1;
      const ms = typeof k.kernelTimeMs === 'number' ? k.kernelTimeMs : NaN;
      if (Number.isFinite(ms)) entry.ms += ms;
      byKernel.set(key, entry);
    }
  }
  const profiledStepMs = (performance.now() - start) / steps;
  trainer.disposeOptimizer();
  for (const v of trainer.model.params.values()) v.dispose();
  trainer.model.dispose();
  const total = [...byKernel.values()].reduce((a, e) => a + e.ms, 0);
  const kernels = [...byKernel.entries()]
    .map(([kernel, e]) => ({ kernel, calls: e.calls / steps, ms: e.ms / steps, share: total > 0 ? e.ms / total : null }))
    .sort((a, b) => b.ms - a.ms || b.calls - a.calls);
  return { kernelsPerStep: kernelCount / steps, profiledStepMs, timed: total > 0, kernels };
}
