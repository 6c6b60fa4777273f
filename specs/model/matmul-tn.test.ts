import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { withTfjsKernels } from '../../harness/backend/wasm/register.ts';
import { fusedProducts, setFusedProducts } from '../../harness/backend/wasm/batch-matmul.ts';
import { MATMUL_TN, matMulTN } from '../../harness/model/fused.ts';
import { bits, firstDifference, seededValues } from '../helpers/bits.ts';
import { fusedReference } from '../helpers/fma.ts';
import { trainSteps, weightBits } from '../helpers/train-steps.ts';
import { wasmWithProducts } from '../helpers/wasm-products.ts';

const values = (n: number, seed: number) => seededValues(n, seed, 4, (i) => (i % 29 === 0 ? 0 : i % 31 === 0 ? -0 : undefined));

/** a stored [K, M] transposed to [M, K], as the reference ops do. */
function transposed(a: Float32Array, K: number, M: number): Float32Array {
  const out = new Float32Array(M * K);
  for (let k = 0; k < K; k++) for (let i = 0; i < M; i++) out[i * K + k] = a[k * M + i]!;
  return out;
}

describe('a^T @ b as one kernel (the weight gradients)', () => {
  wasmWithProducts(true);

  it('is registered on wasm, and the reference ops run without it', async () => {
    expect(tf.getKernel(MATMUL_TN, 'wasm')).toBeDefined();
    expect(await withTfjsKernels(() => tf.getKernel(MATMUL_TN, 'wasm'), [MATMUL_TN])).toBeUndefined();
  });

  // [K, M] x [K, N]: the smoke step's x^T @ dy, and every remainder path of gemm.c (with several
  // blocks of terms and of rows).
  const shapes: [number, number, number][] = [
    [864, 64, 256],
    [864, 256, 64],
    [300, 133, 24],
    [70, 37, 21],
    [33, 6, 15],
    [3, 5, 1],
    [9, 1, 2],
  ];
  for (const [K, M, N] of shapes) {
    it(`gives the reference's bits for [${K},${M}]^T x [${K},${N}], with exact and with fused products`, async () => {
      const av = values(K * M, 7);
      const bv = values(K * N, 8);
      const a = tf.tensor2d(av, [K, M]);
      const b = tf.tensor2d(bv, [K, N]);
      setFusedProducts(false);
      const exact = matMulTN(a, b);
      const reference = await withTfjsKernels(() => matMulTN(a, b)); // transpose, then XNNPACK
      expect(exact.shape).toEqual([M, N]);
      expect(bits(exact)).toEqual(bits(reference));
      setFusedProducts(true);
      const fused = matMulTN(a, b);
      const expected = fusedProducts() ? fusedReference(transposed(av, K, M), bv, M, K, N) : (reference.dataSync() as Float32Array);
      expect(bits(fused)).toEqual(new Uint32Array(expected.slice().buffer));
      tf.dispose([a, b, exact, reference, fused]);
    });
  }

  it('changes no bit of a training run, with fused products (standard, 4 steps)', async () => {
    setFusedProducts(true);
    const run = async () => weightBits((await trainSteps({ model: 'standard' }, 3, 4)).weights);
    expect(firstDifference(await run(), await withTfjsKernels(run, [MATMUL_TN]))).toBe('');
  }, 60_000);
});
