import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describeAdapter, type AdapterInfoFields, type AdapterReport } from './webgpu/adapter.ts';

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
/** The adapter Dawn offers here (null: none, and why). */
export interface AdapterProbe {
  report: AdapterReport | null;
  reason: string;
}
let probeMemo: AdapterProbe | undefined;

/**
 * The WebGPU adapter Dawn offers here, asked of scripts/webgpu-adapter.mjs in a child process:
 * the caller loads neither Dawn nor tfjs, and the warnings Dawn and the Vulkan loader print
 * while they look (e.g. lavapipe's "maxDynamic... artificially reduced") stay in the child's
 * stderr. Once per process.
 */
export function probeWebgpuAdapter(): AdapterProbe {
  if (probeMemo) return probeMemo;
  if (!isInstalled('webgpu') || !isInstalled('@tensorflow/tfjs-backend-webgpu')) {
    return (probeMemo = { report: null, reason: 'the optional packages webgpu and @tensorflow/tfjs-backend-webgpu are not installed' });
  }
  const r = spawnSync(process.execPath, [ADAPTER_SCRIPT], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 60_000 });
  try {
    const { adapter, reason } = JSON.parse(String(r.stdout).trim().split('\n').at(-1) ?? '') as { adapter?: AdapterInfoFields | null; reason?: string };
    probeMemo = adapter ? { report: describeAdapter(adapter), reason: '' } : { report: null, reason: reason ?? 'Dawn found no WebGPU adapter' };
  } catch {
    probeMemo = { report: null, reason: `scripts/webgpu-adapter.mjs gave no answer (${r.signal ? `killed by ${r.signal}` : `exit ${r.status}`})` };
  }
  return probeMemo;
}

/** Does Dawn offer a real GPU adapter here (not a software one)? */
export function hasWebgpuGpuAdapter(): boolean {
  const { report } = probeWebgpuAdapter();
  return Boolean(report) && !report!.software;
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
