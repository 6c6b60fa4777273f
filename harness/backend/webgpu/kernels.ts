/**
 * Kernel substitutions for tfjs-backend-webgpu, kept here so that the model code stays
 * backend-neutral (as harness/model/ops.ts is shaped for wasm, this file mends webgpu).
 *
 * - AddN: tfjs-webgpu binds every input as its own storage buffer in one shader, so AddN
 *   of more inputs than the device's maxStorageBuffersPerShaderStage (8 by default, 16 on
 *   lavapipe) fails validation and returns garbage without throwing. The optimiser's global
 *   gradient norm adds one term per parameter tensor (41 for the smoke model), so AddN is
 *   split into chunks that fit, then the partial sums are added.
 */
import * as tf from '@tensorflow/tfjs-core';

/** The part of tfjs's kernel-function argument used here. */
interface KernelArgs {
  inputs: tf.TensorInfo[];
  backend: { disposeData(dataId: tf.DataId): void };
  attrs?: tf.NamedAttrMap;
}
type AddNFunc = (args: KernelArgs) => tf.TensorInfo;

/** AddN over any number of inputs with at most `maxInputs` per shader. */
export function chunkedAddN(original: AddNFunc, maxInputs: number): AddNFunc {
  if (!Number.isInteger(maxInputs) || maxInputs < 2) throw new Error(`chunkedAddN needs at least 2 inputs per shader, got ${maxInputs}`);
  const addN = (args: KernelArgs): tf.TensorInfo => {
    const { inputs, backend } = args;
    if (inputs.length <= maxInputs) return original(args);
    const partials: tf.TensorInfo[] = [];
    for (let i = 0; i < inputs.length; i += maxInputs) partials.push(original({ ...args, inputs: inputs.slice(i, i + maxInputs) }));
    const sum = addN({ ...args, inputs: partials });
    for (const p of partials) backend.disposeData(p.dataId);
    return sum;
  };
  return addN;
}

/** tfjs-webgpu's own AddN, kept on the first substitution (later ones wrap it again, not the wrapper). */
let shippedAddN: AddNFunc | null = null;
let substitutedFor: number | null = null;

/**
 * Replace the webgpu kernels that cannot run as tfjs-webgpu ships them (idempotent).
 * @param maxStorageBuffers the device's maxStorageBuffersPerShaderStage (one is the output)
 */
export function substituteWebgpuKernels(maxStorageBuffers: number): void {
  if (substitutedFor === maxStorageBuffers) return;
  if (!shippedAddN) {
    const registered = tf.getKernel('AddN', 'webgpu');
    if (!registered) throw new Error("tfjs-backend-webgpu registered no 'AddN' kernel: is @tensorflow/tfjs-backend-webgpu 4.22 installed?");
    shippedAddN = registered.kernelFunc as unknown as AddNFunc;
  }
  tf.unregisterKernel('AddN', 'webgpu');
  tf.registerKernel({ kernelName: 'AddN', backendName: 'webgpu', kernelFunc: chunkedAddN(shippedAddN, maxStorageBuffers - 1) as unknown as tf.KernelFunc });
  substitutedFor = maxStorageBuffers;
}
