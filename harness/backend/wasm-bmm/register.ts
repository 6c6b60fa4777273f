/**
 * BatchMatMul override for the wasm backend: the attention products (rank 3, a batch of small
 * matrices: [B*H, T, T] x [B*H, T, dh] and their gradients) run on a SIMD kernel (bmm.c) instead of
 * tfjs's scalar batched loop, which reached 0.2-0.6 GFLOP/s there (docs/core.md). The kernel works
 * in the backend's own heap and sums each output in the same order as tfjs's loop, so results are
 * bit-identical (specs/backend/wasm-bmm.test.ts checks it); every other case goes to tfjs's kernel.
 */
import * as tf from '@tensorflow/tfjs-core';
import { BMM_WASM_BASE64 } from './bmm-binary.ts';

/** tfjs's loop sums in blocks of 48 along the inner dimension: beyond it the order differs. */
const MAX_INNER = 48;

interface WasmBackendLike {
  wasm: { asm?: { memory?: WebAssembly.Memory } };
  dataIdMap: { get(dataId: object): { memoryOffset: number } | undefined };
  makeOutput(shape: number[], dtype: 'float32'): tf.TensorInfo;
}

type Bmm = (a: number, b: number, out: number, batch: number, M: number, K: number, N: number, transposeA: number, transposeB: number) => void;

/** Whether this tfjs wasm build exposes its memory (the kernel needs it); with the reason when not. */
function instantiate(backend: WasmBackendLike): Bmm | string {
  const memory = backend.wasm.asm?.memory;
  if (!(memory instanceof WebAssembly.Memory)) return 'the tfjs wasm module does not expose its memory (asm.memory)';
  const bytes = Buffer.from(BMM_WASM_BASE64, 'base64');
  const instance = new WebAssembly.Instance(new WebAssembly.Module(bytes), { env: { memory } });
  return instance.exports.bmm as Bmm;
}

let tfjsKernel: tf.KernelConfig | null = null;
let simdKernel: tf.KernelConfig | null = null;

/**
 * Run `fn` with tfjs's own BatchMatMul registered instead of the SIMD kernel (for side-by-side
 * comparisons: the bit-identity spec and the bench), then put the SIMD kernel back.
 */
export async function withTfjsBatchMatMul<T>(fn: () => Promise<T> | T): Promise<T> {
  if (!tfjsKernel || !simdKernel) return fn();
  tf.unregisterKernel('BatchMatMul', 'wasm');
  tf.registerKernel(tfjsKernel);
  try {
    return await fn();
  } finally {
    tf.unregisterKernel('BatchMatMul', 'wasm');
    tf.registerKernel(simdKernel);
  }
}

/**
 * Register the override on the active wasm backend. Returns a line for the backend report:
 * what runs the attention products.
 */
export function registerWasmBatchMatMul(): string {
  const original = tf.getKernel('BatchMatMul', 'wasm');
  if (!original) return 'BatchMatMul: tfjs kernel (no wasm BatchMatMul registered to wrap)';
  const backend = tf.findBackend('wasm') as unknown as WasmBackendLike | undefined;
  if (!backend) return 'BatchMatMul: tfjs kernel (the wasm backend is not initialised)';
  const bmm = instantiate(backend);
  if (typeof bmm === 'string') return `BatchMatMul: tfjs kernel (${bmm})`;
  const offset = (t: tf.TensorInfo): number => {
    const data = backend.dataIdMap.get(t.dataId);
    if (!data) throw new Error('BatchMatMul (SIMD): a tensor has no data in the wasm heap');
    return data.memoryOffset;
  };
  tf.unregisterKernel('BatchMatMul', 'wasm');
  tfjsKernel = original;
  simdKernel = {
    kernelName: 'BatchMatMul',
    backendName: 'wasm',
    setupFunc: original.setupFunc,
    kernelFunc: (args) => {
      const { a, b } = args.inputs as { a: tf.TensorInfo; b: tf.TensorInfo };
      const { transposeA, transposeB } = args.attrs as { transposeA: boolean; transposeB: boolean };
      const batch = a.shape[0]!;
      const K = transposeA ? a.shape[1]! : a.shape[2]!;
      const simd =
        a.shape.length === 3 &&
        b.shape.length === 3 &&
        a.dtype === 'float32' &&
        b.dtype === 'float32' &&
        batch > 1 &&
        b.shape[0] === batch &&
        K === (transposeB ? b.shape[2] : b.shape[1]) &&
        K <= MAX_INNER;
      if (!simd) return original.kernelFunc(args);
      const M = transposeA ? a.shape[2]! : a.shape[1]!;
      const N = transposeB ? b.shape[1]! : b.shape[2]!;
      const out = backend.makeOutput([batch, M, N], 'float32');
      if (batch * M * N > 0) bmm(offset(a), offset(b), offset(out), batch, M, K, N, transposeA ? 1 : 0, transposeB ? 1 : 0);
      return out;
    },
  };
  tf.registerKernel(simdKernel);
  return `BatchMatMul: SIMD kernel for rank-3 batches with inner dimension <= ${MAX_INNER} (harness/backend/wasm-bmm)`;
}
