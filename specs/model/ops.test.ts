import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../harness/backend/select.ts';
import { addRowBroadcast, gelu, layerNorm, linear, matmulNoBias, LN_EPS } from '../../harness/model/ops.ts';
import { Rng } from '../../harness/util/prng.ts';

beforeAll(async () => {
  await initBackend('wasm');
});

const rng = new Rng(11);
const rand = (shape: number[]) => {
  const n = shape.reduce((a, b) => a * b, 1);
  return tf.tensor(Float32Array.from({ length: n }, () => rng.normal()), shape);
};

/** Values and gradients of `custom` equal those of the plain tfjs formulation `reference`. */
function expectSameGradients(custom: (...xs: tf.Tensor[]) => tf.Tensor, reference: (...xs: tf.Tensor[]) => tf.Tensor, inputs: tf.Tensor[]) {
  const weight = rand(custom(...inputs).shape as number[]);
  const loss = (f: (...xs: tf.Tensor[]) => tf.Tensor) => (...xs: tf.Tensor[]) => tf.sum(tf.mul(f(...xs), weight));
  const a = tf.valueAndGrads(loss(custom))(inputs);
  const b = tf.valueAndGrads(loss(reference))(inputs);
  expect(a.value.dataSync()[0]).toBeCloseTo(b.value.dataSync()[0]!, 3);
  a.grads.forEach((g, i) => {
    const diff = tf.max(tf.abs(tf.sub(g, b.grads[i]!))).dataSync()[0]!;
    const scale = tf.max(tf.abs(b.grads[i]!)).dataSync()[0]!;
    expect(diff).toBeLessThan(1e-4 * Math.max(1, scale));
  });
}

describe('custom-gradient ops agree with tfjs autodiff', () => {
  it('linear', () => expectSameGradients(linear as never, (x, w, b) => tf.add(tf.matMul(x!, w!), b!), [rand([12, 5]), rand([5, 7]), rand([7])]));
  it('matmulNoBias', () => expectSameGradients(matmulNoBias as never, (x, w) => tf.matMul(x!, w!), [rand([9, 4]), rand([4, 3])]));
  it('layerNorm', () =>
    expectSameGradients(layerNorm as never, (x, g, b) => {
      const { mean, variance } = tf.moments(x!, -1, true);
      return tf.add(tf.mul(tf.div(tf.sub(x!, mean), tf.sqrt(tf.add(variance, LN_EPS))), g!), b!);
    }, [rand([10, 6]), rand([6]), rand([6])]));
  it('addRowBroadcast', () => expectSameGradients(addRowBroadcast as never, (x, p) => tf.add(x!, p!), [rand([5, 8]), rand([1, 8])]));
  it('gelu equals 0.5 x (1 + tanh(sqrt(2/pi)(x + 0.044715 x^3)))', () => {
    const x = rand([200]);
    const ref = tf.mul(tf.mul(x, 0.5), tf.add(1, tf.tanh(tf.mul(Math.sqrt(2 / Math.PI), tf.add(x, tf.mul(0.044715, tf.pow(x, 3)))))));
    expect(tf.max(tf.abs(tf.sub(gelu(x), ref))).dataSync()[0]).toBeLessThan(1e-5);
  });
  it('handles reshape views of one gradient in two matMuls (wasm XNNPACK cache pitfall)', () => {
    // the pos-embedding path: one buffer seen as [B, T*d] and [B*T, d]
    const ids = rand([6, 3]);
    const w = rand([3, 8]);
    const p = rand([1, 16]);
    const f = (w_: tf.Tensor, p_: tf.Tensor) => tf.sum(tf.square(addRowBroadcast(tf.reshape(matmulNoBias(ids as tf.Tensor2D, w_ as tf.Tensor2D), [3, 16]) as tf.Tensor2D, p_ as tf.Tensor2D)));
    const { grads } = tf.valueAndGrads(f)([w, p]);
    expect(grads.every((g) => Number.isFinite(tf.sum(g).dataSync()[0]!))).toBe(true);
  });
});
