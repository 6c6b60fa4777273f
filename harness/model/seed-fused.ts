/**
 * The population model's parameterised operations (harness/model/population.ts), each with a leading
 * seed axis G: every seed multiplies by, normalises with, or sums into its own parameters. Like
 * fused.ts, each is one kernel where the backend registers one (wasm: harness/backend/wasm/seed-kernels.ts,
 * which runs the solo model's own SIMD kernel once per seed, so each seed's slice has the bits of
 * training that seed alone) and tfjs's batched ops elsewhere (webgpu, cpu, tensorflow: one dispatch
 * for all seeds, the point of a population on a GPU).
 */
import * as tf from '@tensorflow/tfjs-core';
import { LN_EPS } from './ops.ts';

/** a [G, M, K] @ b [G, K, N] -> [G, M, N]. Inputs: { a, b }. */
export const SEED_MATMUL = 'StaircaseSeedMatMul';
/** a^T @ b per seed: a [G, K, M], b [G, K, N] -> [G, M, N]. Inputs: { a, b }. */
export const SEED_MATMUL_TN = 'StaircaseSeedMatMulTN';
/** Column sums per seed: x [G, N, C] -> [G, C]. Inputs: { x }. */
export const SEED_SUM_ROWS = 'StaircaseSeedSumRows';
/** LayerNorm per seed: x [G, N, d], g [G, d], b [G, d] -> y [G, N, d], xhat [G, N, d], rstd [G, N, 1]. Attrs: { eps }. */
export const SEED_LN_FWD = 'StaircaseSeedLayerNorm';
/** LayerNorm's gradients per seed: dy, xhat [G, N, d], rstd [G, N, 1], g [G, d] -> dx [G, N, d], dg [G, d], db [G, d]. */
export const SEED_LN_GRAD = 'StaircaseSeedLayerNormGrad';
export const SEED_KERNELS = [SEED_MATMUL, SEED_MATMUL_TN, SEED_SUM_ROWS, SEED_LN_FWD, SEED_LN_GRAD] as const;

const fused = (name: string) => tf.getKernel(name, tf.getBackend()) !== undefined;

export function seedMatMul(a: tf.Tensor3D, b: tf.Tensor3D): tf.Tensor3D {
  if (fused(SEED_MATMUL)) return tf.engine().runKernel(SEED_MATMUL, { a, b }) as tf.Tensor3D;
  return tf.matMul(a, b);
}

export function seedMatMulTN(a: tf.Tensor3D, b: tf.Tensor3D): tf.Tensor3D {
  if (fused(SEED_MATMUL_TN)) return tf.engine().runKernel(SEED_MATMUL_TN, { a, b }) as tf.Tensor3D;
  return tf.matMul(a, b, true, false);
}

export function seedSumRows(x: tf.Tensor3D): tf.Tensor2D {
  if (fused(SEED_SUM_ROWS)) return tf.engine().runKernel(SEED_SUM_ROWS, { x }) as tf.Tensor2D;
  return tf.sum(x, 1);
}

export function seedLayerNormForward(x: tf.Tensor3D, g: tf.Tensor2D, b: tf.Tensor2D, eps = LN_EPS): [tf.Tensor3D, tf.Tensor3D, tf.Tensor3D] {
  if (fused(SEED_LN_FWD)) return tf.engine().runKernel(SEED_LN_FWD, { x, g, b }, { eps }) as unknown as [tf.Tensor3D, tf.Tensor3D, tf.Tensor3D];
  const [G, , d] = x.shape;
  const mu = tf.mean(x, -1, true); // [G, N, 1]
  const xc = tf.sub(x, mu);
  const rstd = tf.rsqrt(tf.add(tf.mean(tf.mul(xc, xc), -1, true), eps)); // [G, N, 1]
  const xhat = tf.mul(xc, rstd) as tf.Tensor3D;
  const y = tf.add(tf.mul(xhat, tf.reshape(g, [G, 1, d])), tf.reshape(b, [G, 1, d])) as tf.Tensor3D;
  return [y, xhat, rstd as tf.Tensor3D];
}

export function seedLayerNormGrad(dy: tf.Tensor3D, xhat: tf.Tensor3D, rstd: tf.Tensor3D, g: tf.Tensor2D): [tf.Tensor3D, tf.Tensor2D, tf.Tensor2D] {
  if (fused(SEED_LN_GRAD)) return tf.engine().runKernel(SEED_LN_GRAD, { dy, xhat, rstd, g }) as unknown as [tf.Tensor3D, tf.Tensor2D, tf.Tensor2D];
  const [G, , d] = dy.shape;
  const dxhat = tf.mul(dy, tf.reshape(g, [G, 1, d])); // [G, N, d]
  const inner = tf.sub(tf.sub(dxhat, tf.mean(dxhat, -1, true)), tf.mul(xhat, tf.mean(tf.mul(dxhat, xhat), -1, true)));
  return [tf.mul(inner, rstd) as tf.Tensor3D, seedSumRows(tf.mul(dy, xhat) as tf.Tensor3D), seedSumRows(dy)];
}
