// The union package registers every op's gradient on tfjs-core (tfjs-core alone registers none).
import '@tensorflow/tfjs';
import { BackendError } from './errors.ts';
import { isInstalled, probeWebgpuAdapter } from './installed.ts';
import type { BackendInfo, BackendReport, BackendRequest } from './report.ts';
import { initCpu } from './cpu/init.ts';
import { initTensorflow } from './tensorflow/init.ts';
import { initWasm } from './wasm/init.ts';
import { adapterLabel } from './webgpu/adapter.ts';
import { DAWN_PACKAGE, initWebgpu, TFJS_WEBGPU_PACKAGE } from './webgpu/init.ts';

export { BackendError } from './errors.ts';
export { BACKEND_NAMES, type BackendInfo, type BackendReport, type BackendRequest } from './report.ts';
export type DeviceRequest = 'any' | 'cpu' | 'gpu';

/** webgpu through Dawn; a software adapter runs (on the CPU) and says so. */
async function initWebgpuBackend(notes: string[]): Promise<BackendReport> {
  const info = await initWebgpu();
  const report = info.adapter!;
  if (report.software) notes.push(`software adapter: ${adapterLabel(report)} is a CPU rasteriser (${report.softwareReason}), not a GPU`);
  return info;
}

/**
 * `auto`'s first choice: webgpu, only on a real GPU adapter; otherwise null and a note saying why
 * not. The adapter is asked of a child process (probeWebgpuAdapter), so on a machine without a GPU
 * Dawn never loads here and prints none of its own warnings.
 */
async function webgpuOnGpu(notes: string[]): Promise<BackendReport | null> {
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
  let info: BackendReport;
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
