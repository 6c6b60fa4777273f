import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend, type BackendInfo } from '../../harness/backend/select.ts';
import { transposePlan } from '../../harness/backend/wasm/transpose.ts';

const data = (n: number) => Float32Array.from({ length: n }, (_, i) => ((i * 7919) % 1009) / 7 - 70);
const bits = (x: ArrayLike<number>) => Array.from(new Uint32Array(Float32Array.from(x).buffer));

describe('wasm Transpose SIMD kernels', () => {
  let info: BackendInfo;
  beforeAll(async () => {
    await import('@tensorflow/tfjs-backend-cpu');
    info = await initBackend('wasm');
  });

  it('are reported by the backend', () => {
    expect(info.details.simdKernels).toMatch(/Transpose: SIMD kernels/);
  });

  it('plan the model permutations, size-1 axes dropped, and leave the rest to tfjs', () => {
    expect(transposePlan([576, 64], [1, 0])).toEqual({ kind: 'transpose2d', batch: 1, R: 576, C: 64 });
    expect(transposePlan([64, 9, 4, 16], [0, 2, 1, 3])).toEqual({ kind: 'swap12', A: 64, B: 9, C: 4, D: 16 });
    expect(transposePlan([1, 9, 4, 16], [0, 2, 1, 3])).toEqual({ kind: 'swap12', A: 1, B: 9, C: 4, D: 16 });
    expect(transposePlan([5, 1, 7], [2, 1, 0])).toEqual({ kind: 'transpose2d', batch: 1, R: 5, C: 7 });
    expect(transposePlan([2, 3, 4], [0, 2, 1])).toEqual({ kind: 'transpose2d', batch: 2, R: 3, C: 4 });
    expect(transposePlan([2, 3, 4], [2, 0, 1])).toBeNull();
    expect(transposePlan([2, 3, 4, 5], [3, 2, 1, 0])).toBeNull();
  });

  const cases: [number[], number[]][] = [
    [[576, 64], [1, 0]],
    [[3840, 96], [1, 0]],
    [[37, 61], [1, 0]],
    [[3, 5], [1, 0]],
    [[1, 9], [1, 0]],
    [[4, 33, 7], [0, 2, 1]],
    [[6, 5, 3], [1, 0, 2]],
    [[64, 9, 4, 16], [0, 2, 1, 3]],
    [[3, 5, 7, 3], [0, 2, 1, 3]],
    [[2, 3, 4], [2, 0, 1]],
  ];
  for (const [shape, perm] of cases) {
    it(`moves every element of ${JSON.stringify(shape)} by ${JSON.stringify(perm)} where the cpu backend does`, async () => {
      const n = shape.reduce((a, b) => a * b);
      const values = data(n);
      const wasm = tf.transpose(tf.tensor(values, shape), perm);
      const got = wasm.dataSync();
      await tf.setBackend('cpu');
      const want = tf.transpose(tf.tensor(values, shape), perm);
      expect(wasm.shape).toEqual(want.shape);
      expect(bits(got)).toEqual(bits(want.dataSync()));
      await tf.setBackend('wasm');
    });
  }
});
