import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { withTfjsKernels } from '../../harness/backend/wasm/register.ts';
import { fusedProducts, fusedProductsWanted, setFusedProducts } from '../../harness/backend/wasm/batch-matmul.ts';
import { fmaGemm } from '../../harness/backend/wasm/instance.ts';
import { bits, seededValues } from '../helpers/bits.ts';
import { fma32, fusedReference } from '../helpers/fma.ts';
import { trainSteps } from '../helpers/train-steps.ts';
import { wasmWithProducts } from '../helpers/wasm-products.ts';

const values = (n: number, seed: number) => seededValues(n, seed, 4, (i) => (i % 37 === 0 ? 0 : i % 41 === 0 ? -0 : undefined));

describe('wasm dense products by fused multiply-add (relaxed SIMD)', () => {
  const info = wasmWithProducts(true);

  it('fma32 rounds once: the cases where rounding twice differs, and published fmaf values', () => {
    // (1 + 2^-12)^2 - (1 + 2^-11) = 2^-24 exactly; a multiply then an add gives 0.
    expect(fma32(1 + 2 ** -12, 1 + 2 ** -12, -(1 + 2 ** -11))).toBe(2 ** -24);
    expect(Math.fround(Math.fround((1 + 2 ** -12) ** 2) - (1 + 2 ** -11))).toBe(0);
    // A double sum exactly halfway between two floats, the exact sum just above it: round up.
    // 1 + 2^-24 is halfway between 1 and 1 + 2^-23; adding 2^-60 through the product must round up.
    expect(fma32(2 ** -30, 2 ** -30, 1 + 2 ** -24)).toBe(1 + 2 ** -23);
    expect(fma32(-(2 ** -30), 2 ** -30, 1 + 2 ** -24)).toBe(1);
    expect(fma32(3, 5, 7)).toBe(22);
  });

  it('is on by default on this runtime, as the backend reports, and STAIRCASE_WASM_FMA=0 or a typo is understood', () => {
    const fma = fmaGemm();
    expect(typeof fma === 'string' ? fma : 'relaxed SIMD').toBe('relaxed SIMD');
    if (typeof fma === 'string') return;
    expect(info().details.fusedProducts).toBe(fma.fused);
    if (fma.fused) expect(info().details.simdKernels).toMatch(/dense products .*, fused multiply-add/);
    expect(fusedProductsWanted({})).toBe(true);
    expect(fusedProductsWanted({ STAIRCASE_WASM_FMA: '0' })).toBe(false);
    expect(() => fusedProductsWanted({ STAIRCASE_WASM_FMA: 'no' })).toThrow(/STAIRCASE_WASM_FMA=no: use 1 .* or 0/);
  });

  // The step's shapes and every remainder path of gemm.c (rows not a multiple of 4, a 4-column
  // block, 1-3 last columns, one row, one column; several blocks of terms and of rows, the last ones
  // partial).
  const dense: [number, number, number][] = [
    [864, 64, 256],
    [64, 864, 192],
    [133, 300, 24],
    [37, 70, 21],
    [6, 33, 15],
    [5, 3, 1],
    [1, 9, 2],
  ];
  for (const [M, K, N] of dense) {
    it(`gives the fused sums' bits for [${M},${K}] x [${K},${N}] where the CPU fuses, XNNPACK's where it does not`, async () => {
      const av = values(M * K, 5);
      const bv = values(K * N, 6);
      const a = tf.tensor2d(av, [M, K]);
      const b = tf.tensor2d(bv, [K, N]);
      const ours = tf.matMul(a, b);
      const xnnpack = await withTfjsKernels(() => tf.matMul(a, b), ['BatchMatMul']);
      const expected = fusedProducts() ? fusedReference(av, bv, M, K, N) : (xnnpack.dataSync() as Float32Array);
      expect(bits(ours)).toEqual(new Uint32Array(expected.slice().buffer));
      if (fusedProducts() && M * K * N > 1000) expect(bits(ours)).not.toEqual(bits(xnnpack)); // it really is another kernel
      tf.dispose([a, b, ours, xnnpack]);
    });
  }

  it('trains to weights that differ from the exact products only by rounding (universal, 5 steps)', async () => {
    const run = async () => Object.values((await trainSteps({ model: 'universal' }, 11, 5)).weights);
    const fused = await run();
    setFusedProducts(false);
    const exact = await run();
    setFusedProducts(true);
    let largest = 0;
    let differing = 0;
    fused.forEach((w, i) =>
      w.forEach((x, j) => {
        const y = exact[i]![j]!;
        if (x !== y) differing += 1;
        largest = Math.max(largest, Math.abs(x - y) / Math.max(1e-3, Math.abs(y)));
      }),
    );
    if (fusedProducts()) expect(differing).toBeGreaterThan(0);
    expect(largest).toBeLessThan(1e-3);
  }, 60_000);
});
