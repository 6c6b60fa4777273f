/**
 * TensorFlow.js's WebAssembly backend (SIMD, one thread) with staircase's kernels registered on it
 * (register.ts): the default under `auto` without a GPU.
 */
import * as tf from '@tensorflow/tfjs-core';
import { createRequire } from 'node:module';
import path from 'node:path';
import { BackendError } from '../errors.ts';
import type { BackendReport } from '../report.ts';
import { packageVersion } from '../../util/provenance.ts';
import { fusedProducts } from './batch-matmul.ts';
import { registerWasmKernelOverrides } from './register.ts';

const require = createRequire(import.meta.url);
const PACKAGE = '@tensorflow/tfjs-backend-wasm';

export async function initWasm(): Promise<BackendReport> {
  const wasm = await import('@tensorflow/tfjs-backend-wasm');
  const dist = path.dirname(require.resolve(PACKAGE));
  wasm.setWasmPaths(`${dist}${path.sep}`);
  if (!(await tf.setBackend('wasm'))) throw new BackendError('the wasm backend failed to initialise');
  await tf.ready();
  const simdKernels = registerWasmKernelOverrides();
  return {
    name: 'wasm',
    device: 'cpu',
    package: PACKAGE,
    packageVersion: packageVersion(PACKAGE),
    details: {
      simd: tf.env().getBool('WASM_HAS_SIMD_SUPPORT'),
      threads: tf.env().getBool('WASM_HAS_MULTITHREAD_SUPPORT'),
      simdKernels,
      fusedProducts: fusedProducts(),
    },
  };
}
