/**
 * Kernel overrides for the wasm backend, registered once when it starts.
 *
 * Identity: tfjs clones every tensor a kernel saves for its backward pass (engine.clone runs
 * the Identity kernel), and the wasm kernel copies the buffer. Tensor buffers are immutable in
 * tfjs (a variable's assign swaps its data id; no wasm kernel writes into an input), so a clone
 * can share the buffer by reference count, as the cpu and webgl backends' Identity kernels do.
 * That removes a copy of every saved activation: about 240 copies a smoke step, 450 at full size.
 *
 * BatchMatMul: the attention products run on a SIMD kernel (wasm-bmm/register.ts).
 * Slice and SplitV: read their input through a view of the heap, not a copy (wasm-slice.ts).
 */
import * as tf from '@tensorflow/tfjs-core';
import { registerWasmBatchMatMul } from './wasm-bmm/register.ts';
import { registerWasmSliceOverrides } from './wasm-slice.ts';

interface RefCounting {
  incRef(dataId: object): void;
}

let registered: string | null = null;

/** Register the overrides once; returns what runs the attention products (for the backend report). */
export function registerWasmKernelOverrides(): string {
  if (registered !== null) return registered;
  tf.unregisterKernel('Identity', 'wasm');
  tf.registerKernel({
    kernelName: 'Identity',
    backendName: 'wasm',
    kernelFunc: ({ inputs, backend }) => {
      const { x } = inputs as { x: tf.TensorInfo };
      if (x.dtype === 'string') throw new Error('Identity: string tensors are not used by staircase');
      (backend as unknown as RefCounting).incRef(x.dataId);
      return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
    },
  });
  registerWasmSliceOverrides();
  registered = registerWasmBatchMatMul();
  return registered;
}
