/**
 * Fused operations the model may run as one kernel when the active backend registers one (staircase
 * registers them for wasm: harness/backend/wasm/gelu.ts, layernorm.ts, sum-rows.ts, batch-matmul.ts). Each has a
 * reference implementation in tfjs ops here, used on every other backend, and a fused kernel must
 * give the reference's bits: the same IEEE operations in the same order (specs/model/gelu.test.ts,
 * layernorm.test.ts, sum-rows.test.ts).
 */
import * as tf from '@tensorflow/tfjs-core';

/** GELU's sigmoid input: u = (x + ((x * x) * x) * 0.044715) * 2 sqrt(2 / pi). Inputs: { x }. */
export const GELU_PRE = 'StaircaseGeluPre';
/** GELU's input gradient from dy, x and s = sigmoid(u(x)), in the order of tfjs's tape. Inputs: { dy, x, s }. */
export const GELU_GRAD = 'StaircaseGeluGrad';
/** LayerNorm's forward pass. Inputs: { x [N, d], g [d], b [d] }; attrs: { eps }. Outputs: y [N, d], xhat [N, d], rstd [N, 1]. */
export const LN_FWD = 'StaircaseLayerNorm';
/** LayerNorm's gradients. Inputs: { dy [N, d], xhat [N, d], rstd [N, 1], g [d] }. Outputs: dx [N, d], dg [d], db [d]. */
export const LN_GRAD = 'StaircaseLayerNormGrad';
/** Column sums of x [N, C] as [C] (every bias gradient). Inputs: { x }. */
export const SUM_ROWS = 'StaircaseSumRows';
/** a^T @ b without transposing a first (every weight gradient x^T @ dy). Inputs: { a [K, M], b [K, N] }. */
export const MATMUL_TN = 'StaircaseMatMulTN';
export const FUSED_KERNELS = [GELU_PRE, GELU_GRAD, LN_FWD, LN_GRAD, SUM_ROWS, MATMUL_TN] as const;

const GELU_C1 = 0.044715;
const GELU_C2 = 1.5957691216057308;

const fused = (name: string) => tf.getKernel(name, tf.getBackend()) !== undefined;

export function geluPre(x: tf.Tensor): tf.Tensor {
  if (fused(GELU_PRE)) return tf.engine().runKernel(GELU_PRE, { x }) as tf.Tensor;
  return tf.mul(tf.add(x, tf.mul(tf.mul(tf.mul(x, x), x), GELU_C1)), GELU_C2);
}

/**
 * dL/dx of x * sigmoid(u(x)). The order is that of tfjs's automatic gradient of the unfused ops
 * (x's four uses accumulated as the tape meets them, last op first), so the bits do not change.
 */
export function geluGrad(dy: tf.Tensor, x: tf.Tensor, s: tf.Tensor): tf.Tensor {
  if (fused(GELU_GRAD)) return tf.engine().runKernel(GELU_GRAD, { dy, x, s }) as tf.Tensor;
  const du = tf.mul(tf.mul(dy, x), tf.mul(s, tf.sub(tf.scalar(1), s)));
  const dt3 = tf.mul(du, GELU_C2);
  const dx3 = tf.mul(dt3, GELU_C1);
  const dt1 = tf.mul(dx3, x);
  let acc = tf.add(tf.mul(dy, s), dt3);
  acc = tf.add(acc, tf.mul(dx3, tf.mul(x, x)));
  acc = tf.add(acc, tf.mul(dt1, x));
  return tf.add(acc, tf.mul(dt1, x));
}

/** Sum of the rows of a [N, C] matrix as a [C] vector: x^T @ ones[N, 1] (b is a fresh tensor). */
export function sumRows(x: tf.Tensor2D): tf.Tensor1D {
  if (fused(SUM_ROWS)) return tf.engine().runKernel(SUM_ROWS, { x }) as tf.Tensor1D;
  const [n, c] = x.shape;
  return tf.reshape(tf.matMul(tf.transpose(x), tf.ones([n, 1])), [c]); // [C]
}

/** a^T @ b for a [K, M] and b [K, N]: [M, N]. */
export function matMulTN(a: tf.Tensor2D, b: tf.Tensor2D): tf.Tensor2D {
  if (fused(MATMUL_TN)) return tf.engine().runKernel(MATMUL_TN, { a, b }) as tf.Tensor2D;
  return tf.matMul(tf.transpose(a), b);
}

/** LayerNorm over the last axis: [y, xhat, rstd] with y = xhat * g + b, xhat = (x - mean) * rstd. */
export function layerNormForward(x: tf.Tensor2D, g: tf.Tensor1D, b: tf.Tensor1D, eps: number): [tf.Tensor2D, tf.Tensor2D, tf.Tensor2D] {
  if (fused(LN_FWD)) return tf.engine().runKernel(LN_FWD, { x, g, b }, { eps }) as unknown as [tf.Tensor2D, tf.Tensor2D, tf.Tensor2D];
  const mu = tf.mean(x, -1, true); // [N, 1]
  const xc = tf.sub(x, mu); // [N, d]
  const rstd = tf.rsqrt(tf.add(tf.mean(tf.mul(xc, xc), -1, true), eps)); // [N, 1]
  const xhat = tf.mul(xc, rstd); // [N, d]
  return [tf.add(tf.mul(xhat, g), b) as tf.Tensor2D, xhat as tf.Tensor2D, rstd as tf.Tensor2D];
}

/** LayerNorm's [dx, dg, db] from dy and the forward pass's xhat, rstd and g. */
export function layerNormGrad(dy: tf.Tensor2D, xhat: tf.Tensor2D, rstd: tf.Tensor2D, g: tf.Tensor1D): [tf.Tensor2D, tf.Tensor1D, tf.Tensor1D] {
  if (fused(LN_GRAD)) return tf.engine().runKernel(LN_GRAD, { dy, xhat, rstd, g }) as unknown as [tf.Tensor2D, tf.Tensor1D, tf.Tensor1D];
  const dxhat = tf.mul(dy, g); // [N, d]
  const inner = tf.sub(tf.sub(dxhat, tf.mean(dxhat, -1, true)), tf.mul(xhat, tf.mean(tf.mul(dxhat, xhat), -1, true)));
  return [tf.mul(inner, rstd), sumRows(tf.mul(dy, xhat) as tf.Tensor2D), sumRows(dy)];
}
