/**
 * The model's column-sum kernel (harness/model/fused.ts: sumRows, every bias gradient) for the wasm
 * backend, on sum-rows.c: one pass over x instead of a transpose of x, a column of ones and a
 * product. Same bits as the reference ops (specs/model/sum-rows.test.ts).
 */
import * as tf from '@tensorflow/tfjs-core';
import { SUM_ROWS } from '../../model/fused.ts';
import { SEED_SUM_ROWS } from '../../model/seed-fused.ts';
import { heapOffset, simdKernels } from './instance.ts';

/** Register the kernel on the wasm backend; returns a line for the backend report. */
export function registerWasmSumRows(): string {
  const simd = simdKernels();
  if (typeof simd === 'string') return `column sums: tfjs ops (${simd})`;
  const { backend, kernels } = simd;
  tf.registerKernel({
    kernelName: SUM_ROWS,
    backendName: 'wasm',
    kernelFunc: ({ inputs }) => {
      const { x } = inputs as { x: tf.TensorInfo };
      if (x.dtype !== 'float32' || x.shape.length !== 2) throw new Error(`${SUM_ROWS}: x must be a float32 [N, C] matrix, got ${x.dtype} ${JSON.stringify(x.shape)}`);
      const [n, c] = x.shape as [number, number];
      const out = backend.makeOutput([c], 'float32');
      if (c > 0) kernels.sum_rows(heapOffset(backend, x), heapOffset(backend, out), n, c);
      return out;
    },
  });
  tf.registerKernel({
    kernelName: SEED_SUM_ROWS,
    backendName: 'wasm',
    kernelFunc: ({ inputs }) => {
      const { x } = inputs as { x: tf.TensorInfo };
      if (x.dtype !== 'float32' || x.shape.length !== 3) throw new Error(`${SEED_SUM_ROWS}: x must be a float32 [G, N, C] tensor, got ${x.dtype} ${JSON.stringify(x.shape)}`);
      const [G, n, c] = x.shape as [number, number, number];
      const out = backend.makeOutput([G, c], 'float32');
      const [px, po] = [heapOffset(backend, x), heapOffset(backend, out)];
      if (c > 0) for (let g = 0; g < G; g++) kernels.sum_rows(px + 4 * g * n * c, po + 4 * g * c, n, c);
      return out;
    },
  });
  return 'column sums: SIMD kernel';
}
