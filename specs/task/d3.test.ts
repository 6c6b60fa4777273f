import { describe, expect, it } from 'vitest';
import { D3 } from '../../harness/task/d3.ts';
import { Z2 } from '../../harness/task/binary.ts';
import { compose, elementIndex, prefixProducts } from '../../harness/task/group.ts';

const el = (name: string) => elementIndex(D3, name);
const mul = (a: string, b: string) => D3.names[compose(D3, el(a), el(b))];

describe('D3 Cayley table', () => {
  const n = D3.names.length;
  const all = [...Array(n).keys()];

  it('is closed and every row and column is a permutation (Latin square)', () => {
    for (const a of all) {
      expect(new Set(all.map((b) => compose(D3, a, b))).size).toBe(n);
      expect(new Set(all.map((b) => compose(D3, b, a))).size).toBe(n);
    }
  });

  it('is associative', () => {
    for (const a of all) for (const b of all) for (const c of all) {
      expect(compose(D3, compose(D3, a, b), c)).toBe(compose(D3, a, compose(D3, b, c)));
    }
  });

  it('has r0 as identity and an inverse for every element', () => {
    for (const a of all) {
      expect(compose(D3, D3.identity, a)).toBe(a);
      expect(compose(D3, a, D3.identity)).toBe(a);
      expect(all.some((b) => compose(D3, a, b) === D3.identity && compose(D3, b, a) === D3.identity)).toBe(true);
    }
  });

  it('is not commutative', () => {
    expect(mul('r1', 's0')).not.toBe(mul('s0', 'r1'));
  });

  it('matches compositions worked by hand', () => {
    // rotations add angles: 120 + 120 = 240, 240 + 240 = 480 = 120
    expect(mul('r1', 'r1')).toBe('r2');
    expect(mul('r2', 'r2')).toBe('r1');
    expect(mul('r1', 'r2')).toBe('r0');
    // reflections are involutions
    for (const s of ['s0', 's1', 's2']) expect(mul(s, s)).toBe('r0');
    // r^a s . r^b = r^(a-b) s ; r^a . r^b s = r^(a+b) s
    expect(mul('r1', 's0')).toBe('s1');
    expect(mul('s0', 'r1')).toBe('s2');
    expect(mul('s1', 's0')).toBe('r1');
    expect(mul('s0', 's1')).toBe('r2');
    // rotations commute with each other
    expect(mul('r1', 'r2')).toBe(mul('r2', 'r1'));
  });

  it('evaluates a chain left to right', () => {
    // ((r0 . r1) . s0) = r1 . s0 = s1 ; then . r1 = s1 . r1 = r^(1-1) s = s0
    const ts = prefixProducts(D3, el('r0'), [el('r1'), el('s0'), el('r1')]).map((t) => D3.names[t]);
    expect(ts).toEqual(['r1', 's1', 's0']);
  });

  it('rejects unknown elements with the allowed names', () => {
    expect(() => el('r3')).toThrow(/r0, r1, r2, s0, s1, s2/);
  });
});

describe('Z2 (the binary +/- chain)', () => {
  it('multiplies signs: the answer is the parity of minus signs', () => {
    const plus = 0;
    const minus = 1;
    expect(prefixProducts(Z2, plus, [minus, minus, plus, minus])).toEqual([minus, plus, plus, minus]);
    expect(compose(Z2, minus, minus)).toBe(plus);
  });
});
