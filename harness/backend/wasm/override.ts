/** Replace a registered wasm kernel by one built from it (the original stays callable for the cases it keeps). */
import * as tf from '@tensorflow/tfjs-core';

/**
 * Unregister tfjs's wasm kernel `name` and register `build(original)` in its place (keeping the
 * original's setup). Returns false, changing nothing, when no such wasm kernel is registered.
 */
export function overrideWasmKernel(name: string, build: (original: tf.KernelConfig) => tf.KernelFunc): boolean {
  const original = tf.getKernel(name, 'wasm');
  if (!original) return false;
  tf.unregisterKernel(name, 'wasm');
  tf.registerKernel({ kernelName: name, backendName: 'wasm', setupFunc: original.setupFunc, kernelFunc: build(original) });
  return true;
}
