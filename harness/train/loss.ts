import * as tf from '@tensorflow/tfjs-core';
import type { Batch } from '../task/sampler.ts';
import type { Transformer } from '../model/transformer.ts';
import type { PopulationModel, SeedParams } from '../model/population.ts';
import { intermediatePosition } from '../task/tokens.ts';

export type LossPhase = 'answer' | 'full';

/**
 * Target weights [B*T, V], summing to 1: `answer` puts the weight on the answer at
 * <predict> (input position 2k+2); `full` spreads it over every real next token
 * (positions 0..2k+2, so the answer is 1/(2k+3) of the targets). Pads are never targets.
 */
export function targetWeights(batch: Batch, vocabSize: number, phase: LossPhase): Float32Array {
  const { size, T, targets, ks } = batch;
  const out = new Float32Array(size * T * vocabSize);
  let total = 0;
  for (let b = 0; b < size; b++) {
    const k = ks[b]!;
    const last = intermediatePosition(k); // <predict>
    const first = phase === 'answer' ? last : 0;
    for (let p = first; p <= last; p++) {
      const row = b * T + p;
      out[row * vocabSize + targets[row]!] = 1;
      total += 1;
    }
  }
  for (let i = 0; i < out.length; i++) if (out[i]) out[i] = out[i]! / total;
  return out;
}

/**
 * Mean cross-entropy (nats) of the model on the batch for the phase's targets. The answer-only
 * phase computes logits at <predict> alone (Transformer.forwardAt, the same values as forward()'s
 * rows there), and the full phase at every position.
 */
export function batchLoss(model: Transformer, batch: Batch, phase: LossPhase): tf.Scalar {
  const V = model.shape.vocabSize;
  if (phase === 'answer') {
    const positions = Int32Array.from(batch.ks, (k) => intermediatePosition(k)); // <predict>
    const weights = new Float32Array(batch.size * V);
    batch.answers.forEach((a, b) => (weights[b * V + a] = 1 / batch.size));
    const logits = model.forwardAt(batch.inputs, batch.size, positions); // [B, V]
    return tf.neg(tf.sum(tf.mul(tf.tensor2d(weights, [batch.size, V]), tf.logSoftmax(logits)))) as tf.Scalar;
  }
  const logits = tf.reshape(model.forward(batch.inputs, batch.size), [batch.size * batch.T, V]); // [B*T, V]
  const weights = tf.tensor2d(targetWeights(batch, V, phase), [batch.size * batch.T, V]); // [B*T, V]
  return tf.neg(tf.sum(tf.mul(weights, tf.logSoftmax(logits)))) as tf.Scalar;
}

/**
 * Each seed's batchLoss in one pass of a population (harness/model/population.ts): `batches[g]` is
 * seed g's batch, all in one phase; returns the G losses [G] (their sum is what is differentiated:
 * each seed's parameters see only their own seed's loss).
 */
export function seedBatchLoss(model: PopulationModel, params: SeedParams, batches: readonly Batch[], phase: LossPhase): tf.Tensor1D {
  const V = model.shape.vocabSize;
  const G = batches.length;
  const B = batches[0]!.size;
  const T = batches[0]!.T;
  if (batches.some((b) => b.size !== B || b.T !== T)) throw new Error('seedBatchLoss: every seed of a population needs a batch of one size and length');
  const ids = new Int32Array(G * B * T);
  batches.forEach((b, g) => ids.set(b.inputs, g * B * T));
  if (phase === 'answer') {
    const positions = new Int32Array(G * B);
    const weights = new Float32Array(G * B * V);
    batches.forEach((batch, g) => {
      batch.ks.forEach((k, b) => (positions[g * B + b] = intermediatePosition(k)));
      batch.answers.forEach((a, b) => (weights[(g * B + b) * V + a] = 1 / B));
    });
    const logits = model.forwardAt(params, ids, G, B, positions); // [G, B, V]
    return tf.neg(tf.sum(tf.mul(tf.tensor3d(weights, [G, B, V]), tf.logSoftmax(logits)), [1, 2])) as tf.Tensor1D;
  }
  const weights = new Float32Array(G * B * T * V);
  batches.forEach((batch, g) => weights.set(targetWeights(batch, V, phase), g * B * T * V));
  const logits = model.forward(params, ids, G, B); // [G, B*T, V]
  return tf.neg(tf.sum(tf.mul(tf.tensor3d(weights, [G, B * T, V]), tf.logSoftmax(logits)), [1, 2])) as tf.Tensor1D;
}
