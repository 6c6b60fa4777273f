import { describe, expect, it } from 'vitest';
import { fisherExact, fisherOneSided } from '../../harness/stats/index.ts';

describe('fisherExact: published values', () => {
  it("Fisher's lady tasting tea, R fisher.test(matrix(c(3,1,1,3),2))", () => {
    // R documentation example (?fisher.test, TeaTasting):
    // two-sided p = 0.4857, alternative = "greater" p = 0.2429,
    // odds ratio estimate (conditional MLE) 6.408309.
    // Exact rationals: two-sided 34/70, greater 17/70.
    const r = fisherExact(3, 1, 1, 3);
    expect(r.pTwoSided).toBeCloseTo(34 / 70, 14);
    expect(r.pGreater).toBeCloseTo(17 / 70, 14);
    expect(r.pTwoSided).toBeCloseTo(0.4857, 4);
    expect(r.pGreater).toBeCloseTo(0.2429, 4);
    expect(r.pLess).toBeCloseTo(69 / 70, 14);
    expect(r.oddsRatio).toBe(9);
    // R solves with uniroot (tol ~1e-4) and prints 6.408309; the exact root of
    // E[X; psi] = 3 is 6.4083197 (checked by bisection in Python), so 4 decimals.
    expect(r.conditionalOddsRatio).toBeCloseTo(6.4083, 4);
  });

  it("Wikipedia 'Fisher's exact test' example [[1, 9], [11, 3]]: p = 0.002759", () => {
    // https://en.wikipedia.org/wiki/Fisher%27s_exact_test (studying vs. not, by sex)
    const r = fisherExact(1, 9, 11, 3);
    expect(r.pTwoSided).toBeCloseTo(0.002759, 6);
    // The page quotes 0.001346 as the probability of the observed table,
    // P(X = 1) = C(10,1) C(14,11) / C(24,12) = 3640 / 2704156; one-sided
    // P(X <= 1) = (91 + 3640) / 2704156 (computed by hand, not from the page).
    expect(r.pLess).toBeCloseTo(3731 / 2704156, 14);
  });
});

describe('fisherExact: properties and edges', () => {
  it('two-sided p uses R\'s 1e-7 relative tolerance (ties in probability count)', () => {
    // Symmetric margins: the mirror table has exactly the same probability,
    // so two-sided p = 2 * one-sided p here (rounding must not drop it).
    const r = fisherExact(0, 5, 5, 0);
    expect(r.pLess).toBeCloseTo(1 / 252, 14);
    expect(r.pTwoSided).toBeCloseTo(2 / 252, 14);
    expect(r.oddsRatio).toBe(0);
    expect(r.conditionalOddsRatio).toBe(0);
  });

  it('is invariant to swapping arms (with sides swapped)', () => {
    const a = fisherExact(7, 3, 2, 8);
    const b = fisherExact(2, 8, 7, 3);
    expect(a.pTwoSided).toBeCloseTo(b.pTwoSided, 14);
    expect(a.pGreater).toBeCloseTo(b.pLess, 14);
  });

  it('handles empty margins: every p is 1, odds ratio NaN', () => {
    const r = fisherExact(0, 0, 0, 0);
    expect([r.pLess, r.pGreater, r.pTwoSided]).toEqual([1, 1, 1]);
    expect(r.oddsRatio).toBeNaN();
    expect(fisherExact(4, 0, 2, 3).oddsRatio).toBe(Infinity);
  });

  it('fisherOneSided gives the same one-sided p-values as fisherExact', () => {
    for (const [a, b, c, d] of [[3, 1, 1, 3], [0, 4, 4, 0], [10, 22, 18, 14], [0, 0, 3, 2]] as const) {
      const full = fisherExact(a, b, c, d);
      const light = fisherOneSided(a, b, c, d);
      expect(light.pLess).toBeCloseTo(full.pLess, 15);
      expect(light.pGreater).toBeCloseTo(full.pGreater, 15);
    }
    expect(() => fisherOneSided(1, -2, 3, 4)).toThrow(/b must be a non-negative integer/);
  });

  it('rejects negative or non-integer cells', () => {
    expect(() => fisherExact(-1, 2, 3, 4)).toThrow(/a must be a non-negative integer/);
    expect(() => fisherExact(1, 2.5, 3, 4)).toThrow(/b must be a non-negative integer/);
  });
});
