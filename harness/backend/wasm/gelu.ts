/**
 * The model's fused GELU kernels (harness/model/fused.ts) for the wasm backend, on gelu.c: the
 * arithmetic before the sigmoid in one pass, and the whole input gradient in one pass instead of
 * tfjs's 13 kernels of its automatic gradient over [B*T, 4d] tensors. Same bits as the reference ops
 * (specs/model/gelu.test.ts).
 */
import * as tf from '@tensorflow/tfjs-core';
import { GELU_GRAD, GELU_PRE } from '../../model/fused.ts';
import { float32Only, heapOffset, simdKernels } from './instance.ts';

const size = (t: tf.TensorInfo) => tf.util.sizeFromShape(t.shape);

/** Register both kernels on the wasm backend; returns a line for the backend report. */
export function registerWasmGelu(): string {
  const simd = simdKernels();
  if (typeof simd === 'string') return `GELU: tfjs ops (${simd})`;
  const { backend, kernels } = simd;
  tf.registerKernel({
    kernelName: GELU_PRE,
    backendName: 'wasm',
    kernelFunc: ({ inputs }) => {
      const { x } = inputs as { x: tf.TensorInfo };
      float32Only(`${GELU_PRE}/${GELU_GRAD}`, [x]);
      const out = backend.makeOutput([...x.shape], 'float32');
      if (size(x) > 0) kernels.gelu_pre(heapOffset(backend, x), heapOffset(backend, out), size(x));
      return out;
    },
  });
  tf.registerKernel({
    kernelName: GELU_GRAD,
    backendName: 'wasm',
    kernelFunc: ({ inputs }) => {
      const { dy, x, s } = inputs as { dy: tf.TensorInfo; x: tf.TensorInfo; s: tf.TensorInfo };
      float32Only(`${GELU_PRE}/${GELU_GRAD}`, [dy, x, s]);
      if (size(dy) !== size(x) || size(s) !== size(x)) throw new Error(`${GELU_GRAD}: dy, x and s must have one shape`);
      const out = backend.makeOutput([...x.shape], 'float32');
      if (size(x) > 0) kernels.gelu_grad(heapOffset(backend, dy), heapOffset(backend, x), heapOffset(backend, s), heapOffset(backend, out), size(x));
      return out;
    },
  });
  return 'GELU: fused SIMD kernels around the sigmoid';
}
