import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../harness/backend/select.ts';
import { AdamW } from '../../harness/train/optimizer.ts';
import { tinyArm } from '../helpers/tiny.ts';

beforeAll(async () => {
  await initBackend('wasm');
});

/** Textbook AdamW in plain JS (float64), one parameter at a time, for comparison. */
function referenceSteps(
  init: Record<string, { values: number[]; rank: number }>,
  gradSteps: Record<string, number[]>[],
  lrs: number[],
  o: { beta1: number; beta2: number; eps: number; wd: number; clip: number },
): Record<string, number[]> {
  const p = Object.fromEntries(Object.entries(init).map(([k, v]) => [k, [...v.values]]));
  const m = Object.fromEntries(Object.entries(init).map(([k, v]) => [k, v.values.map(() => 0)]));
  const v2 = Object.fromEntries(Object.entries(init).map(([k, v]) => [k, v.values.map(() => 0)]));
  gradSteps.forEach((grads, s) => {
    const t = s + 1;
    const lr = lrs[s]!;
    const norm = Math.sqrt(Object.values(grads).reduce((a, g) => a + g.reduce((b, x) => b + x * x, 0), 0));
    const scale = o.clip / Math.max(norm, o.clip);
    for (const name of Object.keys(p)) {
      const g = grads[name]!.map((x) => x * scale);
      for (let i = 0; i < g.length; i++) {
        m[name]![i] = o.beta1 * m[name]![i]! + (1 - o.beta1) * g[i]!;
        v2[name]![i] = o.beta2 * v2[name]![i]! + (1 - o.beta2) * g[i]! ** 2;
        const mHat = m[name]![i]! / (1 - o.beta1 ** t);
        const vHat = v2[name]![i]! / (1 - o.beta2 ** t);
        const decay = init[name]!.rank >= 2 ? 1 - lr * o.wd : 1;
        // The eps of the implementation sits beside sqrt(v), before bias correction of v.
        p[name]![i] = p[name]![i]! * decay - (lr * mHat) / (Math.sqrt(vHat) + o.eps / Math.sqrt(1 - o.beta2 ** t));
      }
    }
  });
  return p;
}

describe('AdamW (fused over a flat buffer)', () => {
  it('matches textbook AdamW with clipping and decoupled decay over three steps', () => {
    const arm = tinyArm({ beta1: 0.9, beta2: 0.98, adamEps: 1e-8, weightDecay: 0.1, gradClip: 1 });
    const init = { w: { values: [0.5, -0.25, 1.5, 2, -1, 0.125], rank: 2 }, b: { values: [0.1, -0.3, 0.7], rank: 1 } };
    const params = new Map<string, tf.Variable>([
      ['w', tf.variable(tf.tensor2d(init.w.values, [2, 3]))],
      ['b', tf.variable(tf.tensor1d(init.b.values))],
    ]);
    const gradSteps = [
      { w: [3, -1, 0.5, 2, 0, -4], b: [1, 1, -2] }, // norm > 1: clipped
      { w: [0.1, 0.2, -0.1, 0, 0.05, 0.1], b: [-0.1, 0, 0.2] }, // norm < 1: not clipped
      { w: [-2, 1, 0, 0, 1, 3], b: [0.5, -0.5, 0] },
    ];
    const lrs = [0.01, 0.02, 0.005];
    const opt = new AdamW(params, arm);
    const norms: number[] = [];
    gradSteps.forEach((g, s) => {
      const norm = tf.tidy(() => opt.apply({ w: tf.tensor2d(g.w, [2, 3]), b: tf.tensor1d(g.b) }, lrs[s]!).dataSync()[0]!);
      norms.push(norm);
    });
    const want = referenceSteps(init, gradSteps, lrs, { beta1: 0.9, beta2: 0.98, eps: 1e-8, wd: 0.1, clip: 1 });
    expect(norms[0]).toBeCloseTo(Math.sqrt(9 + 1 + 0.25 + 4 + 16 + 1 + 1 + 4), 4);
    for (const name of ['w', 'b'] as const) {
      const got = Array.from(params.get(name)!.dataSync());
      got.forEach((x, i) => expect(x).toBeCloseTo(want[name]![i]!, 5));
    }
    // The decay touched only the matrix: a zero gradient entry of w still moved by the decay + momentum,
    // and the parameters did move.
    expect(Array.from(params.get('w')!.dataSync())).not.toEqual(init.w.values);
    opt.dispose();
    tf.dispose([...params.values()]);
  });

  it('names the parameter whose gradient is missing', () => {
    const params = new Map<string, tf.Variable>([['only', tf.variable(tf.tensor1d([1, 2]))]]);
    const opt = new AdamW(params, tinyArm());
    expect(() => tf.tidy(() => opt.apply({}, 0.01))).toThrow(/no gradient for parameter only/);
    opt.dispose();
    params.get('only')!.dispose();
  });
});
