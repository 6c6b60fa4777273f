import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describeAdapter, type AdapterInfoFields } from './adapter.ts';

const require = createRequire(import.meta.url);

/** Is an npm package resolvable from here (without loading it)? */
export function isInstalled(pkg: string): boolean {
  try {
    require.resolve(pkg);
    return true;
  } catch {
    return false;
  }
}

const ADAPTER_SCRIPT = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'scripts', 'webgpu-adapter.mjs');
let gpuAdapterMemo: boolean | undefined;

/**
 * Does Dawn offer a real GPU adapter here (not a software one)? Asked of
 * scripts/webgpu-adapter.mjs in a child process, so the caller loads neither Dawn nor tfjs;
 * once per process.
 */
export function hasWebgpuGpuAdapter(): boolean {
  if (gpuAdapterMemo !== undefined) return gpuAdapterMemo;
  gpuAdapterMemo = false;
  if (isInstalled('webgpu') && isInstalled('@tensorflow/tfjs-backend-webgpu')) {
    try {
      const out = execFileSync(process.execPath, [ADAPTER_SCRIPT], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 60_000 });
      const { adapter } = JSON.parse(out.trim().split('\n').at(-1) ?? '{}') as { adapter?: AdapterInfoFields | null };
      gpuAdapterMemo = Boolean(adapter) && !describeAdapter(adapter!).software;
    } catch {
      // exit 1: no adapter (or Dawn failed to load), so `auto` will not pick webgpu either
    }
  }
  return gpuAdapterMemo;
}

/**
 * What `auto` will try first on this machine, decided without loading tfjs: `webgpu` when
 * Dawn offers a GPU adapter, else `tensorflow` when tfjs-node(-gpu) is installed, else `wasm`.
 * Cache keys use this, so a result computed on wasm is never reused where `auto` would run
 * on a GPU or on TensorFlow.
 */
export function autoBackendName(): 'webgpu' | 'tensorflow' | 'wasm' {
  if (hasWebgpuGpuAdapter()) return 'webgpu';
  return isInstalled('@tensorflow/tfjs-node-gpu') || isInstalled('@tensorflow/tfjs-node') ? 'tensorflow' : 'wasm';
}
