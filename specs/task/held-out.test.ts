import { describe, expect, it } from 'vitest';
import { D3 } from '../../harness/task/d3.ts';
import { Z2 } from '../../harness/task/binary.ts';
import { prefixProducts } from '../../harness/task/group.ts';
import { COUNT_LIMIT, enumerateSide, heldOutHash, keyOf, sampleSide } from '../../harness/task/held-out.ts';
import { heldOutSet, makeEvalSet, TRAIN_EVAL_SIZE } from '../../harness/task/sampler.ts';
import { stream, streamSeed } from '../../harness/util/prng.ts';

/** Every problem of length k, by brute force. */
function allProblems(n: number, k: number): { e0: number; gs: number[] }[] {
  const out: { e0: number; gs: number[] }[] = [];
  for (let code = 0; code < n ** (k + 1); code++) {
    const digits = Array.from({ length: k + 1 }, (_, i) => Math.floor(code / n ** (k - i)) % n);
    out.push({ e0: digits[0]!, gs: digits.slice(1) });
  }
  return out;
}

describe('held-out set', () => {
  it('holds out a problem iff hash(eval stream seed, key) / 2^32 < fraction, and never a length-1 problem', () => {
    const set = heldOutSet(D3, 3, 5, 0.2);
    expect(set.streamSeed).toBe(streamSeed(5, 'eval'));
    for (const k of [1, 2, 3]) {
      for (const { e0, gs } of allProblems(6, k)) {
        const expected = k >= 2 && heldOutHash(set.streamSeed, keyOf(e0, gs)) / 2 ** 32 < 0.2;
        expect(set.has(e0, gs)).toBe(expected);
      }
    }
  });

  it('counts each length by the same rule as membership (incremental hashing = hashing the key)', () => {
    const set = heldOutSet(D3, 4, 2, 0.2);
    for (const k of [2, 3, 4]) {
      const brute = allProblems(6, k).filter(({ e0, gs }) => set.has(e0, gs)).length;
      expect(set.countByK[k - 1]).toBe(brute);
      expect(enumerateSide(set, k, 'held-out')).toHaveLength(brute);
      expect(enumerateSide(set, k, 'train')).toHaveLength(6 ** (k + 1) - brute);
    }
    expect(set.countByK[0]).toBe(0);
    expect(set.adjusted).toEqual([]);
  });

  it('holds out about the fraction of every length, a different set per seed', () => {
    const a = heldOutSet(D3, 6, 1, 0.2);
    const b = heldOutSet(D3, 6, 2, 0.2);
    for (let k = 2; k <= 6; k++) {
      const space = 6 ** (k + 1);
      const sd = Math.sqrt(space * 0.2 * 0.8);
      expect(Math.abs(a.countByK[k - 1]! - 0.2 * space)).toBeLessThan(4 * sd);
    }
    const keysA = enumerateSide(a, 3, 'held-out').map((p) => keyOf(p.e0, p.gs));
    const keysB = new Set(enumerateSide(b, 3, 'held-out').map((p) => keyOf(p.e0, p.gs)));
    const shared = keysA.filter((key) => keysB.has(key)).length;
    // independent 20% subsets of 1,296 share about 4% of the space (52 problems)
    expect(shared).toBeGreaterThan(20);
    expect(shared).toBeLessThan(100);
  });

  it('does not count a length whose space exceeds COUNT_LIMIT', () => {
    const set = heldOutSet(D3, 9, 1, 0.2);
    expect(6 ** 8).toBeLessThanOrEqual(COUNT_LIMIT);
    expect(6 ** 9).toBeGreaterThan(COUNT_LIMIT);
    expect(set.countByK[6]).not.toBeNull();
    expect(set.countByK.slice(7)).toEqual([null, null]);
    // drawn from an uncounted length by rejection, all held out and distinct
    const drawn = sampleSide(set, 9, 'held-out', 50, stream(1, 'eval'));
    expect(drawn).toHaveLength(50);
    expect(new Set(drawn.map((p) => keyOf(p.e0, p.gs))).size).toBe(50);
    for (const p of drawn) {
      expect(set.has(p.e0, p.gs)).toBe(true);
      expect(p.intermediates).toEqual(prefixProducts(D3, p.e0, p.gs));
    }
  });

  it('rejects a fraction outside (0, 0.5]', () => {
    expect(() => heldOutSet(D3, 3, 1, 0)).toThrow(/fraction must be in \(0, 0.5\]/);
    expect(() => heldOutSet(D3, 3, 1, 0.6)).toThrow(/fraction must be in \(0, 0.5\]/);
  });

  it('keeps held-out and training problems at every length of the binary task, saying where it had to', () => {
    const kinds = new Set<string>();
    for (const fraction of [0.2, 0.5]) {
      for (let seed = 1; seed <= 400; seed++) {
        const set = heldOutSet(Z2, 3, seed, fraction);
        for (const k of [2, 3]) {
          const count = set.countByK[k - 1]!;
          expect(count).toBeGreaterThanOrEqual(1);
          expect(count).toBeLessThan(2 ** (k + 1));
          expect(enumerateSide(set, k, 'held-out')).toHaveLength(count);
        }
        for (const a of set.adjusted) {
          kinds.add(a.rule);
          const [e0, gs] = [Number(a.key.split(':')[0]), a.key.split(':')[1]!.split(',').map(Number)];
          expect(set.has(e0, gs)).toBe(a.rule === 'lowest-hash-held-out');
        }
      }
    }
    // both adjustments occur among these seeds (k = 2 has 8 problems: none under 0.2 has p = 0.17, all under 0.5 p = 1/256)
    expect([...kinds].sort()).toEqual(['highest-hash-trains', 'lowest-hash-held-out']);
  });
});

describe('evaluation set', () => {
  it('evaluates k >= 2 on held-out problems only, all of them when at most evalPerK, and k = 1 on its 36 problems', () => {
    const set = heldOutSet(D3, 3, 1, 0.2);
    const ev = makeEvalSet(set, 256, stream(1, 'eval'), stream(1, 'eval-train'));
    expect(ev.heldOutLengths).toEqual([2, 3]);
    expect(ev.problemsByK[0]).toHaveLength(36);
    expect(ev.problemsByK[0]!.every((p) => !set.has(p.e0, p.gs))).toBe(true);
    const [k2, k3] = [set.countByK[1]!, set.countByK[2]!];
    expect(ev.problemsByK[1]).toHaveLength(Math.min(k2, 256));
    expect(ev.problemsByK[2]).toHaveLength(Math.min(k3, 256));
    for (const list of ev.problemsByK.slice(1)) {
      expect(list.every((p) => set.has(p.e0, p.gs))).toBe(true);
      expect(new Set(list.map((p) => keyOf(p.e0, p.gs))).size).toBe(list.length);
    }
    // length 2 (about 43 held out) is enumerated in order
    expect(ev.problemsByK[1]!.map((p) => keyOf(p.e0, p.gs))).toEqual(enumerateSide(set, 2, 'held-out').map((p) => keyOf(p.e0, p.gs)));
    expect(ev.trainProblems).toHaveLength(TRAIN_EVAL_SIZE);
    expect(ev.trainProblems.every((p) => p.gs.length === 3 && !set.has(p.e0, p.gs))).toBe(true);
  });

  it('is the same for the same seed and serves the binary task', () => {
    const a = makeEvalSet(heldOutSet(D3, 4, 3, 0.2), 64, stream(3, 'eval'), stream(3, 'eval-train'));
    const b = makeEvalSet(heldOutSet(D3, 4, 3, 0.2), 64, stream(3, 'eval'), stream(3, 'eval-train'));
    expect(a.problemsByK).toEqual(b.problemsByK);
    expect(a.trainProblems).toEqual(b.trainProblems);
    const z = heldOutSet(Z2, 3, 1, 0.2);
    const ev = makeEvalSet(z, 256, stream(1, 'eval'), stream(1, 'eval-train'));
    expect(ev.problemsByK.map((p) => p.length)).toEqual([4, z.countByK[1], z.countByK[2]]);
    expect(ev.trainProblems).toHaveLength(16 - z.countByK[2]!);
  });
});
