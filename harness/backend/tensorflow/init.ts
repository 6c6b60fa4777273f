/** TensorFlow's C library through tfjs-node-gpu or tfjs-node (optional installs, neither a dependency). */
import * as tf from '@tensorflow/tfjs-core';
import { BackendError } from '../errors.ts';
import type { BackendReport } from '../report.ts';
import { packageVersion } from '../../util/provenance.ts';

interface NodeBackendShape {
  isGPUPackage?: boolean;
  isUsingGpuDevice?: boolean;
}

/** tfjs-node-gpu first, then tfjs-node. */
export async function initTensorflow(): Promise<BackendReport> {
  const failures: string[] = [];
  for (const pkg of ['@tensorflow/tfjs-node-gpu', '@tensorflow/tfjs-node']) {
    try {
      await import(pkg);
    } catch (error) {
      failures.push(`${pkg}: ${(error as Error).message.split('\n')[0]}`);
      continue;
    }
    if (!(await tf.setBackend('tensorflow'))) {
      failures.push(`${pkg}: loaded but the 'tensorflow' backend failed to initialise`);
      continue;
    }
    await tf.ready();
    const backend = tf.backend() as unknown as NodeBackendShape;
    const gpuPackage = Boolean(backend.isGPUPackage);
    const usingGpu = Boolean(backend.isUsingGpuDevice);
    return {
      name: 'tensorflow',
      device: usingGpu ? 'gpu' : 'cpu',
      package: pkg,
      packageVersion: packageVersion(pkg),
      details: { gpuPackage, usingGpu },
    };
  }
  throw new BackendError(
    `--backend tensorflow needs @tensorflow/tfjs-node-gpu or @tensorflow/tfjs-node, and neither loaded:\n  ${failures.join('\n  ')}\n` +
      'Install one on the runner (npm install @tensorflow/tfjs-node), or use --backend wasm.',
  );
}
