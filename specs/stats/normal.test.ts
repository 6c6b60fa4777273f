import { probit } from 'simple-statistics';
import { describe, expect, it } from 'vitest';
import { normalCdf, normalQuantile } from '../../harness/stats/index.ts';

// Reference values: R 4.x `qnorm` / `pnorm` (which use AS 241 and Cody's
// algorithm), cross-checked with Python 3.11 `statistics.NormalDist`
// (`inv_cdf` is AS 241) and `0.5 * math.erfc(-z / sqrt(2))`.
describe('normalQuantile (AS 241)', () => {
  it.each([
    [0.975, 1.959963984540054],
    [0.95, 1.6448536269514715],
    [0.9, 1.2815515655446008],
    [0.999, 3.090232306167813],
    [0.025, -1.9599639845400538],
    [1e-8, -5.61200124417479],
    [1e-20, -9.262340089798405],
  ])('qnorm(%d)', (p, z) => {
    expect(normalQuantile(p)).toBeCloseTo(z, 13);
  });

  it('is exact at the ends and rejects p outside [0, 1]', () => {
    expect(normalQuantile(0.5)).toBe(0);
    expect(normalQuantile(0)).toBe(-Infinity);
    expect(normalQuantile(1)).toBe(Infinity);
    expect(() => normalQuantile(1.5)).toThrow(/\[0, 1\]/);
  });

  it('is needed: simple-statistics probit is off in the 3rd decimal', () => {
    expect(Math.abs(probit(0.975) - 1.959963984540054)).toBeGreaterThan(1e-3);
  });
});

describe('normalCdf (Hart / West)', () => {
  it.each([
    [1.96, 0.9750021048517795],
    [-1, 0.15865525393145707],
    [-3, 0.0013498980316300957],
    [0.5, 0.6914624612740131],
    [0, 0.5],
  ])('pnorm(%d)', (z, p) => {
    expect(normalCdf(z)).toBeCloseTo(p, 14);
  });

  it('keeps relative accuracy in the far tail', () => {
    const ref = 6.220960574271819e-16; // pnorm(-8)
    expect(Math.abs(normalCdf(-8) - ref) / ref).toBeLessThan(1e-7);
    expect(normalCdf(-40)).toBe(0);
    expect(normalCdf(40)).toBe(1);
  });
});
