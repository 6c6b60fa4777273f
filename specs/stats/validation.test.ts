import { describe, expect, it } from 'vitest';
import {
  binomialTail,
  clopperPearsonInterval,
  newcombeInterval,
  wilsonInterval,
} from '../../harness/stats/index.ts';

// Invalid input must throw an Error with a message naming the problem.
describe.each([
  ['wilsonInterval', wilsonInterval],
  ['clopperPearsonInterval', clopperPearsonInterval],
] as const)('%s input validation', (_name, interval) => {
  it('rejects negative, non-integer and inconsistent counts', () => {
    expect(() => interval(-1, 10)).toThrow(/successes must be a non-negative integer/);
    expect(() => interval(2.5, 10)).toThrow(/successes must be a non-negative integer/);
    expect(() => interval(3, -4)).toThrow(/n must be a non-negative integer/);
    expect(() => interval(3, 4.2)).toThrow(/n must be a non-negative integer/);
    expect(() => interval(11, 10)).toThrow(/successes \(11\) must not exceed n \(10\)/);
    expect(() => interval(NaN, 10)).toThrow(/non-negative integer/);
  });

  it('rejects confidence outside (0, 1) and unknown sides', () => {
    expect(() => interval(3, 10, 0)).toThrow(/confidence/);
    expect(() => interval(3, 10, 95)).toThrow(/confidence/);
    // @ts-expect-error runtime check of an invalid option
    expect(() => interval(3, 10, 0.95, { sides: 'both' })).toThrow(/sides/);
  });

  it('accepts the edges n = 0, x = 0 and x = n', () => {
    expect(interval(0, 0).estimate).toBeNaN();
    expect(interval(0, 5).lower).toBe(0);
    expect(interval(5, 5).upper).toBe(1);
  });
});

describe('other validation', () => {
  it('newcombeInterval and binomialTail reject bad counts', () => {
    expect(() => newcombeInterval(-1, 5, 2, 5)).toThrow(/non-negative integer/);
    expect(() => newcombeInterval(1, 5, 6, 5)).toThrow(/must not exceed/);
    expect(() => binomialTail(2, -5, 0.5, 'upper')).toThrow(/n must be/);
    // @ts-expect-error runtime check of an invalid tail
    expect(() => binomialTail(2, 5, 0.5, 'both')).toThrow(/tail/);
  });
});
