import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../harness/backend/select.ts';
import type { HookBinding } from '../../harness/model/hooks.ts';
import { disposeParams } from '../../harness/model/params.ts';
import type { Transformer } from '../../harness/model/transformer.ts';
import { meanAt, meanPositionHook, positionAblationHooks, residualMeans, sequentialAblation, zeroPositionHook } from '../../harness/probe/ablation.ts';
import { lensHookName, logitLens, probeProblems } from '../../harness/probe/logit-lens.ts';
import { PROBE_DEFAULTS, thresholdsFor } from '../../harness/probe/settings.ts';
import { D3 } from '../../harness/task/d3.ts';
import { makeBatch, type Problem } from '../../harness/task/sampler.ts';
import { intermediatePosition, vocabFor } from '../../harness/task/tokens.ts';
import { tinyModel } from './tiny-model.ts';

let model: Transformer;
let problems: Problem[];
const K = 3;
const L = 3;
const d = 16;

beforeAll(async () => {
  await initBackend('wasm');
  model = tinyModel({ K, layers: L }).model;
  problems = probeProblems(D3, K, 24, 3).problems;
});

afterAll(() => {
  model.dispose();
  disposeParams(model.params);
});

/** Residuals [L+1][B, T, d] at every lens layer, read after `hooks` (flat arrays). */
function residuals(hooks: readonly HookBinding[]): { data: Float32Array[]; T: number; B: number } {
  const batch = makeBatch(vocabFor(D3), K, problems);
  const stacked = tf.tidy(() => {
    const read: tf.Tensor[] = [];
    const readers: HookBinding[] = Array.from({ length: L + 1 }, (_, m) => [lensHookName(m), (a: tf.Tensor) => void (read[m] = tf.clone(a))]);
    model.forward(batch.inputs, batch.size, { hooks: [...hooks, ...readers] });
    return tf.stack(read); // [L+1, B, T, d]
  });
  const flat = stacked.dataSync() as Float32Array;
  stacked.dispose();
  const per = batch.size * batch.T * d;
  return { data: Array.from({ length: L + 1 }, (_, m) => flat.slice(m * per, (m + 1) * per)), T: batch.T, B: batch.size };
}

/** Positions whose vectors differ between a and b (any row), for a [B, T, d] layout. */
function changedPositions(a: Float32Array, b: Float32Array, B: number, T: number): number[] {
  const out = new Set<number>();
  for (let r = 0; r < B; r++) for (let t = 0; t < T; t++) for (let k = 0; k < d; k++) if (a[(r * T + t) * d + k] !== b[(r * T + t) * d + k]) out.add(t);
  return [...out].sort((x, y) => x - y);
}

describe('ablation hooks', () => {
  it('zeroing changes only the chosen position at the hooked layer, and nothing before it', () => {
    const base = residuals([]);
    const p = intermediatePosition(1); // 4
    const hooked = residuals([[lensHookName(1), zeroPositionHook(p)]]);
    const { B, T } = base;
    expect(changedPositions(base.data[0]!, hooked.data[0]!, B, T)).toEqual([]);
    expect(changedPositions(base.data[1]!, hooked.data[1]!, B, T)).toEqual([p]);
    for (let r = 0; r < B; r++) for (let k = 0; k < d; k++) expect(hooked.data[1]![(r * T + p) * d + k]).toBe(0);
    // Later layers: causal attention keeps every earlier position exactly as it was.
    for (let m = 2; m <= L; m++) expect(changedPositions(base.data[m]!, hooked.data[m]!, B, T).every((t) => t >= p)).toBe(true);
    // The bindings sequentialAblation uses: position p is zero at every chosen layer.
    const from = residuals(positionAblationHooks(p, [1, 2, 3], 'zero'));
    for (let m = 1; m <= L; m++) for (let r = 0; r < B; r++) for (let k = 0; k < d; k++) expect(from.data[m]![(r * T + p) * d + k]).toBe(0);
    expect(changedPositions(base.data[1]!, from.data[1]!, B, T)).toEqual([p]);
  });

  it('mean ablation writes the mean vector at the chosen position only', () => {
    const base = residuals([]);
    const p = intermediatePosition(2); // 6
    const mean = Float32Array.from({ length: d }, (_, k) => k / 10 - 0.5);
    const hooked = residuals([[lensHookName(2), meanPositionHook(p, mean)]]);
    const { B, T } = base;
    expect(changedPositions(base.data[2]!, hooked.data[2]!, B, T)).toEqual([p]);
    for (let r = 0; r < B; r++) expect(Array.from(hooked.data[2]!.slice((r * T + p) * d, (r * T + p + 1) * d))).toEqual(Array.from(mean));
  });

  it('residualMeans is the mean over problems at every lens layer and position', async () => {
    const base = residuals([]);
    const means = await residualMeans(model, D3, K, problems, 7); // uneven chunks
    const { B, T } = base;
    for (const [m, pos] of [[0, 0], [1, 4], [L, 6]] as const) {
      const expected = new Float64Array(d);
      for (let r = 0; r < B; r++) for (let k = 0; k < d; k++) expected[k]! += base.data[m]![(r * T + pos) * d + k]! / B;
      const got = meanAt(means, m, pos);
      for (let k = 0; k < d; k++) expect(got[k]!).toBeCloseTo(expected[k]!, 5);
    }
    expect(positionAblationHooks(4, [1, 2, 3], 'mean', means).map(([name]) => name)).toEqual(['blocks.0.hook_resid_post', 'blocks.1.hook_resid_post', 'blocks.2.hook_resid_post']);
    expect(() => positionAblationHooks(4, [1], 'mean')).toThrow(/means/);
  });

  it('sequentialAblation reports every intermediate separately with its layer', async () => {
    const lens = await logitLens(model, D3, K, problems);
    const result = await sequentialAblation(model, D3, K, problems, lens, { ...thresholdsFor(PROBE_DEFAULTS, 1 / 6), chunk: 16 });
    expect(result.perIntermediate.map((e) => e.i)).toEqual([1, 2]);
    expect(result.perIntermediate.map((e) => e.position)).toEqual([4, 6]);
    for (const e of result.perIntermediate) {
      expect(['critical', 'weak', 'causal']).toContain(e.layerSource);
      for (const v of [e.afterCritical.zero, e.afterCritical.mean, e.fromOnset.zero, e.fromOnset.mean]) expect(v >= 0 && v <= 1).toBe(true);
      // Nothing readable at g_i's position either: the <op> is the only place tried.
      expect(e.sites.map((s) => s.where)).toEqual(['op']);
    }
    // Untrained: nothing is decodable, so the layers are causal (i) and t_i is ablated from there.
    expect(result.perIntermediate.map((e) => [e.layer, e.layerSource])).toEqual([[1, 'causal'], [2, 'causal']]);
    expect(result.baselineAccuracy).toBeGreaterThanOrEqual(0);
  });
});
