/**
 * Building blocks with hand-written gradients, shaped for the wasm backend:
 * - XNNPACK runs only 2-D matMul without transpose flags, so backward passes
 *   transpose explicitly instead of using matMul's transpose flags; the weight
 *   gradients x^T @ dy go through matMulTN (fused.ts), one kernel where the
 *   backend has it;
 * - bias gradients (sums over the batch axis) are sumRows (fused.ts): x^T @ ones
 *   (about 25x faster than tf.sum(dy, 0) on wasm), or one column-sum kernel where
 *   the backend has it;
 * - GELU uses x * sigmoid(2z), the same function as 0.5 x (1 + tanh z), since
 *   tanh and pow are slow there; the arithmetic around the sigmoid is fused (fused.ts);
 * - LayerNorm runs its forward and backward pass as one fused kernel each where the
 *   backend has them (fused.ts), instead of about 30 tfjs kernels.
 * Pitfall: wasm caches each XNNPACK matMul operator by the data id of its `b`
 * operand, not by its shape. Two reshape views of one gradient buffer used as `b`
 * with different shapes reuse the wrong operator and read out of bounds. So `b`
 * is always a weight or a fresh tensor here, never a gradient that other ops see.
 */
import * as tf from '@tensorflow/tfjs-core';
import { geluGrad, geluPre, layerNormForward, layerNormGrad, matMulTN, sumRows } from './fused.ts';

export type GradResult<R extends tf.Tensor> = { value: tf.Tensor; gradFunc: (dy: R, saved: tf.Tensor[]) => tf.Tensor[] };

/** Typed wrapper over tf.customGrad: the last argument of `f` is tfjs's save function. */
export function customOp<A extends tf.Tensor[], R extends tf.Tensor>(f: (...args: [...A, tf.GradSaveFunc]) => GradResult<R>): (...args: A) => R {
  return tf.customGrad(f as unknown as Parameters<typeof tf.customGrad>[0]) as unknown as (...args: A) => R;
}

/** y = x @ w (+ b).  x [N, in], w [in, out], b [out]  ->  [N, out]. */
export const linear = customOp((x: tf.Tensor2D, w: tf.Tensor2D, b: tf.Tensor1D, save: tf.GradSaveFunc): GradResult<tf.Tensor2D> => {
  save([x, w]);
  const value = tf.add(tf.matMul(x, w), b); // [N, out]
  const gradFunc = (dy: tf.Tensor2D, saved: tf.Tensor[]) => {
    const [xs, ws] = saved as [tf.Tensor2D, tf.Tensor2D];
    return [
      tf.matMul(dy, tf.transpose(ws)), // dx [N, in]
      matMulTN(xs, dy), // dw [in, out]
      sumRows(dy), // db [out]
    ];
  };
  return { value, gradFunc };
});

/** y = x @ w without bias (embedding from one-hot rows, unembedding). */
export const matmulNoBias = customOp((x: tf.Tensor2D, w: tf.Tensor2D, save: tf.GradSaveFunc): GradResult<tf.Tensor2D> => {
  save([x, w]);
  const value = tf.matMul(x, w);
  const gradFunc = (dy: tf.Tensor2D, saved: tf.Tensor[]) => {
    const [xs, ws] = saved as [tf.Tensor2D, tf.Tensor2D];
    return [tf.matMul(dy, tf.transpose(ws)), matMulTN(xs, dy)];
  };
  return { value, gradFunc };
});

/** LayerNorm over the last axis with gain g and bias b.  x [N, d]  ->  [N, d]. */
export const LN_EPS = 1e-5;
export const layerNorm = customOp((x: tf.Tensor2D, g: tf.Tensor1D, b: tf.Tensor1D, save: tf.GradSaveFunc): GradResult<tf.Tensor2D> => {
  const [value, xhat, rstd] = layerNormForward(x, g, b, LN_EPS);
  save([xhat, rstd, g]);
  const gradFunc = (dy: tf.Tensor2D, saved: tf.Tensor[]) => {
    const [xh, rs, gs] = saved as [tf.Tensor2D, tf.Tensor2D, tf.Tensor1D];
    return layerNormGrad(dy, xh, rs, gs);
  };
  return { value, gradFunc };
});

/** x [B, T*d] + p [1, T*d] broadcast over the batch; grad of p by a matMul. */
export const addRowBroadcast = customOp((x: tf.Tensor2D, p: tf.Tensor2D, _save: tf.GradSaveFunc): GradResult<tf.Tensor2D> => {
  const value = tf.add(x, p);
  const gradFunc = (dy: tf.Tensor2D) => [dy, tf.reshape(sumRows(dy), p.shape)];
  return { value, gradFunc };
});

/**
 * GELU (tanh form) written as x * sigmoid(2 * sqrt(2/pi) * (x + 0.044715 x^3)), with its gradient
 * written out (fused.ts: one kernel each side of the sigmoid where the backend has them, the same
 * bits as tfjs's automatic gradient of these ops everywhere).
 */
export const gelu = customOp((x: tf.Tensor, save: tf.GradSaveFunc): GradResult<tf.Tensor> => {
  const s = tf.sigmoid(geluPre(x));
  save([x, s]);
  return { value: tf.mul(x, s), gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => [geluGrad(dy, saved[0]!, saved[1]!)] };
});
