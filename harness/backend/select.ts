import * as tf from '@tensorflow/tfjs-core';
// The union package registers every op's gradient on tfjs-core (tfjs-core alone registers none).
import '@tensorflow/tfjs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fusedProducts } from './wasm-simd/batch-matmul.ts';
import { registerWasmKernelOverrides } from './wasm-kernels.ts';
import { adapterLabel, type AdapterReport } from './adapter.ts';
import { BackendError } from './errors.ts';
import { isInstalled, probeWebgpuAdapter } from './installed.ts';
import { DAWN_PACKAGE, initWebgpu, TFJS_WEBGPU_PACKAGE, webgpuPackageVersion } from './webgpu.ts';

export { BackendError } from './errors.ts';

export const BACKEND_NAMES = ['auto', 'wasm', 'cpu', 'tensorflow', 'webgpu'] as const;
export type BackendRequest = (typeof BACKEND_NAMES)[number];
export type DeviceRequest = 'any' | 'cpu' | 'gpu';

/** What really ran: stored in every record. */
export interface BackendInfo {
  /** The tfjs backend name that executed the kernels. */
  name: 'wasm' | 'cpu' | 'tensorflow' | 'webgpu';
  requested: BackendRequest;
  /** `gpu` only when the backend itself reports a GPU device in use (a software WebGPU adapter is `cpu`). */
  device: 'cpu' | 'gpu';
  /** npm package that provided the backend. */
  package: string;
  packageVersion: string;
  details: Record<string, string | number | boolean>;
  /** webgpu only: the adapter Dawn opened (vendor, architecture, device, description, driver, software or not). */
  adapter?: AdapterReport;
  /** Why `auto` did not pick something better (e.g. tfjs-node-gpu fell back to CPU). */
  notes: string[];
}

const require = createRequire(import.meta.url);

function packageVersion(name: string): string {
  try {
    return (require(`${name}/package.json`) as { version: string }).version;
  } catch {
    return 'unknown';
  }
}

async function initWasm(): Promise<Omit<BackendInfo, 'requested' | 'notes'>> {
  const wasm = await import('@tensorflow/tfjs-backend-wasm');
  const dist = path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm'));
  wasm.setWasmPaths(`${dist}${path.sep}`);
  if (!(await tf.setBackend('wasm'))) throw new BackendError('the wasm backend failed to initialise');
  await tf.ready();
  const simdKernels = registerWasmKernelOverrides();
  return {
    name: 'wasm',
    device: 'cpu',
    package: '@tensorflow/tfjs-backend-wasm',
    packageVersion: packageVersion('@tensorflow/tfjs-backend-wasm'),
    details: {
      simd: tf.env().getBool('WASM_HAS_SIMD_SUPPORT'),
      threads: tf.env().getBool('WASM_HAS_MULTITHREAD_SUPPORT'),
      simdKernels,
      fusedProducts: fusedProducts(),
    },
  };
}

async function initCpu(): Promise<Omit<BackendInfo, 'requested' | 'notes'>> {
  await import('@tensorflow/tfjs-backend-cpu');
  if (!(await tf.setBackend('cpu'))) throw new BackendError('the cpu backend failed to initialise');
  await tf.ready();
  return { name: 'cpu', device: 'cpu', package: '@tensorflow/tfjs-backend-cpu', packageVersion: packageVersion('@tensorflow/tfjs-backend-cpu'), details: {} };
}

interface NodeBackendShape {
  isGPUPackage?: boolean;
  isUsingGpuDevice?: boolean;
}

/** tfjs-node-gpu first, then tfjs-node. Neither is a dependency: both are optional installs. */
async function initTensorflow(): Promise<Omit<BackendInfo, 'requested' | 'notes'>> {
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

/** webgpu through Dawn; a software adapter runs (on the CPU) and says so. */
async function initWebgpuBackend(notes: string[]): Promise<Omit<BackendInfo, 'requested' | 'notes'>> {
  const { report, details } = await initWebgpu();
  if (report.software) notes.push(`software adapter: ${adapterLabel(report)} is a CPU rasteriser (${report.softwareReason}), not a GPU`);
  return { name: 'webgpu', device: report.software ? 'cpu' : 'gpu', package: TFJS_WEBGPU_PACKAGE, packageVersion: webgpuPackageVersion(), details, adapter: report };
}

/**
 * `auto`'s first choice: webgpu, only on a real GPU adapter; otherwise null and a note saying why
 * not. The adapter is asked of a child process (probeWebgpuAdapter), so on a machine without a GPU
 * Dawn never loads here and prints none of its own warnings.
 */
async function webgpuOnGpu(notes: string[]): Promise<Omit<BackendInfo, 'requested' | 'notes'> | null> {
  if (!isInstalled(DAWN_PACKAGE) || !isInstalled(TFJS_WEBGPU_PACKAGE)) {
    notes.push(`webgpu backend not used: the optional packages ${DAWN_PACKAGE} and ${TFJS_WEBGPU_PACKAGE} are not installed`);
    return null;
  }
  const { report, reason } = probeWebgpuAdapter();
  if (!report) {
    notes.push(`webgpu backend not used: ${reason}`);
    return null;
  }
  if (report.software) {
    notes.push(`webgpu backend not used: the only adapter, ${adapterLabel(report)}, is a software rasteriser (${report.softwareReason})`);
    return null;
  }
  try {
    return await initWebgpuBackend(notes);
  } catch (error) {
    notes.push(`webgpu backend not used: ${(error as Error).message.split('\n')[0]}`);
    return null;
  }
}

/**
 * Select and initialise a backend, and say what really runs.
 * `auto`: webgpu on a real GPU adapter, else tfjs-node(-gpu) when installed and working, else
 * wasm, else cpu. `device: 'gpu'` makes a CPU-only result (a software WebGPU adapter included)
 * an error instead of a silent fallback.
 */
export async function initBackend(requested: BackendRequest, device: DeviceRequest = 'any'): Promise<BackendInfo> {
  const notes: string[] = [];
  let info: Omit<BackendInfo, 'requested' | 'notes'>;
  const gpuFirst = requested === 'auto' ? await webgpuOnGpu(notes) : null;
  if (gpuFirst) info = gpuFirst;
  else if (requested === 'auto') {
    try {
      info = await initTensorflow();
      if (info.device === 'cpu' && info.details.gpuPackage) {
        notes.push('tfjs-node-gpu is installed but TensorFlow found no usable GPU (it needs CUDA 11.2 / cuDNN 8.1): running on its CPU');
      }
    } catch (error) {
      const message = (error as Error).message;
      const missing = /Cannot find (package|module)/.test(message) && !/loaded but/.test(message);
      notes.push(missing ? 'tensorflow backend not used: neither @tensorflow/tfjs-node-gpu nor @tensorflow/tfjs-node is installed' : `tensorflow backend not used: ${message.split('\n').slice(1, 3).join('; ').trim()}`);
      try {
        info = await initWasm();
      } catch (wasmError) {
        notes.push(`wasm backend failed: ${(wasmError as Error).message}`);
        info = await initCpu();
      }
    }
  } else if (requested === 'wasm') info = await initWasm();
  else if (requested === 'cpu') info = await initCpu();
  else if (requested === 'webgpu') info = await initWebgpuBackend(notes);
  else info = await initTensorflow();

  if (device === 'gpu' && info.device !== 'gpu') {
    const why =
      info.name === 'tensorflow' && info.details.gpuPackage
        ? 'tfjs-node-gpu loaded but TensorFlow saw no GPU (CUDA 11.2 / cuDNN 8.1 are required; newer drivers make it fall back to CPU silently)'
        : info.name === 'webgpu' && info.adapter
          ? `the only WebGPU adapter, ${adapterLabel(info.adapter)}, is a software rasteriser on the CPU (${info.adapter.softwareReason})`
          : `backend '${info.name}' runs on the CPU`;
    const tried = notes.filter((n) => /not used/.test(n));
    throw new BackendError(`--device gpu was asked for, but ${why}.${tried.length ? `\n  ${tried.join('\n  ')}` : ''}`);
  }
  if (device === 'cpu' && info.device !== 'cpu') throw new BackendError(`--device cpu was asked for, but backend '${info.name}' uses a GPU.`);
  return { ...info, requested, notes };
}
