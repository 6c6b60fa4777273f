import { describe, expect, it } from 'vitest';
import { newcombeInterval, verdictFromInterval } from '../../harness/stats/index.ts';

// Published values: Newcombe, R. G. (1998). Interval estimation for the
// difference between independent proportions: comparison of eleven methods.
// Stat. Med. 17, 873-890, Table II, method 10 (hybrid score), examples (a)-(h).
// Every row was also recomputed with an independent Python implementation
// (stdlib NormalDist for z) and agrees to all printed digits.
describe('newcombeInterval: published values (Newcombe 1998, method 10)', () => {
  it.each([
    ['a', 56, 70, 48, 80, 0.0524, 0.3339],
    ['b', 9, 10, 3, 10, 0.1705, 0.809],
    ['c', 6, 7, 2, 7, 0.0582, 0.8062],
    ['d', 5, 56, 0, 29, -0.0381, 0.1926],
    ['e', 0, 10, 0, 20, -0.1611, 0.2775],
    ['f', 0, 10, 0, 10, -0.2775, 0.2775],
    ['g', 10, 10, 0, 20, 0.6791, 1],
    ['h', 10, 10, 0, 10, 0.6075, 1],
  ])('example (%s): %d/%d - %d/%d', (_label, x1, n1, x2, n2, lo, hi) => {
    const ci = newcombeInterval(x1, n1, x2, n2);
    expect(ci.lower).toBeCloseTo(lo, 4);
    expect(ci.upper).toBeCloseTo(hi, 4);
    expect(ci.estimate).toBeCloseTo(x1 / n1 - x2 / n2, 14);
  });
});

describe('newcombeInterval: one-sided use and edges', () => {
  it('one-sided 95% lower bound equals the two-sided 90% lower limit', () => {
    const one = newcombeInterval(12, 16, 6, 16, 0.95, { sides: 'lower' });
    const two = newcombeInterval(12, 16, 6, 16, 0.9);
    expect(one.upper).toBe(1);
    expect(one.lower).toBeCloseTo(two.lower, 14);
    expect(newcombeInterval(12, 16, 6, 16, 0.95, { sides: 'upper' }).upper).toBeCloseTo(two.upper, 14);
  });

  it('supports "arm A beats arm B" via threshold 0', () => {
    const ci = newcombeInterval(56, 70, 48, 80, 0.95, { sides: 'lower' });
    expect(verdictFromInterval(ci, 0, 'atLeast')).toBe('pass');
    expect(verdictFromInterval(newcombeInterval(5, 8, 4, 8), 0, 'atLeast')).toBe('inconclusive');
  });

  it('antisymmetric in the arms and [-1, 1] for an empty arm', () => {
    const ab = newcombeInterval(9, 10, 3, 10);
    const ba = newcombeInterval(3, 10, 9, 10);
    expect(ab.lower).toBeCloseTo(-ba.upper, 14);
    expect(ab.upper).toBeCloseTo(-ba.lower, 14);
    const empty = newcombeInterval(0, 0, 3, 10);
    expect([empty.lower, empty.upper]).toEqual([-1, 1]);
    expect(empty.estimate).toBeNaN();
  });

  it('rejects invalid counts', () => {
    expect(() => newcombeInterval(11, 10, 3, 10)).toThrow(/must not exceed n/);
    expect(() => newcombeInterval(1, 10, 3, 10, 1.5)).toThrow(/confidence/);
  });
});
