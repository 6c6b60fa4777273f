import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { initBackend } from '../../harness/backend/select.ts';
import { withTfjsKernels } from '../../harness/backend/wasm/register.ts';
import { FUSED_KERNELS } from '../../harness/model/fused.ts';
import { gelu } from '../../harness/model/ops.ts';
import { bits, firstDifference, seededValues } from '../helpers/bits.ts';

/** GELU as the model wrote it before it had a custom gradient: tfjs differentiates these ops itself. */
function geluByAutodiff(x: tf.Tensor): tf.Tensor {
  const x3 = tf.mul(tf.mul(x, x), x);
  return tf.mul(x, tf.sigmoid(tf.mul(tf.add(x, tf.mul(x3, 0.044715)), 1.5957691216057308)));
}

const SPECIAL = [0, -0, 1e-30, -1e-30, 40, -40, 1e10];
/** Seeded values in [-6, 6) with zeros, negative zeros, tiny and huge values mixed in. */
const values = (n: number, seed: number) => seededValues(n, seed, 12, (i) => (i % 29 === 3 ? SPECIAL[(i / 29) % SPECIAL.length | 0] : undefined));

/** GELU's value and input gradient under the loss sum(gelu(x) * w). */
function valueAndGrad(f: (x: tf.Tensor) => tf.Tensor, x: tf.Tensor, w: tf.Tensor) {
  const { value, grad } = tf.valueAndGrad((v: tf.Tensor) => tf.sum(tf.mul(f(v), w)))(x);
  return { y: bits(f(x)), loss: bits(value), grad: bits(grad) };
}

const shapes = [[96 * 9, 256], [7, 5], [3]];

describe('GELU with its written-out gradient', () => {
  for (const backend of ['wasm', 'cpu'] as const) {
    for (const shape of shapes) {
      it(`gives the bits of tfjs's automatic gradient on ${backend}, ${JSON.stringify(shape)}`, async () => {
        await initBackend(backend);
        const n = shape.reduce((a, b) => a * b, 1);
        const x = tf.tensor(values(n, 5), shape);
        const w = tf.tensor(values(n, 6), shape);
        const ours = valueAndGrad(gelu, x, w);
        expect(firstDifference(ours, valueAndGrad(geluByAutodiff, x, w))).toBe('');
        if (backend === 'wasm') {
          // the wasm run used the fused kernels; without them the model runs its reference ops
          expect(FUSED_KERNELS.every((k) => tf.getKernel(k, 'wasm'))).toBe(true);
          expect(firstDifference(ours, await withTfjsKernels(() => valueAndGrad(gelu, x, w), FUSED_KERNELS))).toBe('');
        }
        tf.dispose([x, w]);
      });
    }
  }
});
