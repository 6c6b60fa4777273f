import { describe, expect, it } from 'vitest';
import { D3 } from '../../harness/task/d3.ts';
import { TrainingSampler } from '../../harness/task/sampler.ts';
import { targetWeights } from '../../harness/train/loss.ts';
import { stream } from '../../harness/util/prng.ts';

const V = 10;

describe('loss targets', () => {
  const batch = new TrainingSampler(D3, 4, 'uniform', stream(1, 'data')).batch(32);
  const rowsWithWeight = (w: Float32Array, b: number) => {
    const rows: number[] = [];
    for (let p = 0; p < batch.T; p++) {
      let s = 0;
      for (let v = 0; v < V; v++) s += w[(b * batch.T + p) * V + v]!;
      if (s > 0) rows.push(p);
    }
    return rows;
  };

  it('answer-only puts all weight on the answer at <predict>', () => {
    const w = targetWeights(batch, V, 'answer');
    expect(w.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
    for (let b = 0; b < batch.size; b++) {
      const k = batch.ks[b]!;
      expect(rowsWithWeight(w, b)).toEqual([2 * k + 2]);
      expect(w[(b * batch.T + 2 * k + 2) * V + batch.answers[b]!]).toBeGreaterThan(0);
    }
  });

  it('full-sequence weighs every real next token (2k+3 per row), never a pad', () => {
    const w = targetWeights(batch, V, 'full');
    expect(w.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
    for (let b = 0; b < batch.size; b++) {
      const k = batch.ks[b]!;
      expect(rowsWithWeight(w, b)).toEqual(Array.from({ length: 2 * k + 3 }, (_, p) => p));
      for (let p = 0; p < batch.T; p++) expect(w[(b * batch.T + p) * V + 9]).toBe(0); // <pad> is id 9
    }
  });
});
