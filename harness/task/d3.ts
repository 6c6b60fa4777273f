import type { Group } from './group.ts';

/**
 * The dihedral group D3 (symmetries of a triangle), six elements:
 * r0 r1 r2 = rotations by 0, 120, 240 degrees; s0 s1 s2 = reflections.
 * Writing r for r1 and s for s0, element r^k s^f is r_k (f = 0) or s_k (f = 1),
 * and (r^a s^f)(r^b s^g) = r^(a + (-1)^f b) s^(f xor g).
 * Non-commutative: r1 . s0 = s1 but s0 . r1 = s2.
 */
const NAMES = ['r0', 'r1', 'r2', 's0', 's1', 's2'] as const;

function d3Product(x: number, y: number): number {
  const a = x % 3;
  const f = x >= 3 ? 1 : 0;
  const b = y % 3;
  const g = y >= 3 ? 1 : 0;
  const k = (((a + (f ? -b : b)) % 3) + 3) % 3;
  return k + 3 * (f ^ g);
}

export const D3: Group = {
  id: 'd3',
  names: NAMES,
  table: NAMES.map((_, x) => NAMES.map((__, y) => d3Product(x, y))),
  identity: 0,
};
