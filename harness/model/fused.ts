/**
 * Fused operations the model may run as one kernel when the active backend registers one
 * (staircase registers them for wasm: harness/backend/wasm-simd/gelu.ts). Each has a reference
 * implementation in tfjs ops here, used on every other backend, and a fused kernel must give the
 * reference's bits: the same IEEE operations in the same order (specs/model/gelu.test.ts).
 */
import * as tf from '@tensorflow/tfjs-core';

/** GELU's sigmoid input: u = (x + ((x * x) * x) * 0.044715) * 2 sqrt(2 / pi). Inputs: { x }. */
export const GELU_PRE = 'StaircaseGeluPre';
/** GELU's input gradient from dy, x and s = sigmoid(u(x)), in the order of tfjs's tape. Inputs: { dy, x, s }. */
export const GELU_GRAD = 'StaircaseGeluGrad';
export const FUSED_KERNELS = [GELU_PRE, GELU_GRAD] as const;

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
