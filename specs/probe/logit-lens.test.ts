import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../harness/backend/select.ts';
import type { HookBinding } from '../../harness/model/hooks.ts';
import { disposeParams } from '../../harness/model/params.ts';
import { D3 } from '../../harness/task/d3.ts';
import { makeBatch, randomProblem } from '../../harness/task/sampler.ts';
import { intermediatePosition, operandPosition, vocabFor } from '../../harness/task/tokens.ts';
import { Rng } from '../../harness/util/prng.ts';
import { lensHookName, logitLens, probeProblems } from '../../harness/probe/logit-lens.ts';
import { tinyModel } from './tiny-model.ts';

beforeAll(async () => {
  await initBackend('wasm');
});

const E = 6;
const D = 16;

/** Element distribution with mass q on `target` and the rest spread evenly. */
const dist = (target: number, q: number): number[] => Array.from({ length: E }, (_, e) => (e === target ? q : (1 - q) / (E - 1)));

/**
 * A residual vector [D] with mean 0 and variance 9 whose first E coordinates are 3 log p
 * (up to a constant): ln_final (w = 1, b = 0) divides it by 3 (to 1 + 1e-6), so an
 * identity unembedding on the first V coordinates gives element logits log p.
 */
function residualFor(p: readonly number[]): number[] {
  const logs = p.map(Math.log);
  const mean = logs.reduce((a, b) => a + b, 0) / E;
  const u = logs.map((v) => v - mean);
  const rest = D * 1 - u.reduce((a, b) => a + b * b, 0);
  if (rest <= 0) throw new Error('distribution too peaked for d = 16');
  const fill = Math.sqrt(rest / (D - E));
  // Scaled by 3 (variance 9): only the final LayerNorm brings it back to log p, so the
  // expected masses hold only if the lens applies ln_final before the unembedding.
  return [...u, ...Array.from({ length: D - E }, (_, j) => (j % 2 === 0 ? fill : -fill))].map((v) => 3 * v);
}

describe('logit lens', () => {
  it('reads known masses set through hooks, per layer, at t_i and the control position', async () => {
    const { arm, model } = tinyModel();
    const V = vocabFor(D3).size;
    // Identity unembedding on the first V residual coordinates; ln_final stays w = 1, b = 0.
    const wu = new Float32Array(D * V);
    for (let v = 0; v < V; v++) wu[v * V + v] = 1;
    model.params.get('unembed.W_U')!.assign(tf.tensor2d(wu, [D, V]));

    const rng = new Rng(123);
    const problems = Array.from({ length: 8 }, () => randomProblem(D3, arm.K, rng));
    const T = makeBatch(vocabFor(D3), arm.K, problems).T;
    // Layer 1: t1 0.7, t2 0.4 (control 0.1, 0.25); layer 2: t1 0.9, t2 0.55 (control 0.3, 0.05).
    const plan = { 1: { mass: [0.7, 0.4], control: [0.1, 0.25] }, 2: { mass: [0.9, 0.55], control: [0.3, 0.05] } } as const;
    const setter = (layer: 1 | 2): HookBinding => {
      let offset = 0;
      return [
        lensHookName(layer),
        (activation) => {
          const B = activation.shape[0]!;
          const data = new Float32Array(B * T * D);
          for (let b = 0; b < B; b++) {
            const p = problems[offset + b]!;
            for (let i = 1; i <= arm.K; i++) {
              const ti = p.intermediates[i - 1]!;
              data.set(residualFor(dist(ti, plan[layer].mass[i - 1]!)), (b * T + intermediatePosition(i)) * D);
              data.set(residualFor(dist(ti, plan[layer].control[i - 1]!)), (b * T + operandPosition(i)) * D);
            }
          }
          offset += B;
          return tf.tensor3d(data, [B, T, D]);
        },
      ];
    };
    const zeroLayer0: HookBinding = [lensHookName(0), (a) => tf.zerosLike(a)];
    // chunk 3 over 8 problems: chunks of 3, 3, 2 exercise the accumulation.
    const lens = await logitLens(model, D3, arm.K, problems, { chunk: 3, hooks: [zeroLayer0, setter(1), setter(2)] });

    expect(lens.chance).toBeCloseTo(1 / 6, 12);
    expect(lens.nProblems).toBe(8);
    for (let i = 0; i < arm.K; i++) {
      // A zero residual normalises to 0: uniform logits, chance everywhere.
      expect(lens.mass[0]![i]!).toBeCloseTo(1 / 6, 4);
      expect(lens.control[0]![i]!).toBeCloseTo(1 / 6, 4);
      for (const layer of [1, 2] as const) {
        expect(Math.abs(lens.mass[layer]![i]! - plan[layer].mass[i]!)).toBeLessThan(1e-4);
        expect(Math.abs(lens.control[layer]![i]! - plan[layer].control[i]!)).toBeLessThan(1e-4);
      }
    }
    model.dispose();
    disposeParams(model.params);
  });

  it('at the last layer equals the model output restricted to the elements', async () => {
    const { arm, model } = tinyModel({}, 11);
    const { problems } = probeProblems(D3, arm.K, 40, 5);
    const lens = await logitLens(model, D3, arm.K, problems, { chunk: 16 });
    const batch = makeBatch(vocabFor(D3), arm.K, problems);
    const probsT = tf.tidy(() => {
      const logits = model.forward(batch.inputs, batch.size); // [B, T, V]
      return tf.softmax(tf.slice(logits, [0, 0, 0], [batch.size, batch.T, E])); // [B, T, E]
    });
    const probs = probsT.dataSync() as Float32Array;
    probsT.dispose();
    for (let i = 1; i <= arm.K; i++) {
      let sum = 0;
      problems.forEach((p, b) => (sum += probs[(b * batch.T + intermediatePosition(i)) * E + p.intermediates[i - 1]!]!));
      expect(Math.abs(lens.mass[arm.K]![i - 1]! - sum / problems.length)).toBeLessThan(1e-5);
    }
    expect(lens.mass).toHaveLength(arm.layers + 1);
    for (const row of [...lens.mass, ...lens.control]) for (const v of row) expect(v > 0 && v < 1).toBe(true);
    model.dispose();
    disposeParams(model.params);
  });

  it('draws length-K problems from the probe stream, reproducibly', () => {
    const a = probeProblems(D3, 3, 5, 42);
    const b = probeProblems(D3, 3, 5, 42);
    expect(a).toEqual(b);
    expect(a.problems.every((p) => p.gs.length === 3)).toBe(true);
    expect(probeProblems(D3, 3, 5, 43).streamSeed).not.toBe(a.streamSeed);
    expect(lensHookName(0)).toBe('blocks.0.hook_resid_pre');
    expect(lensHookName(3)).toBe('blocks.2.hook_resid_post');
  });
});
