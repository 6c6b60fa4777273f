import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { withTfjsKernels } from '../../harness/backend/wasm/register.ts';
import { bits, firstDifference, seededValues } from '../helpers/bits.ts';
import { trainSteps, weightBits } from '../helpers/train-steps.ts';
import { wasmWithProducts } from '../helpers/wasm-products.ts';

const withTfjsBatchMatMul = <T>(fn: () => Promise<T> | T) => withTfjsKernels(fn, ['BatchMatMul']);

/** Seeded values in [-2, 2) with a few exact zeros and negative zeros, as activations have. */
const values = (n: number, seed: number) => seededValues(n, seed, 4, (i) => (i % 37 === 0 ? 0 : i % 41 === 0 ? -0 : undefined));

/**
 * a (sa) times b (sb), both seeded, with the transpose flags applied to stored operands of swapped
 * last axes: once on the active kernels and once on tfjs's BatchMatMul.
 */
async function bothWays(sa: number[], sb: number[], ta: boolean, tb: boolean, seed: number) {
  const swap = (s: number[]) => [...s.slice(0, -2), s.at(-1)!, s.at(-2)!];
  const shapeA = ta ? swap(sa) : sa;
  const shapeB = tb ? swap(sb) : sb;
  const a = tf.tensor(values(shapeA.reduce((x, y) => x * y), seed), shapeA);
  const b = tf.tensor(values(shapeB.reduce((x, y) => x * y), seed + 1), shapeB);
  const simd = tf.matMul(a, b, ta, tb);
  const ref = await withTfjsBatchMatMul(() => tf.matMul(a, b, ta, tb));
  tf.dispose([a, b]);
  return { simd, ref };
}

// With exact products (STAIRCASE_WASM_FMA=0): the fused GEMM has its own spec, wasm-gemm-fma.test.ts.
describe('wasm BatchMatMul SIMD kernel, exact products', () => {
  const info = wasmWithProducts(false);

  it('is what the backend reports for the attention products, and the comparisons really swap kernels', async () => {
    expect(info().details.simdKernels).toMatch(/^BatchMatMul: SIMD kernels for dense products/);
    const simd = tf.getKernel('BatchMatMul', 'wasm')!.kernelFunc;
    const inside = await withTfjsBatchMatMul(() => tf.getKernel('BatchMatMul', 'wasm')!.kernelFunc);
    expect(inside).not.toBe(simd);
    expect(tf.getKernel('BatchMatMul', 'wasm')!.kernelFunc).toBe(simd);
  });

  // The attention shapes of the smoke and full models, odd sizes for the 4-wide remainder, and
  // inner dimensions at and beyond the 48 where tfjs's loop starts a second block.
  const cases: [number[], number[]][] = [
    [[256, 9, 16], [256, 16, 9]],
    [[256, 9, 9], [256, 9, 16]],
    [[24, 15, 15], [24, 15, 16]],
    [[7, 5, 3], [7, 3, 6]],
    [[3, 4, 48], [3, 48, 5]],
    [[3, 4, 50], [3, 50, 5]],
    [[1, 9, 9], [1, 9, 16]],
  ];
  for (const [sa, sb] of cases) {
    for (const [ta, tb] of [[false, false], [false, true], [true, false], [true, true]] as const) {
      it(`gives tfjs's bits for ${JSON.stringify(sa)} x ${JSON.stringify(sb)}, transposeA ${ta}, transposeB ${tb}`, async () => {
        const { simd, ref } = await bothWays(sa, sb, ta, tb, 1);
        expect(simd.shape).toEqual([sa[0], sa[1], sb[2]]);
        expect(bits(simd)).toEqual(bits(ref));
        tf.dispose([simd, ref]);
      });
    }
  }

  // Dense products: the step's projection shapes (b's rows 1 KiB apart), odd sizes for every
  // remainder path (rows not a multiple of 4, a 4-column block, 1-3 last columns, a single column,
  // several blocks of terms and of rows with partial last ones), and a rank-3 batch of one. Transpose flags go to tfjs's kernel and must still agree.
  const dense: [number[], number[]][] = [
    [[864, 64], [64, 256]],
    [[64, 864], [864, 256]],
    [[133, 300], [300, 24]],
    [[37, 70], [70, 21]],
    [[6, 33], [33, 15]],
    [[5, 3], [3, 1]],
    [[3, 5], [5, 2]],
    [[1, 13, 17], [1, 17, 12]],
  ];
  for (const [sa, sb] of dense) {
    for (const [ta, tb] of [[false, false], [true, false], [false, true]] as const) {
      it(`gives XNNPACK's bits for the dense ${JSON.stringify(sa)} x ${JSON.stringify(sb)}, transposeA ${ta}, transposeB ${tb}`, async () => {
        const { simd, ref } = await bothWays(sa, sb, ta, tb, 3);
        expect(simd.shape).toEqual([...sa.slice(0, -1), sb.at(-1)]);
        expect(ref.shape).toEqual(simd.shape);
        expect(bits(simd)).toEqual(bits(ref));
        tf.dispose([simd, ref]);
      });
    }
  }

  it('trains to bit-identical weights (a universal and a standard model, 4 steps)', async () => {
    for (const model of ['universal', 'standard'] as const) {
      const run = async () => weightBits((await trainSteps({ model }, 7, 4)).weights);
      expect(firstDifference(await run(), await withTfjsBatchMatMul(run))).toBe('');
    }
  }, 60_000);
});
