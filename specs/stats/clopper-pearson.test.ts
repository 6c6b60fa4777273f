import { describe, expect, it } from 'vitest';
import { clopperPearsonBound, clopperPearsonInterval } from '../../harness/stats/index.ts';

// Published values: Newcombe (1998), Stat. Med. 17, 857-872, Table II,
// method 5 ("exact", Clopper-Pearson), 4 decimals; the same numbers are
// reproduced independently in Python (stdlib) by bisection on exact binomial
// tail sums (P(X >= x; p_L) = 0.025, P(X <= x; p_U) = 0.025).
// 0/10, 10/10, 5/10 are also R `binom.test(x, 10)$conf.int`.
describe('clopperPearsonInterval: published values', () => {
  it.each([
    [81, 263, 0.2527, 0.3676],
    [15, 148, 0.0578, 0.1617],
    [0, 20, 0, 0.1684],
    [1, 29, 0.0009, 0.1776],
    [0, 10, 0, 0.3085],
    [10, 10, 0.6915, 1],
    [5, 10, 0.1871, 0.8129],
  ])('%d/%d -> (%d, %d)', (x, n, lo, hi) => {
    const ci = clopperPearsonInterval(x, n);
    expect(ci.lower).toBeCloseTo(lo, 4);
    expect(ci.upper).toBeCloseTo(hi, 4);
  });

  it('matches the Python bisection reference to ~12 digits', () => {
    // python3: bisection on sum(comb(n,i) p^i (1-p)^(n-i)), 200 iterations
    const ci = clopperPearsonInterval(81, 263);
    expect(ci.lower).toBeCloseTo(0.25273674558527115, 12);
    expect(ci.upper).toBeCloseTo(0.3676219226013515, 12);
    const ci2 = clopperPearsonInterval(1, 64);
    expect(ci2.lower).toBeCloseTo(0.0003955125140506642, 14);
    expect(ci2.upper).toBeCloseTo(0.08401032643435369, 12);
  });
});

describe('clopperPearsonInterval: edges and one-sided bounds', () => {
  it('has closed forms at x = 0 and x = n', () => {
    // 0/n: upper = 1 - (alpha/2)^(1/n); n/n: lower = (alpha/2)^(1/n)
    expect(clopperPearsonInterval(0, 10).upper).toBeCloseTo(1 - 0.025 ** 0.1, 13);
    expect(clopperPearsonInterval(10, 10).lower).toBeCloseTo(0.025 ** 0.1, 13);
    // one-sided 95%: 1 - 0.05^(1/n) (the "rule of three" region)
    expect(clopperPearsonBound(0, 10, 'upper')).toBeCloseTo(1 - 0.05 ** 0.1, 13);
    expect(clopperPearsonBound(64, 64, 'lower')).toBeCloseTo(0.05 ** (1 / 64), 13);
  });

  it('one-sided 95% = matching side of the two-sided 90% interval', () => {
    const two90 = clopperPearsonInterval(7, 10, 0.9);
    const lower = clopperPearsonInterval(7, 10, 0.95, { sides: 'lower' });
    expect(lower.upper).toBe(1);
    expect(lower.lower).toBeCloseTo(two90.lower, 13);
    expect(clopperPearsonBound(7, 10, 'upper')).toBeCloseTo(two90.upper, 13);
  });

  it('returns [0, 1] with NaN estimate for n = 0', () => {
    const ci = clopperPearsonInterval(0, 0);
    expect([ci.lower, ci.upper]).toEqual([0, 1]);
    expect(ci.estimate).toBeNaN();
  });

  it('contains the point estimate for every x', () => {
    for (let x = 0; x <= 12; x++) {
      const ci = clopperPearsonInterval(x, 12);
      expect(ci.lower).toBeLessThanOrEqual(x / 12);
      expect(ci.upper).toBeGreaterThanOrEqual(x / 12);
    }
  });

  it('has exact coverage >= 95% at every p (the defining property), n = 12', () => {
    const n = 12;
    const cis = Array.from({ length: n + 1 }, (_, x) => clopperPearsonInterval(x, n));
    for (let p = 0.005; p < 1; p += 0.0173) {
      let coverage = 0;
      let c = 1;
      for (let x = 0; x <= n; x++) {
        if (x > 0) c = (c * (n - x + 1)) / x;
        const ci = cis[x]!;
        if (ci.lower <= p && p <= ci.upper) coverage += c * p ** x * (1 - p) ** (n - x);
      }
      expect(coverage).toBeGreaterThanOrEqual(0.95 - 1e-12);
    }
  });
});
