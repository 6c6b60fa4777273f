import * as tf from '@tensorflow/tfjs-core';
import type { Transformer, ForwardOptions } from '../model/transformer.ts';
import { makeBatch, type EvalSet, type Problem } from '../task/sampler.ts';
import { intermediatePosition, vocabFor } from '../task/tokens.ts';
import type { Group } from '../task/group.ts';

export interface AnswerStats {
  correct: number;
  n: number;
  /** Mean answer cross-entropy in nats. */
  lossNats: number;
}

/** Answer accuracy (argmax over the whole vocabulary at <predict>) on problems of one length. */
export async function answerStats(model: Transformer, group: Group, K: number, problems: readonly Problem[], opts: ForwardOptions = {}, chunk = 512): Promise<AnswerStats> {
  const vocab = vocabFor(group);
  const V = vocab.size;
  let correct = 0;
  let loss = 0;
  for (let start = 0; start < problems.length; start += chunk) {
    const batch = makeBatch(vocab, K, problems.slice(start, start + chunk));
    const logitsT = tf.tidy(() => tf.logSoftmax(model.forward(batch.inputs, batch.size, opts))); // [B, T, V]
    const logp = (await logitsT.data()) as Float32Array;
    logitsT.dispose();
    for (let b = 0; b < batch.size; b++) {
      const row = (b * batch.T + intermediatePosition(batch.ks[b]!)) * V;
      let best = 0;
      for (let v = 1; v < V; v++) if (logp[row + v]! > logp[row + best]!) best = v;
      const answer = batch.answers[b]!;
      if (best === answer) correct++;
      loss -= logp[row + answer]!;
    }
  }
  return { correct, n: problems.length, lossNats: problems.length ? loss / problems.length : NaN };
}

export interface EvalResult {
  /** Accuracy on the held-out length-K problems (the headline number: stop rule, curriculum switch). */
  answerAccuracy: number;
  answerLossNats: number;
  /** Accuracy on the evaluation set's training (not held-out) length-K problems: a lookup scores high here only. */
  trainAccuracy: number;
  /** Per length k: k = 1 on its |G|^2 training problems (heldOut false), k >= 2 on held-out problems. */
  perK: { k: number; accuracy: number; n: number; heldOut: boolean }[];
}

export async function evaluate(model: Transformer, group: Group, K: number, evalSet: EvalSet): Promise<EvalResult> {
  const perK = [];
  for (const [i, problems] of evalSet.problemsByK.entries()) {
    const s = await answerStats(model, group, K, problems);
    perK.push({ k: i + 1, accuracy: s.correct / s.n, n: s.n, heldOut: evalSet.heldOutLengths.includes(i + 1), lossNats: s.lossNats });
  }
  const train = await answerStats(model, group, K, evalSet.trainProblems);
  const last = perK[K - 1]!;
  return {
    answerAccuracy: last.accuracy,
    answerLossNats: last.lossNats,
    trainAccuracy: train.correct / train.n,
    perK: perK.map(({ k, accuracy, n, heldOut }) => ({ k, accuracy, n, heldOut })),
  };
}
