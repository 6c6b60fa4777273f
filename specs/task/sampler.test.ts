import { describe, expect, it } from 'vitest';
import { D3 } from '../../harness/task/d3.ts';
import { Z2 } from '../../harness/task/binary.ts';
import { prefixProducts } from '../../harness/task/group.ts';
import { heldOutSet, lengthWeights, problemKey, TrainingSampler } from '../../harness/task/sampler.ts';
import { Rng, stream, streamSeed } from '../../harness/util/prng.ts';

describe('seeded streams', () => {
  it('derive distinct, reproducible seeds per stream name', () => {
    expect(streamSeed(1, 'data')).toBe(streamSeed(1, 'data'));
    expect(new Set([streamSeed(1, 'init'), streamSeed(1, 'data'), streamSeed(1, 'eval'), streamSeed(2, 'data')]).size).toBe(4);
    const a = stream(7, 'data');
    const b = stream(7, 'data');
    expect(Array.from({ length: 5 }, () => a.nextUint32())).toEqual(Array.from({ length: 5 }, () => b.nextUint32()));
  });

  it('draws normals with mean 0 and variance 1', () => {
    const rng = new Rng(3);
    const xs = Array.from({ length: 20000 }, () => rng.normal());
    const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
    const variance = xs.reduce((s, x) => s + (x - mean) ** 2, 0) / xs.length;
    expect(Math.abs(mean)).toBeLessThan(0.03);
    expect(Math.abs(variance - 1)).toBeLessThan(0.05);
  });
});

describe('training sampler', () => {
  it('weights k by k^2 (1:4:9:16:25:36) or uniformly', () => {
    expect(lengthWeights(6, 'quadratic')).toEqual([1, 4, 9, 16, 25, 36]);
    expect(lengthWeights(3, 'uniform')).toEqual([1, 1, 1]);
    const sampler = new TrainingSampler(D3, 6, 'quadratic', stream(1, 'data'));
    const counts = new Array(6).fill(0);
    const n = 9100;
    for (let i = 0; i < n; i++) counts[sampler.problem().gs.length - 1] += 1;
    const total = 91;
    counts.forEach((c, i) => {
      const expected = (n * (i + 1) ** 2) / total;
      expect(Math.abs(c - expected)).toBeLessThan(4 * Math.sqrt(expected) + 5);
    });
  });

  it('gives the same batches for the same seed and labels them correctly', () => {
    const a = new TrainingSampler(D3, 3, 'uniform', stream(5, 'data')).batch(16);
    const b = new TrainingSampler(D3, 3, 'uniform', stream(5, 'data')).batch(16);
    expect(Array.from(a.inputs)).toEqual(Array.from(b.inputs));
    a.problems.forEach((p, i) => {
      expect(p.intermediates).toEqual(prefixProducts(D3, p.e0, p.gs));
      expect(a.answers[i]).toBe(p.intermediates.at(-1));
      expect(a.targets[i * a.T + 2 * p.gs.length + 2]).toBe(p.answer);
    });
  });

  it('never trains on held-out problems, at any length k >= 2', () => {
    const set = heldOutSet(D3, 4, 1, 0.2);
    const sampler = new TrainingSampler(D3, 4, 'uniform', stream(1, 'data'), set);
    const lengths = new Set<number>();
    for (let i = 0; i < 5000; i++) {
      const p = sampler.problem();
      lengths.add(p.gs.length);
      expect(set.has(p.e0, p.gs), problemKey(p)).toBe(false);
    }
    expect([...lengths].sort()).toEqual([1, 2, 3, 4]);
  });

  it('serves the binary +/- task through the same interface', () => {
    const batch = new TrainingSampler(Z2, 5, 'uniform', stream(2, 'data')).batch(32);
    batch.problems.forEach((p) => {
      const minus = [p.e0, ...p.gs].filter((x) => x === 1).length;
      expect(p.answer).toBe(minus % 2);
    });
  });
});
