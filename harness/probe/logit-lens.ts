/**
 * Logit lens: after each layer l = 0..L, apply the final LayerNorm and the unembedding
 * to the residual stream and read the softmax over the element tokens only (chance =
 * 1/|G|). mass[l][i-1] is the mean probability of the expected t_i at its position 2i+2;
 * control[l][i-1] the same read one position earlier (2i+1, where g_i sits).
 * Lens layer l is hook `blocks.0.hook_resid_pre` for l = 0 (embeddings) and
 * `blocks.{l-1}.hook_resid_post` for l >= 1. One forward pass per chunk reads them all.
 */
import * as tf from '@tensorflow/tfjs-core';
import { hookNames, type HookBinding } from '../model/hooks.ts';
import type { Transformer } from '../model/transformer.ts';
import type { Group } from '../task/group.ts';
import { makeBatch, randomProblem, type Problem } from '../task/sampler.ts';
import { sampleSide, type HeldOutSet } from '../task/held-out.ts';
import { intermediatePosition, operandPosition, vocabFor } from '../task/tokens.ts';
import { stream, streamSeed } from '../util/prng.ts';

/** Name of the stream the probe problems come from. */
export const PROBE_STREAM = 'probe';

/** Hook name of lens layer m (0 = after the embeddings, m >= 1 = after block m-1). */
export function lensHookName(m: number): string {
  if (!Number.isInteger(m) || m < 0) throw new Error(`lens layer must be an integer >= 0 (got ${m})`);
  return m === 0 ? hookNames.residPre(0) : hookNames.residPost(m - 1);
}

/**
 * `n` length-K problems from the run seed's `probe` stream: the training side of its held-out set
 * (all of it when it has at most n problems), or any problems when no set is given.
 * @returns the problems and the 32-bit seed of the stream (for the record).
 */
export function probeProblems(group: Group, K: number, n: number, runSeed: number, heldOut?: HeldOutSet): { problems: Problem[]; streamSeed: number } {
  const rng = stream(runSeed, PROBE_STREAM);
  const problems = heldOut && K >= 2 ? sampleSide(heldOut, K, 'train', n, rng) : Array.from({ length: n }, () => randomProblem(group, K, rng));
  return { problems, streamSeed: streamSeed(runSeed, PROBE_STREAM) };
}

export interface LensResult {
  /** mass[l][i-1], l = 0..L, i = 1..K: mean element-softmax probability of t_i at position 2i+2. */
  mass: number[][];
  /** control[l][i-1]: the same probability of t_i read at position 2i+1 (g_i). */
  control: number[][];
  /** 1 / |G|. */
  chance: number;
  nProblems: number;
}

export interface LensOptions {
  /** Interventions run before the lens reads (bound first, so the lens sees their output). */
  readonly hooks?: readonly HookBinding[];
  /** Problems per forward pass. */
  readonly chunk?: number;
}

/** Element-token softmax of the lens applied to a residual: [B, T, d] -> [B, T, E]. */
export function elementProbs(model: Transformer, resid: tf.Tensor3D, elements: number): tf.Tensor3D {
  return tf.tidy(() => {
    const logits = model.unembed(resid); // [B, T, V]
    const [B, T] = logits.shape;
    return tf.softmax(tf.slice(logits, [0, 0, 0], [B, T, elements])) as tf.Tensor3D; // [B, T, E]
  });
}

/**
 * Run the logit lens over length-K `problems` (every problem must have k = K).
 * @returns mean masses per lens layer and intermediate, and the control read.
 */
export async function logitLens(model: Transformer, group: Group, K: number, problems: readonly Problem[], opts: LensOptions = {}): Promise<LensResult> {
  const vocab = vocabFor(group);
  const E = vocab.elements;
  const L = model.shape.layers;
  const chunk = opts.chunk ?? 256;
  for (const p of problems) if (p.gs.length !== K) throw new Error(`logitLens needs length-K problems (K = ${K}); got k = ${p.gs.length}`);
  const massSum = Array.from({ length: L + 1 }, () => new Array<number>(K).fill(0));
  const controlSum = Array.from({ length: L + 1 }, () => new Array<number>(K).fill(0));

  for (let start = 0; start < problems.length; start += chunk) {
    const slice = problems.slice(start, start + chunk);
    const batch = makeBatch(vocab, K, slice);
    const stacked = tf.tidy(() => {
      const read: (tf.Tensor3D | undefined)[] = new Array(L + 1).fill(undefined);
      const readers: HookBinding[] = Array.from({ length: L + 1 }, (_, m) => [
        lensHookName(m),
        (activation: tf.Tensor) => {
          if (read[m] === undefined) read[m] = elementProbs(model, activation as tf.Tensor3D, E); // [B, T, E]
        },
      ]);
      model.forward(batch.inputs, batch.size, { hooks: [...(opts.hooks ?? []), ...readers] });
      const missing = read.findIndex((t) => t === undefined);
      if (missing >= 0) throw new Error(`logit lens: hook ${lensHookName(missing)} was never reached`);
      return tf.stack(read as tf.Tensor3D[]); // [L+1, B, T, E]
    });
    const probs = (await stacked.data()) as Float32Array;
    stacked.dispose();
    const T = batch.T;
    for (let m = 0; m <= L; m++) {
      const massRow = massSum[m]!;
      const controlRow = controlSum[m]!;
      for (let b = 0; b < batch.size; b++) {
        const p = slice[b]!;
        const row = (m * batch.size + b) * T; // first position of (m, b) in [L+1, B, T, E]
        for (let i = 1; i <= K; i++) {
          const ti = p.intermediates[i - 1]!;
          massRow[i - 1] = massRow[i - 1]! + probs[(row + intermediatePosition(i)) * E + ti]!;
          controlRow[i - 1] = controlRow[i - 1]! + probs[(row + operandPosition(i)) * E + ti]!;
        }
      }
    }
  }
  const n = problems.length;
  const mean = (rows: number[][]) => rows.map((row) => row.map((v) => (n ? v / n : NaN)));
  return { mass: mean(massSum), control: mean(controlSum), chance: 1 / E, nProblems: n };
}
