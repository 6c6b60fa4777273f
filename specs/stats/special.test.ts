import { describe, expect, it } from 'vitest';
import {
  betaQuantile,
  binomialTail,
  logGamma,
  regularizedIncompleteBeta,
} from '../../harness/stats/index.ts';

// Reference values were computed independently with Python 3.11's standard
// library: math.lgamma; exact rational binomial sums via fractions.Fraction
// (I_x(a, b) = P(Binomial(a + b - 1, x) >= a) for integer a, b); the closed
// form I_x(1/2, 1/2) = (2 / pi) asin(sqrt(x)); and composite Simpson
// integration of the Beta density (200000 panels) for non-integer shapes.
describe('logGamma', () => {
  it.each([
    [0.5, 0.5723649429247004], // log(sqrt(pi))
    [1.5, -0.12078223763524543],
    [3, Math.log(2)],
    [10.5, 13.940625219403763],
    [101, 363.73937555556347], // log(100!)
    [0.001, 6.907178885383854],
  ])('lgamma(%d)', (x, ref) => {
    expect(logGamma(x)).toBeCloseTo(ref, 12);
  });
  it('rejects x <= 0', () => {
    expect(() => logGamma(0)).toThrow(/> 0/);
    expect(() => logGamma(-2)).toThrow(/> 0/);
  });
});

describe('regularizedIncompleteBeta', () => {
  it.each([
    [0.3, 2, 5, 0.579825], // exact rational
    [0.9, 10, 3, 0.889130022255], // exact rational
    [0.05, 1, 64, 0.9624758607888839], // 1 - 0.95^64
    [0.5, 30, 30, 0.5], // symmetry
    [0.01, 0.5, 0.5, 0.06376856085851985], // arcsine law
    [0.93, 0.5, 0.5, 0.8295365716168013],
    [0.4, 2.5, 3.7, 0.5151961496687653], // Simpson
    [0.85, 7.25, 1.5, 0.4872576195854937], // Simpson
  ])('I_%d(%d, %d)', (x, a, b, ref) => {
    expect(regularizedIncompleteBeta(x, a, b)).toBeCloseTo(ref, 11);
  });
  it('handles the ends and symmetry I_x(a,b) = 1 - I_{1-x}(b,a)', () => {
    expect(regularizedIncompleteBeta(0, 2, 3)).toBe(0);
    expect(regularizedIncompleteBeta(1, 2, 3)).toBe(1);
    const v = regularizedIncompleteBeta(0.37, 4.2, 9.1);
    expect(v + regularizedIncompleteBeta(0.63, 9.1, 4.2)).toBeCloseTo(1, 14);
  });
  it('rejects bad arguments', () => {
    expect(() => regularizedIncompleteBeta(1.2, 1, 1)).toThrow(/x must be/);
    expect(() => regularizedIncompleteBeta(0.5, 0, 1)).toThrow(/shapes/);
  });
});

describe('betaQuantile', () => {
  it('inverts the incomplete beta over a grid of shapes and probabilities', () => {
    for (const [a, b] of [[1, 64], [0.5, 0.5], [5, 6], [81, 183], [64, 1], [0.3, 7]] as const) {
      for (const p of [1e-6, 0.025, 0.05, 0.5, 0.95, 0.975, 1 - 1e-6]) {
        const x = betaQuantile(p, a, b);
        // 9 digits: for Beta(0.5, 0.5) at p = 1 - 1e-6 the quantile is 1 - 2.5e-12,
        // where one ulp of x already moves I_x by ~2e-11.
        expect(regularizedIncompleteBeta(x, a, b)).toBeCloseTo(p, 9);
      }
    }
  });
  it('has closed forms for Beta(1, n) and Beta(n, 1)', () => {
    // Beta(1, 10): 1 - (1 - x)^10 = p => x = 1 - (1 - p)^(1/10)
    expect(betaQuantile(0.975, 1, 10)).toBeCloseTo(1 - 0.025 ** 0.1, 13);
    expect(betaQuantile(0.025, 10, 1)).toBeCloseTo(0.025 ** 0.1, 13);
    expect(betaQuantile(0, 2, 2)).toBe(0);
    expect(betaQuantile(1, 2, 2)).toBe(1);
  });
});

describe('binomialTail', () => {
  const direct = (k: number, n: number, p: number, upper: boolean): number => {
    let s = 0;
    let c = 1; // C(n, i), built up iteratively
    for (let i = 0; i <= n; i++) {
      if (i > 0) c = (c * (n - i + 1)) / i;
      if (upper ? i >= k : i <= k) s += c * p ** i * (1 - p) ** (n - i);
    }
    return s;
  };
  it('agrees with direct summation', () => {
    for (const n of [1, 5, 16, 64]) {
      for (const p of [0.03, 0.5, 0.6, 0.97]) {
        for (let k = -1; k <= n + 1; k++) {
          expect(binomialTail(k, n, p, 'upper')).toBeCloseTo(direct(k, n, p, true), 12);
          expect(binomialTail(k, n, p, 'lower')).toBeCloseTo(direct(k, n, p, false), 12);
        }
      }
    }
  });
  it('rejects bad arguments', () => {
    expect(() => binomialTail(1.5, 10, 0.5, 'upper')).toThrow(/integer/);
    expect(() => binomialTail(1, 10, 2, 'upper')).toThrow(/probability/);
  });
});
