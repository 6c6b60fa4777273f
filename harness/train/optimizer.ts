import * as tf from '@tensorflow/tfjs-core';
import type { ArmConfig } from './defaults.ts';
import type { Params } from '../model/params.ts';

/** Learning rate at 1-based step `step`: linear warmup, then constant or cosine to 10% of lr. */
export function learningRate(arm: ArmConfig, step: number): number {
  if (arm.warmupSteps > 0 && step <= arm.warmupSteps) return (arm.lr * step) / arm.warmupSteps;
  if (arm.schedule === 'constant') return arm.lr;
  const span = Math.max(1, arm.maxSteps - arm.warmupSteps);
  const progress = Math.min(1, (step - arm.warmupSteps) / span);
  return arm.lr * (0.1 + 0.9 * 0.5 * (1 + Math.cos(Math.PI * progress)));
}

/**
 * AdamW (Loshchilov & Hutter) with decoupled weight decay on tensors of rank >= 2
 * (weight matrices and embeddings; not biases or LayerNorm gains), and clipping of
 * the global gradient norm. Moment buffers are variables updated in place.
 */
export class AdamW {
  private readonly m = new Map<string, tf.Variable>();
  private readonly v = new Map<string, tf.Variable>();
  private t = 0;

  constructor(
    private readonly params: Params,
    private readonly arm: ArmConfig,
  ) {
    for (const [name, p] of params) {
      this.m.set(name, tf.tidy(() => tf.variable(tf.zerosLike(p), false)));
      this.v.set(name, tf.tidy(() => tf.variable(tf.zerosLike(p), false)));
    }
  }

  /** Global L2 norm of the gradients (a scalar tensor, not read back). */
  static globalNorm(grads: tf.NamedTensorMap): tf.Scalar {
    return tf.sqrt(tf.addN(Object.values(grads).map((g) => tf.sum(tf.mul(g, g))))) as tf.Scalar;
  }

  /** Apply one update; call inside tf.tidy. `norm` is the global gradient norm. */
  apply(grads: tf.NamedTensorMap, norm: tf.Scalar, lr: number): void {
    this.t += 1;
    const { beta1, beta2, adamEps, weightDecay, gradClip } = this.arm;
    const clipScale = gradClip > 0 ? tf.div(gradClip, tf.maximum(norm, gradClip)) : tf.scalar(1);
    const stepSize = (lr * Math.sqrt(1 - beta2 ** this.t)) / (1 - beta1 ** this.t);
    for (const [name, p] of this.params) {
      const gRaw = grads[name];
      if (!gRaw) continue;
      const g = tf.mul(gRaw, clipScale);
      const m = this.m.get(name)!;
      const v = this.v.get(name)!;
      m.assign(tf.add(tf.mul(m, beta1), tf.mul(g, 1 - beta1)));
      v.assign(tf.add(tf.mul(v, beta2), tf.mul(tf.mul(g, g), 1 - beta2)));
      const update = tf.div(tf.mul(m, stepSize), tf.add(tf.sqrt(v), adamEps));
      const decayed = p.rank >= 2 && weightDecay > 0 ? tf.mul(p, 1 - lr * weightDecay) : p;
      p.assign(tf.sub(decayed, update));
    }
  }

  dispose(): void {
    for (const x of [...this.m.values(), ...this.v.values()]) x.dispose();
  }
}
