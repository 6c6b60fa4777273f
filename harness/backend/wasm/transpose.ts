/**
 * Transpose override for the wasm backend: the model's transposes (2-D [N, d] <-> [d, N] in every
 * backward pass, and the head split/merge [B, T, H, dh] <-> [B, H, T, dh]) run on SIMD kernels
 * (transpose.c). tfjs's kernel moved 1.7-1.9 GB/s on the full model's [3840, 96] and [3840, 384]
 * against 15-25 GB/s for a plain copy. Pure data movement: the same elements in the same places
 * (specs/backend/wasm-transpose.test.ts). Other permutations go to tfjs's kernel.
 */
import type * as tf from '@tensorflow/tfjs-core';
import { overrideWasmKernel } from './override.ts';
import { heapOffset, simdKernels } from './instance.ts';

type Plan = { kind: 'transpose2d'; batch: number; R: number; C: number } | { kind: 'swap12'; A: number; B: number; C: number; D: number };

/** The kernel for a permutation once axes of size 1 are dropped, or null for tfjs's kernel. */
export function transposePlan(shape: readonly number[], perm: readonly number[]): Plan | null {
  const kept = shape.map((_, i) => i).filter((i) => shape[i] !== 1);
  const s = kept.map((i) => shape[i]!);
  const p = perm.filter((i) => shape[i] !== 1).map((i) => kept.indexOf(i));
  const key = p.join(',');
  if (key === '1,0') return { kind: 'transpose2d', batch: 1, R: s[0]!, C: s[1]! };
  if (key === '0,2,1') return { kind: 'transpose2d', batch: s[0]!, R: s[1]!, C: s[2]! };
  if (key === '1,0,2') return { kind: 'swap12', A: 1, B: s[0]!, C: s[1]!, D: s[2]! };
  if (key === '0,2,1,3') return { kind: 'swap12', A: s[0]!, B: s[1]!, C: s[2]!, D: s[3]! };
  return null;
}

export function registerWasmTranspose(): string {
  const simd = simdKernels();
  if (typeof simd === 'string') return `Transpose: tfjs kernel (${simd})`;
  const { backend, kernels } = simd;
  const done = overrideWasmKernel('Transpose', (original) => (args) => {
    const { x } = args.inputs as { x: tf.TensorInfo };
    const { perm } = args.attrs as { perm: number[] };
    const plan = x.dtype === 'float32' ? transposePlan(x.shape, perm) : null;
    if (!plan) return original.kernelFunc(args);
    const out = backend.makeOutput(perm.map((i) => x.shape[i]!), 'float32');
    if (x.shape.some((n) => n === 0)) return out;
    const from = heapOffset(backend, x);
    const to = heapOffset(backend, out);
    if (plan.kind === 'transpose2d') kernels.transpose2d(from, to, plan.batch, plan.R, plan.C);
    else kernels.swap12(from, to, plan.A, plan.B, plan.C, plan.D);
    return out;
  });
  if (!done) return 'Transpose: tfjs kernel (no wasm Transpose registered to wrap)';
  return 'Transpose: SIMD kernels for 2-D, batched 2-D and axis-1/2 swaps';
}
