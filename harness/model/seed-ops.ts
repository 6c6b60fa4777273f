/**
 * The population model's parameterised building blocks (ops.ts with a leading seed axis G), with
 * hand-written gradients in the same shape as ops.ts's, so that on wasm each seed's slice runs the
 * solo model's kernels on the solo model's operands: its forward values and gradients keep their bits.
 */
import * as tf from '@tensorflow/tfjs-core';
import { customOp, type GradResult } from './ops.ts';
import { seedLayerNormForward, seedLayerNormGrad, seedMatMul, seedMatMulTN, seedSumRows } from './seed-fused.ts';

/** w [G, in, out] -> w^T per seed [G, out, in]. */
const transposeEach = (w: tf.Tensor3D) => tf.transpose(w, [0, 2, 1]) as tf.Tensor3D;

/** y = x @ w + b per seed.  x [G, N, in], w [G, in, out], b [G, out]  ->  [G, N, out]. */
export const seedLinear = customOp((x: tf.Tensor3D, w: tf.Tensor3D, b: tf.Tensor2D, save: tf.GradSaveFunc): GradResult<tf.Tensor3D> => {
  save([x, w]);
  const [G, out] = b.shape;
  const value = tf.add(seedMatMul(x, w), tf.reshape(b, [G, 1, out])); // [G, N, out]
  const gradFunc = (dy: tf.Tensor3D, saved: tf.Tensor[]) => {
    const [xs, ws] = saved as [tf.Tensor3D, tf.Tensor3D];
    return [seedMatMul(dy, transposeEach(ws)), seedMatMulTN(xs, dy), seedSumRows(dy)];
  };
  return { value, gradFunc };
});

/** y = x @ w per seed (embedding from one-hot rows, unembedding). */
export const seedMatmulNoBias = customOp((x: tf.Tensor3D, w: tf.Tensor3D, save: tf.GradSaveFunc): GradResult<tf.Tensor3D> => {
  save([x, w]);
  const value = seedMatMul(x, w);
  const gradFunc = (dy: tf.Tensor3D, saved: tf.Tensor[]) => {
    const [xs, ws] = saved as [tf.Tensor3D, tf.Tensor3D];
    return [seedMatMul(dy, transposeEach(ws)), seedMatMulTN(xs, dy)];
  };
  return { value, gradFunc };
});

/** LayerNorm per seed.  x [G, N, d], g [G, d], b [G, d]  ->  [G, N, d]. */
export const seedLayerNorm = customOp((x: tf.Tensor3D, g: tf.Tensor2D, b: tf.Tensor2D, save: tf.GradSaveFunc): GradResult<tf.Tensor3D> => {
  const [value, xhat, rstd] = seedLayerNormForward(x, g, b);
  save([xhat, rstd, g]);
  const gradFunc = (dy: tf.Tensor3D, saved: tf.Tensor[]) => {
    const [xh, rs, gs] = saved as [tf.Tensor3D, tf.Tensor3D, tf.Tensor2D];
    return seedLayerNormGrad(dy, xh, rs, gs);
  };
  return { value, gradFunc };
});

/** x [G, B, T*d] + p [G, 1, T*d] broadcast over each seed's batch; grad of p by column sums. */
export const seedAddRows = customOp((x: tf.Tensor3D, p: tf.Tensor3D, _save: tf.GradSaveFunc): GradResult<tf.Tensor3D> => {
  const value = tf.add(x, p);
  const gradFunc = (dy: tf.Tensor3D) => [dy, tf.reshape(seedSumRows(dy), p.shape)];
  return { value, gradFunc };
});
