/**
 * Kernel overrides for the wasm backend, registered once when it starts.
 *
 * Identity: tfjs clones every tensor a kernel saves for its backward pass (engine.clone runs
 * the Identity kernel), and the wasm kernel copies the buffer. Tensor buffers are immutable in
 * tfjs (a variable's assign swaps its data id; no wasm kernel writes into an input), so a clone
 * can share the buffer by reference count, as the cpu and webgl backends' Identity kernels do.
 * That removes a copy of every saved activation: about 240 copies a smoke step, 450 at full size.
 *
 * BatchMatMul: the dense and the attention products run on SIMD kernels (batch-matmul.ts).
 * Slice and SplitV: read their input through a view of the heap, not a copy (slice.ts).
 * Transpose: the model's permutations run on SIMD kernels (transpose.ts).
 * Concat: along an inner axis, SIMD row copies (concat.ts).
 * Added, not replaced: the model's fused GELU, LayerNorm and column-sum kernels
 * (harness/model/fused.ts; gelu.ts, layernorm.ts, sum-rows.ts), and their per-seed versions for
 * the population model (harness/model/seed-fused.ts).
 */
import * as tf from '@tensorflow/tfjs-core';
import { FUSED_KERNELS } from '../../model/fused.ts';
import { SEED_KERNELS } from '../../model/seed-fused.ts';
import { registerWasmBatchMatMul } from './batch-matmul.ts';
import { registerWasmConcat } from './concat.ts';
import { registerWasmGelu } from './gelu.ts';
import { registerWasmLayerNorm } from './layernorm.ts';
import { registerWasmSumRows } from './sum-rows.ts';
import { overrideWasmKernel } from './override.ts';
import { registerWasmSliceOverrides } from './slice.ts';
import { registerWasmTranspose } from './transpose.ts';

interface RefCounting {
  incRef(dataId: object): void;
}

let registered: string | null = null;

/** The kernels replaced here; tfjs's own versions and ours, for side-by-side comparisons. */
export const OVERRIDDEN_KERNELS = ['Identity', 'Slice', 'SplitV', 'BatchMatMul', 'Transpose', 'Concat'] as const;
const tfjsKernels = new Map<string, tf.KernelConfig>();
const ourKernels = new Map<string, tf.KernelConfig>();

/** Every kernel staircase registers on wasm: the overrides and the model's fused kernels. */
export const STAIRCASE_WASM_KERNELS: readonly string[] = [...OVERRIDDEN_KERNELS, ...FUSED_KERNELS, ...SEED_KERNELS];

/** Register tfjs's kernel (none, for a fused one) or ours for each name that we registered. */
function swapIn(configs: Map<string, tf.KernelConfig>, names: readonly string[]): void {
  for (const name of names) {
    if (!ourKernels.has(name)) continue; // ours never registered: tfjs's (if any) stays
    if (tf.getKernel(name, 'wasm')) tf.unregisterKernel(name, 'wasm');
    const config = configs.get(name);
    if (config) tf.registerKernel(config);
  }
}

/**
 * Run `fn` on the wasm backend with tfjs's own kernels for `names` (default: all of staircase's;
 * without a fused kernel the model runs its reference ops), then put ours back: the bench's "wasm,
 * tfjs kernels" case and the bit-identity specs use it.
 */
export async function withTfjsKernels<T>(fn: () => Promise<T> | T, names: readonly string[] = STAIRCASE_WASM_KERNELS): Promise<T> {
  swapIn(tfjsKernels, names);
  try {
    return await fn();
  } finally {
    swapIn(ourKernels, names);
  }
}

/** Register the overrides and fused kernels once; returns what runs the products, transposes, concatenations, GELU and LayerNorm (for the backend report). */
export function registerWasmKernelOverrides(): string {
  if (registered !== null) return registered;
  for (const name of OVERRIDDEN_KERNELS) {
    const k = tf.getKernel(name, 'wasm');
    if (k) tfjsKernels.set(name, k);
  }
  overrideWasmKernel('Identity', () => ({ inputs, backend }) => {
    const { x } = inputs as { x: tf.TensorInfo };
    if (x.dtype === 'string') throw new Error('Identity: string tensors are not used by staircase');
    (backend as unknown as RefCounting).incRef(x.dataId);
    return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
  });
  registerWasmSliceOverrides();
  registered = `${registerWasmBatchMatMul()}; ${registerWasmTranspose()}; ${registerWasmConcat()}; ${registerWasmGelu()}; ${registerWasmLayerNorm()}; ${registerWasmSumRows()}`;
  for (const name of STAIRCASE_WASM_KERNELS) {
    const k = tf.getKernel(name, 'wasm');
    if (k && k !== tfjsKernels.get(name)) ourKernels.set(name, k);
  }
  return registered;
}
