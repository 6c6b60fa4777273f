/**
 * BatchMatMul override for the wasm backend, two SIMD kernels that work in the backend's own heap:
 * - dense products (one matrix each side, no transpose flags: every projection of the model and its
 *   gradients, harness/model/ops.ts) on gemm.c, 1.2-1.7x XNNPACK's GEMM at the step's shapes;
 * - the attention products (rank 3, a batch of small matrices: [B*H, T, T] x [B*H, T, dh] and their
 *   gradients) on bmm.c instead of tfjs's scalar batched loop, which reached 0.2-0.6 GFLOP/s there.
 * Both sum each output in the same order as the kernel they replace, so results are bit-identical
 * (specs/backend/wasm-batch-matmul.test.ts checks it); every other case goes to tfjs's kernel.
 */
import * as tf from '@tensorflow/tfjs-core';
import { MATMUL_TN } from '../../model/fused.ts';
import { SEED_MATMUL, SEED_MATMUL_TN } from '../../model/seed-fused.ts';
import { overrideWasmKernel } from './override.ts';
import { float32Only, fmaGemm, type FmaGemm, heapOffset, simdKernels, type WasmBackendLike } from './instance.ts';

/** tfjs's loop sums in blocks of 48 along the inner dimension: beyond it the order differs. */
const MAX_INNER = 48;

/** Leading (batch) size of a BatchMatMul operand: 1 for a matrix. */
const batchOf = (t: tf.TensorInfo) => t.shape.slice(0, -2).reduce((x, y) => x * y, 1);

/**
 * Terms per block of gemm.c's products: b's rows of one block, packed, stay in L2 (256 x 384 floats at
 * the full model's widest), and each 8-column panel of them (8 KiB) in L1.
 */
const GEMM_KC = 256;

/** gemm.c's scratch for one block of b, packed (min(K, GEMM_KC) x N rounded down to 8 floats), kept and grown as needed. */
function panelScratch(backend: WasmBackendLike) {
  let offset = 0;
  let floats = 0;
  return (K: number, N: number): number => {
    const need = Math.min(K, GEMM_KC) * (N - (N % 8));
    if (need > floats) {
      if (offset) backend.wasm._free(offset);
      floats = Math.max(need, 2 * floats);
      offset = backend.wasm._malloc(floats * 4);
    }
    return offset;
  };
}

/** STAIRCASE_WASM_FMA: whether dense products should use the fused multiply-add GEMM (default yes). */
export function fusedProductsWanted(env: NodeJS.ProcessEnv = process.env): boolean {
  const v = env.STAIRCASE_WASM_FMA;
  if (v === undefined || v === '' || v === '1') return true;
  if (v === '0') return false;
  throw new Error(`STAIRCASE_WASM_FMA=${v}: use 1 (the default: dense products by fused multiply-add) or 0 (products bit-identical to tfjs's XNNPACK kernel)`);
}

/** The fused GEMMs (a @ b, a^T @ b) while dense products are fused, else null (gemm.c's exact build runs). */
let fusedGemm: Pick<FmaGemm, 'gemm_fma' | 'gemm_tn_fma'> | null = null;

/**
 * Switch the dense products between the fused multiply-add GEMM and the exact one; returns whether
 * they were fused before. Fused only where the host fuses (fmaGemm().fused): elsewhere the two
 * builds give the same bits and the exact one runs.
 */
export function setFusedProducts(on: boolean): boolean {
  const before = fusedGemm !== null;
  const fma = fmaGemm();
  fusedGemm = on && typeof fma !== 'string' && fma.fused ? fma : null;
  return before;
}

/** What the dense products run on, for the backend report. */
function denseProductsLine(): string {
  const fma = fmaGemm();
  if (fusedGemm) return 'fused multiply-add (relaxed SIMD; STAIRCASE_WASM_FMA=0 for XNNPACK-identical sums)';
  if (!fusedProductsWanted()) return 'multiply then add, bit-identical to XNNPACK (STAIRCASE_WASM_FMA=0)';
  return `multiply then add, bit-identical to XNNPACK (no fused multiply-add: ${typeof fma === 'string' ? fma : 'this CPU has no FMA unit'})`;
}

/** Whether the dense products are fused (for the backend details). */
export const fusedProducts = (): boolean => fusedGemm !== null;

/**
 * Register the override on the active wasm backend. Returns a line for the backend report:
 * what runs the products.
 */
export function registerWasmBatchMatMul(): string {
  const simd = simdKernels();
  if (typeof simd === 'string') return `BatchMatMul: tfjs kernel (${simd})`;
  const { backend, kernels } = simd;
  const offset = (t: tf.TensorInfo) => heapOffset(backend, t);
  const panel = panelScratch(backend);
  setFusedProducts(fusedProductsWanted());
  const done = overrideWasmKernel('BatchMatMul', (original) => (args) => {
    const { a, b } = args.inputs as { a: tf.TensorInfo; b: tf.TensorInfo };
    const { transposeA, transposeB } = args.attrs as { transposeA: boolean; transposeB: boolean };
    if (a.dtype !== 'float32' || b.dtype !== 'float32' || a.shape.length < 2 || b.shape.length < 2) return original.kernelFunc(args);
    const ra = a.shape.length;
    const rb = b.shape.length;
    const M = transposeA ? a.shape[ra - 1]! : a.shape[ra - 2]!;
    const K = transposeA ? a.shape[ra - 2]! : a.shape[ra - 1]!;
    const N = transposeB ? b.shape[rb - 2]! : b.shape[rb - 1]!;
    if (K !== (transposeB ? b.shape[rb - 1] : b.shape[rb - 2])) return original.kernelFunc(args);
    if (!transposeA && !transposeB && batchOf(a) === 1 && batchOf(b) === 1 && ra === rb) {
      const out = backend.makeOutput([...a.shape.slice(0, -2), M, N], 'float32');
      if (M * N > 0) (fusedGemm?.gemm_fma ?? kernels.gemm)(offset(a), offset(b), offset(out), M, K, N, panel(K, N), GEMM_KC);
      return out;
    }
    const batch = a.shape[0]!;
    if (ra !== 3 || rb !== 3 || batch <= 1 || b.shape[0] !== batch || K > MAX_INNER) return original.kernelFunc(args);
    const out = backend.makeOutput([batch, M, N], 'float32');
    if (batch * M * N > 0) kernels.bmm(offset(a), offset(b), offset(out), batch, M, K, N, transposeA ? 1 : 0, transposeB ? 1 : 0);
    return out;
  });
  tf.registerKernel({
    kernelName: MATMUL_TN,
    backendName: 'wasm',
    kernelFunc: ({ inputs }) => {
      const { a, b } = inputs as { a: tf.TensorInfo; b: tf.TensorInfo };
      float32Only(MATMUL_TN, [a, b]);
      if (a.shape.length !== 2 || b.shape.length !== 2 || a.shape[0] !== b.shape[0]) throw new Error(`${MATMUL_TN}: a [K, M] and b [K, N] must share K, got ${JSON.stringify(a.shape)} and ${JSON.stringify(b.shape)}`);
      const [K, M] = a.shape as [number, number];
      const N = b.shape[1]!;
      const out = backend.makeOutput([M, N], 'float32');
      if (M * N > 0) (fusedGemm?.gemm_tn_fma ?? kernels.gemm_tn)(offset(a), offset(b), offset(out), M, K, N, panel(K, N), GEMM_KC);
      return out;
    },
  });
  // The population's products (harness/model/seed-fused.ts): the same GEMM once per seed, on each
  // seed's slice, so a seed's products have the bits of its solo run's.
  const perSeed = (name: string, tn: boolean): tf.KernelConfig => ({
    kernelName: name,
    backendName: 'wasm',
    kernelFunc: ({ inputs }) => {
      const { a, b } = inputs as { a: tf.TensorInfo; b: tf.TensorInfo };
      float32Only(name, [a, b]);
      const [G, ar, ac] = a.shape as [number, number, number];
      const [, br, N] = b.shape as [number, number, number];
      const [M, K] = tn ? [ac, ar] : [ar, ac];
      if (a.shape.length !== 3 || b.shape.length !== 3 || b.shape[0] !== G || br !== K) throw new Error(`${name}: a and b must be [G, ${tn ? 'K, M' : 'M, K'}] and [G, K, N], got ${JSON.stringify(a.shape)} and ${JSON.stringify(b.shape)}`);
      const out = backend.makeOutput([G, M, N], 'float32');
      if (M * N === 0) return out;
      const gemm = tn ? (fusedGemm?.gemm_tn_fma ?? kernels.gemm_tn) : (fusedGemm?.gemm_fma ?? kernels.gemm);
      const [pa, pb, po, scratch] = [offset(a), offset(b), offset(out), panel(K, N)];
      for (let g = 0; g < G; g++) gemm(pa + 4 * g * M * K, pb + 4 * g * K * N, po + 4 * g * M * N, M, K, N, scratch, GEMM_KC);
      return out;
    },
  });
  tf.registerKernel(perSeed(SEED_MATMUL, false));
  tf.registerKernel(perSeed(SEED_MATMUL_TN, true));
  if (!done) return 'BatchMatMul: tfjs kernel (no wasm BatchMatMul registered to wrap)';
  return `BatchMatMul: SIMD kernels for dense products (and a^T @ b for weight gradients, no transpose first), ${denseProductsLine()}, and for rank-3 batches with inner dimension <= ${MAX_INNER} (harness/backend/wasm)`;
}
