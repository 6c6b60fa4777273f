import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend, type BackendInfo } from '../../harness/backend/select.ts';
import { withTfjsKernels } from '../../harness/backend/wasm/register.ts';
import { rowCopyPlan } from '../../harness/backend/wasm/concat.ts';
import { bits, seededValues } from '../helpers/bits.ts';

const tensor = (shape: number[], seed: number, dtype: 'float32' | 'int32' = 'float32') => {
  const n = shape.reduce((a, b) => a * b, 1);
  return dtype === 'int32' ? tf.tensor(Int32Array.from(seededValues(n, seed, 2000)), shape, 'int32') : tf.tensor(seededValues(n, seed, 4, (i) => (i % 13 === 0 ? -0 : undefined)), shape);
};

describe('wasm Concat override', () => {
  let info: BackendInfo;
  beforeAll(async () => {
    info = await initBackend('wasm');
  });

  it('is reported by the backend', () => {
    expect(info.details.simdKernels).toMatch(/Concat: SIMD row copies/);
  });

  it('copies rows for inner axes and leaves one-block concatenations to tfjs', () => {
    expect(rowCopyPlan([[864, 64], [864, 64], [864, 64]], 1)).toEqual({ rows: 864, cols: [64, 64, 64] });
    expect(rowCopyPlan([[2, 3, 5], [2, 4, 5]], -2)).toEqual({ rows: 2, cols: [15, 20] });
    expect(rowCopyPlan([[1, 3, 5], [1, 3, 2]], 2)).toEqual({ rows: 3, cols: [5, 2] });
    expect(rowCopyPlan([[100], [7]], 0)).toBeNull();
    expect(rowCopyPlan([[1, 9], [1, 3]], 1)).toBeNull();
    expect(rowCopyPlan([[4, 9]], 1)).toBeNull();
  });

  // [shapes, axis, dtype]: the model's q, k, v gradients, odd widths, a negative axis, an empty input,
  // and cases that go to tfjs's kernel (axis 0, int32)
  const cases: [number[][], number, 'float32' | 'int32'][] = [
    [[[864, 64], [864, 64], [864, 64]], 1, 'float32'],
    [[[2, 3, 5], [2, 3, 2], [2, 3, 1]], 2, 'float32'],
    [[[2, 3, 5], [2, 4, 5]], -2, 'float32'],
    [[[4, 3], [4, 0], [4, 6]], 1, 'float32'],
    [[[3, 7], [5, 7]], 0, 'float32'],
    [[[4, 3], [4, 2]], 1, 'int32'],
  ];
  for (const [shapes, axis, dtype] of cases) {
    it(`gives tfjs's elements for ${JSON.stringify(shapes)} along axis ${axis} (${dtype})`, async () => {
      const xs = shapes.map((s, i) => tensor(s, i + 1, dtype));
      const ours = tf.concat(xs, axis);
      const theirs = await withTfjsKernels(() => tf.concat(xs, axis), ['Concat']);
      expect(ours.shape).toEqual(theirs.shape);
      if (dtype === 'int32') expect(Array.from(ours.dataSync())).toEqual(Array.from(theirs.dataSync()));
      else expect(bits(ours)).toEqual(bits(theirs));
      tf.dispose([...xs, ours, theirs]);
    });
  }

});
