import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../harness/backend/select.ts';

/** The cpu backend's result for the same op on the same values: the reference. */
async function onCpu<T extends tf.Tensor | tf.Tensor[]>(f: () => T): Promise<number[][]> {
  await tf.setBackend('cpu');
  try {
    const r = f();
    return (Array.isArray(r) ? r : [r]).map((t) => Array.from(t.dataSync()));
  } finally {
    await tf.setBackend('wasm');
  }
}
const vals = (r: tf.Tensor | tf.Tensor[]) => (Array.isArray(r) ? r : [r]).map((t) => Array.from(t.dataSync()));

describe('wasm Slice and SplitV read the heap through a view', () => {
  beforeAll(async () => {
    await import('@tensorflow/tfjs-backend-cpu');
    await initBackend('wasm');
  });

  it('are the registered wasm kernels', () => {
    expect(tf.getKernel('Slice', 'wasm')!.kernelFunc.toString()).toMatch(/sliceFromHeap/);
    expect(tf.getKernel('SplitV', 'wasm')!.kernelFunc.toString()).toMatch(/sliceFromHeap/);
  });

  const data = (n: number) => Array.from({ length: n }, (_, i) => (i * 7919) % 1009 - 500.5);
  const cases: { shape: number[]; begin: number[]; size: number[] }[] = [
    { shape: [1000], begin: [123], size: [456] },
    { shape: [6, 10], begin: [1, 3], size: [4, 5] },
    { shape: [6, 10], begin: [2, 0], size: [3, -1] },
    { shape: [3, 4, 5], begin: [1, 1, 2], size: [2, 2, 3] },
    { shape: [2, 3, 4, 5], begin: [0, 1, 0, 1], size: [2, 2, 4, 3] },
    { shape: [2, 3, 4, 5, 2], begin: [0, 1, 0, 1, 0], size: [2, 2, 4, 3, 2] },
  ];
  for (const c of cases) {
    it(`slices ${JSON.stringify(c)} as the cpu backend does`, async () => {
      const n = c.shape.reduce((a, b) => a * b);
      const make = () => tf.tensor(data(n), c.shape);
      const x = make();
      expect(vals(tf.slice(x, c.begin, c.size))).toEqual(await onCpu(() => tf.slice(make(), c.begin, c.size)));
      const xi = tf.tensor(data(n).map(Math.round), c.shape, 'int32');
      expect(vals(tf.slice(xi, c.begin, c.size))).toEqual(await onCpu(() => tf.slice(tf.tensor(data(n).map(Math.round), c.shape, 'int32'), c.begin, c.size)));
    });
  }

  it('splits a flat buffer into many parameters, and columns of a matrix, as the cpu backend does', async () => {
    const sizes = [64 * 192, 192, 64 * 64, 64, 7, 1, 300];
    const total = sizes.reduce((a, b) => a + b);
    expect(vals(tf.split(tf.tensor(data(total)), sizes))).toEqual(await onCpu(() => tf.split(tf.tensor(data(total)), sizes)));
    const m = () => tf.tensor(data(576 * 192), [576, 192]);
    expect(vals(tf.split(m(), 3, 1))).toEqual(await onCpu(() => tf.split(m(), 3, 1)));
    expect(vals(tf.split(m(), [100, 476], 0))).toEqual(await onCpu(() => tf.split(m(), [100, 476], 0)));
  });

  it('gives right values when allocating the output grows the heap', () => {
    // A slice whose output does not fit in the free heap: the input must be read after the growth.
    const big = tf.tensor(data(1 << 20));
    const before = tf.memory().numBytes;
    const pieces = tf.split(big, [1 << 19, 1 << 19]);
    const huge = tf.slice(tf.concat([big, big, big, big]), [3], [(1 << 22) - 3]);
    expect(tf.memory().numBytes).toBeGreaterThan(before);
    expect(Array.from(pieces[1]!.dataSync().slice(0, 3))).toEqual(data(1 << 20).slice(1 << 19, (1 << 19) + 3));
    expect(Array.from(huge.dataSync().slice(0, 3))).toEqual(data(1 << 20).slice(3, 6));
  });
});
