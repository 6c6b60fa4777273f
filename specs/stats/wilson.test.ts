import { describe, expect, it } from 'vitest';
import { wilsonBound, wilsonInterval } from '../../harness/stats/index.ts';

// Published values: Newcombe, R. G. (1998). Two-sided confidence intervals for
// the single proportion: comparison of seven methods. Stat. Med. 17, 857-872,
// Table II, method 3 (score / Wilson, no continuity correction), quoted to 4
// decimals. The 0/10 upper limit 0.2775 also appears in Newcombe (1998b,
// Stat. Med. 17, 873-890) example (f) (0/10 - 0/10: -0.2775 to 0.2775); 10/10
// follows by symmetry. All values were also recomputed with an independent
// Python implementation of the formula (stdlib NormalDist for z).
describe('wilsonInterval: published values', () => {
  it.each([
    [81, 263, 0.2553, 0.3662],
    [15, 148, 0.0624, 0.1605],
    [0, 20, 0, 0.1611],
    [1, 29, 0.0061, 0.1718],
    [0, 10, 0, 0.2775],
    [10, 10, 0.7225, 1],
  ])('%d/%d -> (%d, %d)', (x, n, lo, hi) => {
    const w = wilsonInterval(x, n);
    expect(w.lower).toBeCloseTo(lo, 4);
    expect(w.upper).toBeCloseTo(hi, 4);
    expect(w.estimate).toBe(x / n);
  });
});

describe('wilsonInterval: edges and one-sided bounds', () => {
  it('returns exact 0 / 1 at x = 0 / x = n and [0, 1] with NaN estimate at n = 0', () => {
    expect(wilsonInterval(0, 7).lower).toBe(0);
    expect(wilsonInterval(7, 7).upper).toBe(1);
    const empty = wilsonInterval(0, 0);
    expect([empty.lower, empty.upper]).toEqual([0, 1]);
    expect(empty.estimate).toBeNaN();
  });

  it('is symmetric: (x, n) mirrors (n - x, n)', () => {
    const a = wilsonInterval(3, 11);
    const b = wilsonInterval(8, 11);
    expect(a.lower).toBeCloseTo(1 - b.upper, 14);
    expect(a.upper).toBeCloseTo(1 - b.lower, 14);
  });

  it('one-sided 95% bound equals the matching side of the two-sided 90% interval', () => {
    const lower = wilsonInterval(7, 10, 0.95, { sides: 'lower' });
    expect(lower.upper).toBe(1);
    expect(lower.lower).toBeCloseTo(wilsonInterval(7, 10, 0.9).lower, 14);
    const upper = wilsonInterval(7, 10, 0.95, { sides: 'upper' });
    expect(upper.lower).toBe(0);
    expect(upper.upper).toBeCloseTo(wilsonInterval(7, 10, 0.9).upper, 14);
    expect(wilsonBound(7, 10, 'lower')).toBe(lower.lower);
    expect(wilsonBound(7, 10, 'upper', 0.95)).toBe(upper.upper);
  });

  it('narrows as confidence drops', () => {
    const w99 = wilsonInterval(30, 64, 0.99);
    const w80 = wilsonInterval(30, 64, 0.8);
    expect(w99.lower).toBeLessThan(w80.lower);
    expect(w99.upper).toBeGreaterThan(w80.upper);
  });
});
