import { mean } from 'simple-statistics';
import { describe, expect, it } from 'vitest';
import { bootstrapInterval, mulberry32 } from '../../harness/stats/index.ts';

describe('mulberry32', () => {
  it('matches an independent Python port (seed 42, raw uint32 outputs)', () => {
    // Python: 32-bit masked re-implementation of the reference C code.
    const rng = mulberry32(42);
    const raw = [rng(), rng(), rng()].map((u) => u * 4294967296);
    expect(raw).toEqual([2581720956, 1925393290, 3661312704]);
  });
  it('is deterministic per seed and uniform-looking', () => {
    const a = mulberry32(123);
    const b = mulberry32(123);
    const xs = Array.from({ length: 20000 }, () => a());
    expect(xs.slice(0, 5)).toEqual(Array.from({ length: 5 }, () => b()));
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...xs)).toBeLessThan(1);
    expect(mean(xs)).toBeCloseTo(0.5, 2);
  });
  it('rejects a non-finite seed', () => {
    expect(() => mulberry32(NaN)).toThrow(/seed/);
  });
});

describe('bootstrapInterval', () => {
  it('reproduces an independent Python computation of the same resampling scheme', () => {
    // Python: index = floor(u * n) with the mulberry32 port, seed 7, 9 resamples,
    // statistic = mean, then type-7 quantiles at 0.05 / 0.95 (90% interval).
    const ci = bootstrapInterval([0.2, 1.5, 3.1, 4.0, 7.7, 2.2], mean, {
      resamples: 9,
      confidence: 0.9,
      seed: 7,
    });
    expect(ci.lower).toBeCloseTo(1.9633333333333334, 12);
    expect(ci.upper).toBeCloseTo(3.8633333333333333, 12);
    expect(ci.estimate).toBeCloseTo(3.1166666666666667, 12);
  });

  it('same seed => same interval; different seed => (generally) different', () => {
    const values = [0.1, 0.4, 0.35, 0.8, 0.9, 0.55, 0.62, 0.2];
    const a = bootstrapInterval(values, mean, { seed: 99 });
    const b = bootstrapInterval(values, mean, { seed: 99 });
    const c = bootstrapInterval(values, mean, { seed: 100 });
    expect(a).toEqual(b);
    expect(c).not.toEqual(a);
  });

  it('is close to the normal-theory interval for the mean of a larger sample', () => {
    const rng = mulberry32(5);
    const values = Array.from({ length: 200 }, () => rng() + rng() + rng());
    const ci = bootstrapInterval(values, mean, { resamples: 4000, seed: 3 });
    const sd = Math.sqrt(values.reduce((s, v) => s + (v - mean(values)) ** 2, 0) / 199);
    const normalHalfWidth = (1.959964 * sd) / Math.sqrt(200);
    expect((ci.upper - ci.lower) / 2 / normalHalfWidth).toBeGreaterThan(0.85);
    expect((ci.upper - ci.lower) / 2 / normalHalfWidth).toBeLessThan(1.15);
    expect(ci.lower).toBeLessThan(ci.estimate);
    expect(ci.upper).toBeGreaterThan(ci.estimate);
  });

  it('collapses for a constant sample and supports one-sided bounds', () => {
    expect(bootstrapInterval([2, 2, 2], mean, { seed: 1 })).toEqual({ lower: 2, upper: 2, estimate: 2 });
    const lower = bootstrapInterval([1, 2, 3, 4], mean, { sides: 'lower', seed: 1 });
    expect(lower.upper).toBe(Infinity);
    expect(lower.lower).toBeGreaterThanOrEqual(1);
  });

  it('rejects bad input', () => {
    expect(() => bootstrapInterval([], mean)).toThrow(/non-empty/);
    expect(() => bootstrapInterval([1, 2], mean, { resamples: 0 })).toThrow(/resamples/);
    expect(() => bootstrapInterval([1, 2], mean, { confidence: 1 })).toThrow(/confidence/);
    expect(() => bootstrapInterval([1, 2], () => NaN)).toThrow(/non-finite/);
  });
});
