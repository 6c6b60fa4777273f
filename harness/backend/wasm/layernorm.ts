/**
 * The model's fused LayerNorm kernels (harness/model/fused.ts) for the wasm backend, on layernorm.c:
 * one pass for the forward and one for all three gradients, instead of about 30 tfjs kernels a
 * LayerNorm (means, broadcasts, rsqrt, and two products with a column of ones). Same bits as the
 * reference ops (specs/model/layernorm.test.ts).
 */
import * as tf from '@tensorflow/tfjs-core';
import { LN_FWD, LN_GRAD } from '../../model/fused.ts';
import { SEED_LN_FWD, SEED_LN_GRAD } from '../../model/seed-fused.ts';
import { float32Only, heapOffset, simdKernels } from './instance.ts';

const size = (t: tf.TensorInfo) => tf.util.sizeFromShape(t.shape);

/**
 * [N, d] of a LayerNorm's x, checked against g [d] and the other inputs' sizes (`sizes(N, d)`): a
 * clear error, not a read past a tensor, for shapes the model never passes.
 */
function rowsOf(kernel: string, x: tf.TensorInfo, g: tf.TensorInfo, others: tf.TensorInfo[], sizes: (n: number, d: number) => number[]): [number, number] {
  float32Only(kernel, [x, g, ...others]);
  const [n, d] = x.shape as [number, number];
  const want = sizes(n, d);
  if (x.shape.length !== 2 || g.shape.length !== 1 || g.shape[0] !== d || others.some((t, i) => size(t) !== want[i])) {
    const shapes = [x, g, ...others].map((t) => JSON.stringify(t.shape)).join(', ');
    throw new Error(`${kernel}: x must be [N, d], g [d] and the other inputs as documented in harness/model/fused.ts; got ${shapes}`);
  }
  return [n, d];
}

/** Register both kernels on the wasm backend; returns a line for the backend report. */
export function registerWasmLayerNorm(): string {
  const simd = simdKernels();
  if (typeof simd === 'string') return `LayerNorm: tfjs ops (${simd})`;
  const { backend, kernels } = simd;
  const at = (t: tf.TensorInfo) => heapOffset(backend, t);
  tf.registerKernel({
    kernelName: LN_FWD,
    backendName: 'wasm',
    kernelFunc: ({ inputs, attrs }) => {
      const { x, g, b } = inputs as { x: tf.TensorInfo; g: tf.TensorInfo; b: tf.TensorInfo };
      const [n, d] = rowsOf(LN_FWD, x, g, [b], (_n, d) => [d]);
      const y = backend.makeOutput([n, d], 'float32');
      const xhat = backend.makeOutput([n, d], 'float32');
      const rstd = backend.makeOutput([n, 1], 'float32');
      if (n * d > 0) kernels.ln_fwd(at(x), at(g), at(b), at(y), at(xhat), at(rstd), n, d, (attrs as { eps: number }).eps);
      return [y, xhat, rstd];
    },
  });
  tf.registerKernel({
    kernelName: LN_GRAD,
    backendName: 'wasm',
    kernelFunc: ({ inputs }) => {
      const { dy, xhat, rstd, g } = inputs as { dy: tf.TensorInfo; xhat: tf.TensorInfo; rstd: tf.TensorInfo; g: tf.TensorInfo };
      const [n, d] = rowsOf(LN_GRAD, dy, g, [xhat, rstd], (n, d) => [n * d, n]);
      const dx = backend.makeOutput([n, d], 'float32');
      const dg = backend.makeOutput([d], 'float32');
      const db = backend.makeOutput([d], 'float32');
      if (d > 0) kernels.ln_grad(at(dy), at(xhat), at(rstd), at(g), at(dx), at(dg), at(db), n, d);
      return [dx, dg, db];
    },
  });
  // The population's LayerNorms (harness/model/seed-fused.ts): the same kernels once per seed.
  const seedRows = (kernel: string, x: tf.TensorInfo, g: tf.TensorInfo): [number, number, number] => {
    float32Only(kernel, [x, g]);
    const [G, n, d] = x.shape as [number, number, number];
    if (x.shape.length !== 3 || g.shape.length !== 2 || g.shape[0] !== G || g.shape[1] !== d) throw new Error(`${kernel}: x must be [G, N, d] and g [G, d], got ${JSON.stringify(x.shape)} and ${JSON.stringify(g.shape)}`);
    return [G, n, d];
  };
  tf.registerKernel({
    kernelName: SEED_LN_FWD,
    backendName: 'wasm',
    kernelFunc: ({ inputs, attrs }) => {
      const { x, g, b } = inputs as { x: tf.TensorInfo; g: tf.TensorInfo; b: tf.TensorInfo };
      const [G, n, d] = seedRows(SEED_LN_FWD, x, g);
      const y = backend.makeOutput([G, n, d], 'float32');
      const xhat = backend.makeOutput([G, n, d], 'float32');
      const rstd = backend.makeOutput([G, n, 1], 'float32');
      const eps = (attrs as { eps: number }).eps;
      const [px, pg, pb, py, ph, pr] = [x, g, b, y, xhat, rstd].map(at) as [number, number, number, number, number, number];
      if (n * d > 0) for (let s = 0; s < G; s++) kernels.ln_fwd(px + 4 * s * n * d, pg + 4 * s * d, pb + 4 * s * d, py + 4 * s * n * d, ph + 4 * s * n * d, pr + 4 * s * n, n, d, eps);
      return [y, xhat, rstd];
    },
  });
  tf.registerKernel({
    kernelName: SEED_LN_GRAD,
    backendName: 'wasm',
    kernelFunc: ({ inputs }) => {
      const { dy, xhat, rstd, g } = inputs as { dy: tf.TensorInfo; xhat: tf.TensorInfo; rstd: tf.TensorInfo; g: tf.TensorInfo };
      const [G, n, d] = seedRows(SEED_LN_GRAD, dy, g);
      if (size(xhat) !== G * n * d || size(rstd) !== G * n) throw new Error(`${SEED_LN_GRAD}: xhat must be [G, N, d] and rstd [G, N, 1]`);
      const dx = backend.makeOutput([G, n, d], 'float32');
      const dg = backend.makeOutput([G, d], 'float32');
      const db = backend.makeOutput([G, d], 'float32');
      const [pdy, ph, pr, pg, pdx, pdg, pdb] = [dy, xhat, rstd, g, dx, dg, db].map(at) as [number, number, number, number, number, number, number];
      if (d > 0) for (let s = 0; s < G; s++) kernels.ln_grad(pdy + 4 * s * n * d, ph + 4 * s * n * d, pr + 4 * s * n, pg + 4 * s * d, pdx + 4 * s * n * d, pdg + 4 * s * d, pdb + 4 * s * d, n, d);
      return [dx, dg, db];
    },
  });
  return 'LayerNorm: fused SIMD kernels';
}
