/**
 * The arithmetic of one training step of an arm (multiply-adds counted twice), from its shapes
 * alone: what the bench's floors divide by, and what the sweep's ETA scales measured step times
 * with for an arm that has not finished a seed yet.
 */
import { resolveArm } from '../train/config.ts';
import type { ArmConfig } from '../train/defaults.ts';
import { inputLength, vocabFor } from '../task/tokens.ts';
import { groupFor } from '../task/index.ts';

export interface ProductShape {
  kind: 'dense' | 'attention';
  /** Batch of independent products (1 for dense 2-D). */
  batch: number;
  m: number;
  k: number;
  n: number;
}

export interface StepFlops {
  dense: number;
  attention: number;
  /** The shapes whose rates stand for each kind (the MLP's input product; attention's pattern @ values). */
  shapes: ProductShape[];
}

export function stepFlops(overrides: Partial<ArmConfig>): StepFlops {
  const arm = resolveArm([{ source: 'bench', values: { ...overrides } }]);
  const T = inputLength(arm.K);
  const N = arm.batchSize * T;
  const d = arm.dModel;
  const h = arm.mlpRatio * d;
  const V = vocabFor(groupFor(arm.task)).size;
  const dh = d / arm.heads;
  const BH = arm.batchSize * arm.heads;
  // Per block: QKV [d, 3d], output [d, d], MLP [d, h] and [h, d]; embedding and unembedding [V, d].
  // The answer-only loss runs the last block's output projection, MLP and unembedding on one row per
  // sequence (Transformer.forwardAt), and its attention for one query per sequence and head.
  const rows = arm.loss === 'answer-only' ? arm.batchSize : N;
  const queries = arm.loss === 'answer-only' ? 1 : T;
  const block = (r: number) => r * (d * d + 2 * d * h);
  const denseForward = 2 * ((arm.layers - 1) * (N * 3 * d * d + block(N)) + N * 3 * d * d + block(rows) + N * V * d + rows * V * d);
  // Per block: scores q @ k^T and pattern @ v, each [T, T] x [T, dh] per batch and head.
  const attentionForward = (arm.layers - 1) * 2 * (2 * BH * T * T * dh) + 2 * (2 * BH * queries * T * dh);
  return {
    dense: 3 * denseForward,
    attention: 3 * attentionForward,
    shapes: [
      { kind: 'dense', batch: 1, m: N, k: d, n: h },
      { kind: 'attention', batch: BH, m: T, k: T, n: dh },
    ],
  };
}
