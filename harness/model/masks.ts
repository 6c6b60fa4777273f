/** The additive attention masks of the solo and the population models, built once here. */
import * as tf from '@tensorflow/tfjs-core';

/** Additive causal mask [T, T] (0 on and below the diagonal, -1e9 above), kept in `cache` by T. */
export function causalMask(cache: Map<number, tf.Tensor2D>, T: number): tf.Tensor2D {
  let mask = cache.get(T);
  if (!mask) {
    const data = new Float32Array(T * T);
    for (let q = 0; q < T; q++) for (let k = q + 1; k < T; k++) data[q * T + k] = -1e9;
    mask = tf.keep(tf.tensor2d(data, [T, T]));
    cache.set(T, mask);
  }
  return mask;
}

/**
 * For one position per sequence (positions[b] in 0..T-1): its one-hot [N, T, 1], and an additive mask
 * [N, 1, 1, T] hiding the keys after it (forwardAt's last block).
 */
export function positionMasks(positions: Int32Array, T: number): { select: tf.Tensor3D; keyMask: tf.Tensor4D } {
  const N = positions.length;
  const select = new Float32Array(N * T);
  const keyMask = new Float32Array(N * T);
  for (let b = 0; b < N; b++) {
    const p = positions[b]!;
    if (!(p >= 0 && p < T)) throw new Error(`forwardAt: position ${p} of sequence ${b} is outside 0..${T - 1}`);
    select[b * T + p] = 1;
    for (let k = p + 1; k < T; k++) keyMask[b * T + k] = -1e9;
  }
  return { select: tf.tensor3d(select, [N, T, 1]), keyMask: tf.tensor4d(keyMask, [N, 1, 1, T]) };
}
