/**
 * BatchMatMul override for the wasm backend: the attention products (rank 3, a batch of small
 * matrices: [B*H, T, T] x [B*H, T, dh] and their gradients) run on a SIMD kernel (bmm.c) instead of
 * tfjs's scalar batched loop, which reached 0.2-0.6 GFLOP/s there (docs/core.md). The kernel works
 * in the backend's own heap and sums each output in the same order as tfjs's loop, so results are
 * bit-identical (specs/backend/wasm-batch-matmul.test.ts checks it); every other case goes to tfjs's kernel.
 */
import type * as tf from '@tensorflow/tfjs-core';
import { overrideWasmKernel } from '../wasm-override.ts';
import { heapOffset, simdKernels } from './instance.ts';

/** tfjs's loop sums in blocks of 48 along the inner dimension: beyond it the order differs. */
const MAX_INNER = 48;

/**
 * Register the override on the active wasm backend. Returns a line for the backend report:
 * what runs the attention products.
 */
export function registerWasmBatchMatMul(): string {
  const simd = simdKernels();
  if (typeof simd === 'string') return `BatchMatMul: tfjs kernel (${simd})`;
  const { backend, kernels } = simd;
  const offset = (t: tf.TensorInfo) => heapOffset(backend, t);
  const done = overrideWasmKernel('BatchMatMul', (original) => (args) => {
    const { a, b } = args.inputs as { a: tf.TensorInfo; b: tf.TensorInfo };
    const { transposeA, transposeB } = args.attrs as { transposeA: boolean; transposeB: boolean };
    const batch = a.shape[0]!;
    const K = transposeA ? a.shape[1]! : a.shape[2]!;
    const fits =
      a.shape.length === 3 &&
      b.shape.length === 3 &&
      a.dtype === 'float32' &&
      b.dtype === 'float32' &&
      batch > 1 &&
      b.shape[0] === batch &&
      K === (transposeB ? b.shape[2] : b.shape[1]) &&
      K <= MAX_INNER;
    if (!fits) return original.kernelFunc(args);
    const M = transposeA ? a.shape[2]! : a.shape[1]!;
    const N = transposeB ? b.shape[1]! : b.shape[2]!;
    const out = backend.makeOutput([batch, M, N], 'float32');
    if (batch * M * N > 0) kernels.bmm(offset(a), offset(b), offset(out), batch, M, K, N, transposeA ? 1 : 0, transposeB ? 1 : 0);
    return out;
  });
  if (!done) return 'BatchMatMul: tfjs kernel (no wasm BatchMatMul registered to wrap)';
  return `BatchMatMul: SIMD kernel for rank-3 batches with inner dimension <= ${MAX_INNER} (harness/backend/wasm-simd)`;
}
