/**
 * Concat override for the wasm backend: a concatenation along an inner axis (the backward pass of
 * the attention's split of q, k and v: three [B*T, d] gradients into one [B*T, 3d]) copies each
 * input's rows on a SIMD kernel (transpose.c's copy_rows), one call per input. tfjs's kernel loops
 * over the rows in JavaScript, one typed-array copy per row and input: 2,592 of them for one smoke
 * model's split, about 2 ms. Pure data movement: the same elements in the same places
 * (specs/backend/wasm-concat.test.ts). Concatenations along the outer axis (one block per input, as
 * the optimiser's flat gradient) and other dtypes go to tfjs's kernel.
 */
import * as tf from '@tensorflow/tfjs-core';
import { overrideWasmKernel } from './override.ts';
import { heapOffset, simdKernels } from './instance.ts';

const size = (shape: readonly number[]) => tf.util.sizeFromShape([...shape]);

/**
 * Row copies for a concatenation of non-empty float32 inputs along `axis` (negative counts from the
 * end): `rows` rows, input i adding cols[i] floats to each; null where tfjs's kernel does as well
 * (fewer than two inputs, or one block per input when every axis before `axis` has size 1).
 */
export function rowCopyPlan(shapes: readonly (readonly number[])[], axis: number): { rows: number; cols: number[] } | null {
  if (shapes.length < 2) return null;
  const a = tf.util.parseAxisParam(axis, [...shapes[0]!])[0]!;
  const rows = size(shapes[0]!.slice(0, a));
  return rows === 1 ? null : { rows, cols: shapes.map((s) => size(s.slice(a))) };
}

export function registerWasmConcat(): string {
  const simd = simdKernels();
  if (typeof simd === 'string') return `Concat: tfjs kernel (${simd})`;
  const { backend, kernels } = simd;
  const done = overrideWasmKernel('Concat', (original) => (args) => {
    const inputs = (args.inputs as unknown as tf.TensorInfo[]).filter((t) => size(t.shape) > 0);
    const shapes = inputs.map((t) => t.shape);
    const axis = (args.attrs as { axis: number }).axis;
    const plan = inputs.every((t) => t.dtype === 'float32') ? rowCopyPlan(shapes, axis) : null;
    if (!plan) return original.kernelFunc(args);
    const a = tf.util.parseAxisParam(axis, shapes[0]!)[0]!;
    tf.backend_util.assertParamsConsistent(shapes, a);
    const out = backend.makeOutput(tf.backend_util.computeOutShape(shapes, a), 'float32');
    const width = plan.cols.reduce((x, y) => x + y, 0);
    let column = 0;
    inputs.forEach((t, i) => {
      kernels.copy_rows(heapOffset(backend, t), heapOffset(backend, out) + 4 * column, plan.rows, plan.cols[i]!, width);
      column += plan.cols[i]!;
    });
    return out;
  });
  if (!done) return 'Concat: tfjs kernel (no wasm Concat registered to wrap)';
  return 'Concat: SIMD row copies along inner axes';
}
