import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { OVERRIDDEN_KERNELS, withTfjsKernels } from '../../harness/backend/wasm/register.ts';
import { FUSED_KERNELS } from '../../harness/model/fused.ts';
import { firstDifference } from '../helpers/bits.ts';
import { trainSteps, weightBits } from '../helpers/train-steps.ts';
import { wasmWithProducts } from '../helpers/wasm-products.ts';

// With exact products (STAIRCASE_WASM_FMA=0): the fused ones round differently by design
// (specs/backend/wasm-gemm-fma.test.ts).
describe('wasm kernel overrides, exact products', () => {
  wasmWithProducts(false);

  it('swap every overridden kernel for tfjs\'s own and back', async () => {
    const ours = OVERRIDDEN_KERNELS.map((n) => tf.getKernel(n, 'wasm')!.kernelFunc);
    const inside = await withTfjsKernels(() => OVERRIDDEN_KERNELS.map((n) => tf.getKernel(n, 'wasm')!.kernelFunc));
    inside.forEach((k, i) => expect(k, OVERRIDDEN_KERNELS[i]).not.toBe(ours[i]));
    OVERRIDDEN_KERNELS.forEach((n, i) => expect(tf.getKernel(n, 'wasm')!.kernelFunc, n).toBe(ours[i]));
  });

  it('remove the model\'s fused kernels for tfjs\'s side (the model then runs its reference ops) and put them back', async () => {
    const fused = FUSED_KERNELS.map((n) => tf.getKernel(n, 'wasm')?.kernelFunc);
    fused.forEach((k, i) => expect(k, FUSED_KERNELS[i]).toBeTypeOf('function'));
    const inside = await withTfjsKernels(() => FUSED_KERNELS.map((n) => tf.getKernel(n, 'wasm')));
    expect(inside).toEqual(FUSED_KERNELS.map(() => undefined));
    FUSED_KERNELS.forEach((n, i) => expect(tf.getKernel(n, 'wasm')?.kernelFunc, n).toBe(fused[i]));
  });

  it('train to bit-identical weights and losses with tfjs\'s kernels (standard and universal, 5 steps)', async () => {
    for (const model of ['universal', 'standard'] as const) {
      const run = () => trainSteps({ model }, 11, 5);
      const ours = await run();
      const theirs = await withTfjsKernels(run);
      expect(ours.losses).toEqual(theirs.losses);
      expect(firstDifference(weightBits(ours.weights), weightBits(theirs.weights))).toBe('');
    }
  }, 60_000);
});
