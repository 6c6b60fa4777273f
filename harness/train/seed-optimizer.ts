import * as tf from '@tensorflow/tfjs-core';
import type { ArmConfig } from './defaults.ts';

/**
 * optimizer.ts's AdamW for a population: parameters [G, ...], moments [G, total], and per seed its
 * own gradient norm, clipping, learning rate and decay. Each seed's row gets the operations of the
 * solo optimiser in the same order (a per-seed factor is a [G, 1] column where the solo update has a
 * scalar), so on wasm its bits are those of the seed trained alone. Every seed has taken the same
 * number of steps (they start together and a seed leaves when it stops), so `t` is shared.
 */
export class SeedAdamW {
  private readonly names: string[];
  private readonly sizes: number[];
  private readonly decays: boolean[];
  private m: tf.Variable<tf.Rank.R2>;
  private v: tf.Variable<tf.Rank.R2>;
  private t = 0;

  constructor(
    private params: Map<string, tf.Variable>,
    private readonly arm: ArmConfig,
  ) {
    this.names = [...params.keys()];
    const first = params.get(this.names[0]!)!;
    const G = first.shape[0]!;
    this.sizes = this.names.map((n) => params.get(n)!.size / G);
    this.decays = this.names.map((n) => params.get(n)!.rank - 1 >= 2);
    const total = this.sizes.reduce((a, b) => a + b, 0);
    this.m = tf.tidy(() => tf.variable(tf.zeros([G, total]), false));
    this.v = tf.tidy(() => tf.variable(tf.zeros([G, total]), false));
  }

  /**
   * One update with learning rate lrs[g] for seed g; call inside tf.tidy.
   * @returns each seed's gradient norm before clipping [G] (not read back)
   */
  apply(grads: tf.NamedTensorMap, lrs: readonly number[]): tf.Tensor1D {
    this.t += 1;
    const { beta1, beta2, adamEps, weightDecay, gradClip } = this.arm;
    const G = lrs.length;
    const flat = tf.concat(
      this.names.map((name) => {
        const g = grads[name];
        if (!g) throw new Error(`SeedAdamW: no gradient for parameter ${name}`);
        return tf.reshape(g, [G, -1]);
      }),
      1,
    ); // [G, total]
    const norm = tf.sqrt(tf.sum(tf.mul(flat, flat), 1)) as tf.Tensor1D; // [G]
    const g = gradClip > 0 ? tf.mul(flat, tf.reshape(tf.div(gradClip, tf.maximum(norm, gradClip)), [G, 1])) : flat;
    this.m.assign(tf.add(tf.mul(this.m, beta1), tf.mul(g, 1 - beta1)));
    this.v.assign(tf.add(tf.mul(this.v, beta2), tf.mul(tf.mul(g, g), 1 - beta2)));
    const stepSizes = lrs.map((lr) => (lr * Math.sqrt(1 - beta2 ** this.t)) / (1 - beta1 ** this.t));
    const update = tf.div(tf.mul(this.m, tf.tensor2d(stepSizes, [G, 1])), tf.add(tf.sqrt(this.v), adamEps)); // [G, total]
    const pieces = tf.split(update, this.sizes, 1);
    const decay = lrs.map((lr) => 1 - lr * weightDecay);
    this.names.forEach((name, i) => {
      const p = this.params.get(name)!;
      const column = [G, ...p.shape.slice(1).map(() => 1)];
      const decayed = this.decays[i] && weightDecay > 0 ? tf.mul(p, tf.tensor(decay, column)) : p;
      p.assign(tf.sub(decayed, tf.reshape(pieces[i]!, p.shape)));
    });
    return norm;
  }

  /** Keep the moments of the seeds at `rows` only (the population's parameters were compacted the same way). */
  keep(rows: readonly number[], params: Map<string, tf.Variable>): void {
    this.params = params;
    const idx = tf.tensor1d(Int32Array.from(rows), 'int32');
    const [m, v] = [this.m, this.v].map((x) => tf.tidy(() => tf.variable(tf.gather(x, idx), false)) as tf.Variable<tf.Rank.R2>);
    idx.dispose();
    this.dispose();
    this.m = m!;
    this.v = v!;
  }

  dispose(): void {
    this.m.dispose();
    this.v.dispose();
  }
}
