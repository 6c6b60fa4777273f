/**
 * The SIMD kernels module (bmm.c, gelu.c, gemm.c, layernorm.c, sum-rows.c, transpose.c; built by
 * scripts/build-wasm-kernels.sh and committed only as base64 in kernels-binary.ts, so that it loads
 * with no file access from a checkout or a bundle), instantiated on the tfjs wasm backend's own memory so that it reads and
 * writes tensors where they live. The module has no data or stack of its own in that memory.
 */
import * as tf from '@tensorflow/tfjs-core';
import v8 from 'node:v8';
import { WASM_KERNELS_BASE64, WASM_KERNELS_FMA_BASE64 } from './kernels-binary.ts';

export interface WasmBackendLike {
  wasm: { asm?: { memory?: WebAssembly.Memory }; _malloc(bytes: number): number; _free(offset: number): void };
  dataIdMap: { get(dataId: object): { memoryOffset: number } | undefined };
  makeOutput(shape: number[], dtype: 'float32'): tf.TensorInfo;
}

export interface SimdKernels {
  bmm(a: number, b: number, out: number, batch: number, M: number, K: number, N: number, transposeA: number, transposeB: number): void;
  gelu_pre(x: number, out: number, n: number): void;
  gelu_grad(dy: number, x: number, s: number, out: number, n: number): void;
  ln_fwd(x: number, g: number, b: number, y: number, xhat: number, rstd: number, n: number, d: number, eps: number): void;
  ln_grad(dy: number, xhat: number, rstd: number, g: number, dx: number, dg: number, db: number, n: number, d: number): void;
  sum_rows(x: number, out: number, n: number, c: number): void;
  gemm(a: number, b: number, out: number, M: number, K: number, N: number, panel: number, kcMax: number): void;
  gemm_tn(a: number, b: number, out: number, M: number, K: number, N: number, panel: number, kcMax: number): void;
  transpose2d(x: number, out: number, batch: number, R: number, C: number): void;
  swap12(x: number, out: number, A: number, B: number, C: number, D: number): void;
  copy_rows(x: number, out: number, rows: number, cols: number, outStride: number): void;
}

let instantiated: { backend: WasmBackendLike; kernels: SimdKernels } | null = null;

/** The kernels on the active wasm backend (instantiated once), or why they cannot run there. */
export function simdKernels(): { backend: WasmBackendLike; kernels: SimdKernels } | string {
  if (instantiated) return instantiated;
  const backend = tf.findBackend('wasm') as unknown as WasmBackendLike | undefined;
  if (!backend) return 'the wasm backend is not initialised';
  const memory = backend.wasm.asm?.memory;
  if (!(memory instanceof WebAssembly.Memory)) return 'the tfjs wasm module does not expose its memory (asm.memory)';
  const bytes = Buffer.from(WASM_KERNELS_BASE64, 'base64');
  const instance = new WebAssembly.Instance(new WebAssembly.Module(bytes), { env: { memory } });
  instantiated = { backend, kernels: instance.exports as unknown as SimdKernels };
  return instantiated;
}

/** Throw, naming the kernel, unless every tensor is float32 (the SIMD kernels read and write floats). */
export function float32Only(kernel: string, tensors: readonly tf.TensorInfo[]): void {
  for (const t of tensors) if (t.dtype !== 'float32') throw new Error(`${kernel}: float32 tensors only, got ${t.dtype}`);
}

/** Byte offset of a tensor's data in the wasm heap. */
export function heapOffset(backend: WasmBackendLike, t: tf.TensorInfo): number {
  const data = backend.dataIdMap.get(t.dataId);
  if (!data) throw new Error('wasm SIMD kernel: a tensor has no data in the wasm heap');
  return data.memoryOffset;
}

/** gemm.c's fused multiply-add build, and whether this host really fuses (see probeFusion). */
export interface FmaGemm {
  gemm_fma(a: number, b: number, out: number, M: number, K: number, N: number, panel: number, kcMax: number): void;
  gemm_tn_fma(a: number, b: number, out: number, M: number, K: number, N: number, panel: number, kcMax: number): void;
  fused: boolean;
}

let fma: FmaGemm | string | null = null;

/**
 * The fused multiply-add GEMM (WASM_KERNELS_FMA_BASE64, gemm.c built with GEMM_FMA) on the active wasm backend, or why it cannot run.
 * It needs WebAssembly relaxed SIMD: on by default from V8 11.4 (Node 22), behind a flag in Node 20's
 * V8 11.3, which is set here before the module is compiled (the flag only adds instructions).
 */
export function fmaGemm(): FmaGemm | string {
  if (fma) return fma;
  const simd = simdKernels();
  if (typeof simd === 'string') return simd;
  const bytes = Buffer.from(WASM_KERNELS_FMA_BASE64, 'base64');
  if (!WebAssembly.validate(bytes)) v8.setFlagsFromString('--experimental-wasm-relaxed-simd');
  if (!WebAssembly.validate(bytes)) return (fma = `this runtime has no WebAssembly relaxed SIMD (V8 ${process.versions.v8})`);
  const memory = simd.backend.wasm.asm!.memory!;
  const { gemm_fma, gemm_tn_fma } = new WebAssembly.Instance(new WebAssembly.Module(bytes), { env: { memory } }).exports as unknown as FmaGemm;
  fma = { gemm_fma, gemm_tn_fma, fused: probeFusion(simd.backend, gemm_fma) };
  return fma;
}

/**
 * relaxed_madd is fused where the CPU has an FMA unit (x86-64 with FMA3, every ARM64) and two
 * roundings elsewhere. The probe is a 1x2 by 2x1 product whose second term, (1 + 2^-12)^2 =
 * 1 + 2^-11 + 2^-24, needs 25 bits: fused, adding it to -(1 + 2^-11) leaves 2^-24; rounded first, 0.
 */
function probeFusion(backend: WasmBackendLike, gemm: FmaGemm['gemm_fma']): boolean {
  const at = backend.wasm._malloc(128);
  try {
    const heap = new Float32Array(backend.wasm.asm!.memory!.buffer, at, 4);
    heap.set([1, 1 + 2 ** -12, -(1 + 2 ** -11), 1 + 2 ** -12]);
    gemm(at, at + 8, at + 16, 1, 2, 1, at + 32, 2);
    return new Float32Array(backend.wasm.asm!.memory!.buffer, at, 5)[4] === 2 ** -24;
  } finally {
    backend.wasm._free(at);
  }
}
