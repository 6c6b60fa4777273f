import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../harness/backend/select.ts';
import { withTfjsKernels } from '../../harness/backend/wasm/register.ts';
import { LN_FWD, LN_GRAD } from '../../harness/model/fused.ts';
import { layerNorm } from '../../harness/model/ops.ts';
import { bits, firstDifference, seededValues } from '../helpers/bits.ts';

/**
 * x [n, d] with the rows a LayerNorm meets at its edges: a constant row (variance 0, so rstd is
 * 1 / sqrt(eps)), a row of zeros, one with a huge value, one with tiny values and negative zeros.
 */
function input(n: number, d: number, seed: number): tf.Tensor2D {
  const v = seededValues(n * d, seed, 8);
  const row = (r: number, f: (c: number) => number) => {
    if (r < n) for (let c = 0; c < d; c++) v[r * d + c] = f(c);
  };
  row(1, () => 0.7);
  row(2, () => 0);
  row(3, (c) => (c === 0 ? 1e10 : v[3 * d + c]!));
  row(4, (c) => (c % 2 ? -0 : 1e-30 * (c + 1)));
  return tf.tensor2d(v, [n, d]);
}

/** LayerNorm's output and its gradients for x, g and b under the loss sum(layerNorm(x) * w). */
function valueAndGrads(x: tf.Tensor2D, g: tf.Tensor1D, b: tf.Tensor1D, w: tf.Tensor2D) {
  const f = (xs: tf.Tensor, gs: tf.Tensor, bs: tf.Tensor) => tf.sum(tf.mul(layerNorm(xs as tf.Tensor2D, gs as tf.Tensor1D, bs as tf.Tensor1D), w));
  const { value, grads } = tf.valueAndGrads(f)([x, g, b]);
  return { y: bits(layerNorm(x, g, b)), loss: bits(value), dx: bits(grads[0]!), dg: bits(grads[1]!), db: bits(grads[2]!) };
}

// the smoke model's rows and width, the full model's, and shapes with no multiple of 4 anywhere
const shapes: [number, number][] = [[96 * 9, 64], [256 * 15, 96], [7, 5], [5, 1]];

describe('the fused LayerNorm kernels on wasm', () => {
  beforeAll(async () => {
    await initBackend('wasm');
  });
  for (const [n, d] of shapes) {
    it(`give the reference ops' bits for the output and all three gradients, [${n}, ${d}]`, async () => {
      const x = input(n, d, 3);
      const g = tf.tensor1d(seededValues(d, 4, 2, (c) => (c === 0 ? 0 : undefined)));
      const b = tf.tensor1d(seededValues(d, 5, 1));
      const w = tf.tensor2d(seededValues(n * d, 6, 4), [n, d]);
      const profile = await tf.profile(() => tf.tidy(() => tf.grads((xs: tf.Tensor) => tf.sum(layerNorm(xs as tf.Tensor2D, g, b)))([x])));
      expect(profile.kernels.map((k) => k.name)).toEqual(expect.arrayContaining([LN_FWD, LN_GRAD]));
      const ours = valueAndGrads(x, g, b, w);
      // the reference ops on staircase's other kernels, then on tfjs's own kernels throughout
      expect(firstDifference(ours, await withTfjsKernels(() => valueAndGrads(x, g, b, w), [LN_FWD, LN_GRAD]))).toBe('');
      expect(firstDifference(ours, await withTfjsKernels(() => valueAndGrads(x, g, b, w)))).toBe('');
      tf.dispose([x, g, b, w]);
    });
  }

  it('reject inputs whose shapes do not fit, naming the kernel and the shapes', () => {
    const [x, g, g7, r3] = [tf.zeros([4, 8]), tf.ones([8]), tf.ones([7]), tf.ones([3, 1])];
    expect(() => tf.engine().runKernel(LN_FWD, { x, g: g7, b: g7 }, { eps: 1e-5 })).toThrow(/StaircaseLayerNorm: x must be \[N, d\], g \[d\].*got \[4,8\], \[7\], \[7\]/);
    expect(() => tf.engine().runKernel(LN_GRAD, { dy: x, xhat: x, rstd: r3, g })).toThrow(/StaircaseLayerNormGrad: .*got \[4,8\], \[8\], \[4,8\], \[3,1\]/);
    tf.dispose([x, g, g7, r3]);
  });
});
