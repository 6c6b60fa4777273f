import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../harness/backend/select.ts';

beforeAll(async () => {
  await initBackend('wasm');
});

describe('wasm kernel overrides', () => {
  it('clones (the Identity kernel) share the buffer instead of copying it, and outlive the original', () => {
    const x = tf.tensor2d([1, 2, 3, 4, 5, 6], [2, 3]);
    const buffersBefore = tf.memory().numDataBuffers;
    const y = tf.clone(x);
    expect(y.dataId).toBe(x.dataId);
    expect(tf.memory().numDataBuffers).toBe(buffersBefore);
    x.dispose();
    expect(Array.from(y.dataSync())).toEqual([1, 2, 3, 4, 5, 6]);
    y.dispose();
  });

  it('keeps gradients that save inputs exact (saved tensors are clones)', () => {
    const a = tf.variable(tf.tensor1d([1, -2, 3]));
    const g = tf.tidy(() => tf.variableGrads(() => tf.sum(tf.mul(tf.mul(a, a), a)) as tf.Scalar, [a]).grads[a.name]!.arraySync());
    expect(g).toEqual([3, 12, 27]);
    a.dispose();
  });
});
