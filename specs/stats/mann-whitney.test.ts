import { describe, expect, it } from 'vitest';
import { mannWhitneyNullDistribution, mannWhitneyU } from '../../harness/stats/index.ts';

// R documentation example, ?wilcox.test ("Two-sample test. Hollander & Wolfe
// (1973), 69f."): wilcox.test(x, y, alternative = "g") gives W = 35,
// p-value = 0.1272; two-sided p = 0.2544. Exact rationals 382/3003 and
// 764/3003 were confirmed by enumerating all C(15, 5) = 3003 rank splits in Python.
const x = [0.8, 0.83, 1.89, 1.04, 1.45, 1.38, 1.91, 1.64, 0.73, 1.46];
const y = [1.15, 0.88, 0.9, 0.74, 1.21];

describe('mannWhitneyU: exact (no ties)', () => {
  it('R ?wilcox.test example: W = 35', () => {
    const two = mannWhitneyU(x, y);
    expect(two).toMatchObject({ u: 35, method: 'exact' });
    expect(two.p).toBeCloseTo(0.2544, 4);
    expect(two.p).toBeCloseTo(764 / 3003, 14);
    const greater = mannWhitneyU(x, y, { alternative: 'greater' });
    expect(greater.p).toBeCloseTo(0.1272, 4);
    expect(greater.p).toBeCloseTo(382 / 3003, 14);
    // 'less' = P(U <= 35) = 1 - P(U >= 36)
    const less = mannWhitneyU(x, y, { alternative: 'less' });
    expect(less.p).toBeGreaterThan(0.85);
    expect(mannWhitneyU(y, x).u).toBe(50 - 35);
  });

  it('null distribution: m = n = 2 has counts 1,1,2,1,1 over C(4,2) = 6', () => {
    const d = mannWhitneyNullDistribution(2, 2);
    expect(d.map((v) => v * 6)).toEqual([1, 1, 2, 1, 1].map((v) => expect.closeTo(v, 12)));
  });

  it('null distribution sums to 1 and is symmetric, m = n = 50', () => {
    const d = mannWhitneyNullDistribution(50, 50);
    expect(d).toHaveLength(2501);
    expect(d.reduce((s, v) => s + v, 0)).toBeCloseTo(1, 12);
    expect(d[0]! * 1.008913445455642e29).toBeCloseTo(1, 10); // d[0] = 1 / C(100, 50)
    expect(d[100]).toBeCloseTo(d[2400]!, 18);
  });

  it('complete separation with m = n = 5 gives two-sided p = 2/252', () => {
    const r = mannWhitneyU([6, 7, 8, 9, 10], [1, 2, 3, 4, 5]);
    expect(r.u).toBe(25);
    expect(r.p).toBeCloseTo(2 / 252, 14);
    expect(mannWhitneyU([6, 7, 8, 9, 10], [1, 2, 3, 4, 5], { alternative: 'less' }).p).toBeCloseTo(1, 14);
  });
});

describe('mannWhitneyU: normal approximation', () => {
  // The ?wilcox.test paired-data example used unpaired. It has ties
  // (1.06 and 1.29 twice), so R falls back to the normal approximation with tie-
  // corrected variance and continuity correction. Reference numbers from an
  // independent Python (stdlib) implementation of that formula: U = 58,
  // two-sided p = 0.1329194581853188, greater p = 0.0664597290926594.
  const a = [1.83, 0.5, 1.62, 2.48, 1.68, 1.88, 1.55, 3.06, 1.3];
  const b = [0.878, 0.647, 0.598, 2.05, 1.06, 1.29, 1.06, 3.14, 1.29];

  it('ties force the normal method with tie correction', () => {
    const r = mannWhitneyU(a, b);
    expect(r).toMatchObject({ u: 58, method: 'normal' });
    expect(r.p).toBeCloseTo(0.1329194581853188, 12);
    expect(mannWhitneyU(a, b, { alternative: 'greater' }).p).toBeCloseTo(0.0664597290926594, 12);
    expect(() => mannWhitneyU(a, b, { exact: true })).toThrow(/ties/);
  });

  it('can be forced without ties (exact: false), as R\'s exact = FALSE', () => {
    // Python: z = (35 - 25 - 0.5) / sqrt(50 * 16 / 12) -> p = 0.24462360512698345
    const r = mannWhitneyU(x, y, { exact: false });
    expect(r.method).toBe('normal');
    expect(r.p).toBeCloseTo(0.24462360512698345, 12);
  });

  it('uses the normal method above 50 per sample', () => {
    const xs = Array.from({ length: 51 }, (_, i) => i + 0.5);
    const ys = Array.from({ length: 10 }, (_, i) => i * 3);
    expect(mannWhitneyU(xs, ys).method).toBe('normal');
    expect(mannWhitneyU(xs.slice(0, 50), ys).method).toBe('exact');
  });

  it('returns NaN p when every value is tied (R reports NA)', () => {
    const r = mannWhitneyU([1, 1, 1], [1, 1]);
    expect(r.u).toBe(3);
    expect(r.p).toBeNaN();
  });
});

describe('mannWhitneyU: invalid input', () => {
  it('throws on empty or non-finite samples and bad alternatives', () => {
    expect(() => mannWhitneyU([], [1])).toThrow(/xs must be a non-empty array/);
    expect(() => mannWhitneyU([1], [NaN])).toThrow(/ys must contain only finite/);
    // @ts-expect-error runtime check of an invalid alternative
    expect(() => mannWhitneyU([1], [2], { alternative: 'both' })).toThrow(/alternative/);
  });
});
