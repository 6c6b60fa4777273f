import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { initBackend } from '../../harness/backend/select.ts';
import { withTfjsKernels } from '../../harness/backend/wasm-kernels.ts';
import { FUSED_KERNELS } from '../../harness/model/fused.ts';
import { gelu } from '../../harness/model/ops.ts';

/** GELU as the model wrote it before it had a custom gradient: tfjs differentiates these ops itself. */
function geluByAutodiff(x: tf.Tensor): tf.Tensor {
  const x3 = tf.mul(tf.mul(x, x), x);
  return tf.mul(x, tf.sigmoid(tf.mul(tf.add(x, tf.mul(x3, 0.044715)), 1.5957691216057308)));
}

/** Seeded values in [-6, 6) with zeros, negative zeros, tiny and huge values mixed in. */
function values(n: number, seed: number): Float32Array {
  const out = new Float32Array(n);
  let s = seed >>> 0;
  const special = [0, -0, 1e-30, -1e-30, 40, -40, 1e10];
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = i % 29 === 3 ? special[(i / 29) % special.length | 0]! : (s / 2 ** 32) * 12 - 6;
  }
  return out;
}
const bits = (t: tf.Tensor) => new Uint32Array((t.dataSync() as Float32Array).slice().buffer);

/** Where two runs' bits first differ ('' when they agree everywhere): a short failure, not a 200k-element diff. */
function firstDifference(a: Record<string, Uint32Array>, b: Record<string, Uint32Array>): string {
  for (const key of Object.keys(a)) {
    const [u, v] = [a[key]!, b[key]!];
    if (u.length !== v.length) return `${key}: ${u.length} against ${v.length} values`;
    for (let i = 0; i < u.length; i++) if (u[i] !== v[i]) return `${key}[${i}]: bits ${u[i]} against ${v[i]}`;
  }
  return '';
}

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
