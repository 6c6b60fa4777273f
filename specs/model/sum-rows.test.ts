import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../harness/backend/select.ts';
import { withTfjsKernels } from '../../harness/backend/wasm/register.ts';
import { SUM_ROWS, sumRows } from '../../harness/model/fused.ts';
import { bits, firstDifference, seededValues } from '../helpers/bits.ts';

const SPECIAL = [0, -0, 1e-30, 1e10, -1e10];
const values = (n: number, seed: number) => seededValues(n, seed, 6, (i) => (i % 31 === 2 ? SPECIAL[(i / 31) % SPECIAL.length | 0] : undefined));

// bias gradients of the smoke and full models, widths with no multiple of 8, one row, one column
const shapes: [number, number][] = [[864, 256], [864, 192], [3840, 384], [7, 13], [5, 3], [1, 9], [6, 1]];

describe('the column-sum kernel on wasm', () => {
  beforeAll(async () => {
    await initBackend('wasm');
  });
  for (const [n, c] of shapes) {
    it(`gives the reference sumRows' bits, [${n}, ${c}]`, async () => {
      const x = tf.tensor2d(values(n * c, n + c), [n, c]);
      const profile = await tf.profile(() => sumRows(x));
      expect(profile.kernels.map((k) => k.name)).toEqual([SUM_ROWS]);
      const ours = { sums: bits(sumRows(x)) };
      expect(firstDifference(ours, await withTfjsKernels(() => ({ sums: bits(sumRows(x)) }), [SUM_ROWS]))).toBe('');
      expect(firstDifference(ours, await withTfjsKernels(() => ({ sums: bits(sumRows(x)) })))).toBe('');
      x.dispose();
    });
  }

  it('rejects anything but a float32 matrix, naming the kernel', () => {
    const x = tf.zeros([2, 3, 4]);
    expect(() => tf.engine().runKernel(SUM_ROWS, { x })).toThrow(/StaircaseSumRows: x must be a float32 \[N, C\] matrix, got float32 \[2,3,4\]/);
    x.dispose();
  });
});
