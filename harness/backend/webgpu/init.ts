/**
 * The WebGPU backend under Node. Dawn (the npm package `webgpu`, which ships a prebuilt
 * dawn.node) provides `navigator.gpu` and the WebGPU globals (GPUBufferUsage, GPUMapMode,
 * ...); @tensorflow/tfjs-backend-webgpu runs the kernels on the device Dawn opens. Both are
 * optional dependencies, imported only here and only when webgpu is asked for or `auto`
 * looks for a GPU, so a machine where they cannot install still runs everything else.
 *
 * Dawn needs a Vulkan driver on Linux. A GPU's driver gives a GPU adapter; Mesa's lavapipe
 * gives a software adapter (the CPU), which is reported as such and never counted as a GPU.
 */
import * as tf from '@tensorflow/tfjs-core';
import { describeAdapter, type AdapterInfoFields, type AdapterReport } from './adapter.ts';
import { BackendError } from '../errors.ts';
import type { BackendReport } from '../report.ts';
import { packageVersion } from '../../util/provenance.ts';
import { substituteWebgpuKernels } from './kernels.ts';

export const DAWN_PACKAGE = 'webgpu';
export const TFJS_WEBGPU_PACKAGE = '@tensorflow/tfjs-backend-webgpu';

// The packages are optional, so no static types from them: these are the parts used here.
type Limits = Readonly<Record<string, number>>;
interface GpuDevice {
  readonly limits: Limits;
  readonly lost: Promise<{ reason: string; message: string }>;
  addEventListener(type: 'uncapturederror', listener: (event: { error: { message: string } }) => void): void;
}
interface GpuAdapter {
  readonly info?: AdapterInfoFields;
  readonly isFallbackAdapter?: boolean;
  readonly limits: Limits;
  requestDevice(descriptor: { requiredLimits: Record<string, number> }): Promise<GpuDevice>;
}
interface Gpu {
  requestAdapter(options: { powerPreference: 'high-performance' }): Promise<GpuAdapter | null>;
}
interface DawnModule {
  create(flags: string[]): Gpu;
  globals: Record<string, unknown>;
}
type WebGPUBackendClass = new (device: GpuDevice, adapterInfo: AdapterInfoFields | undefined) => tf.KernelBackend;

interface DawnState {
  gpu: Gpu;
  adapter: GpuAdapter;
  report: AdapterReport;
  device?: GpuDevice;
  /** The first uncaptured device error or loss: every later read throws it. */
  deviceError?: string;
}

let state: DawnState | null = null;

const INSTALL_HINT = `the optional packages ${DAWN_PACKAGE} and ${TFJS_WEBGPU_PACKAGE} (npm ci installs them unless optional dependencies are omitted)`;

/** Import an optional package, or say which one is missing and how to get it. */
async function importOptional<T>(pkg: string): Promise<T> {
  try {
    return (await import(pkg)) as T;
  } catch (error) {
    const message = (error as Error).message.split('\n')[0] ?? '';
    if (/Cannot find (package|module)/.test(message)) throw new BackendError(`webgpu needs ${INSTALL_HINT}; '${pkg}' is not installed`);
    throw new BackendError(`'${pkg}' failed to load on this machine (${message})`);
  }
}

/** Put navigator.gpu and the WebGPU globals where tfjs-backend-webgpu looks for them (nothing already there is replaced). */
function installGlobals(dawn: DawnModule, gpu: Gpu): void {
  const g = globalThis as Record<string, unknown>;
  for (const [name, value] of Object.entries(dawn.globals)) if (!(name in g)) g[name] = value;
  if (g.navigator === undefined) g.navigator = {}; // Node 20 has none; Node 21+ has one without gpu
  Object.defineProperty(g.navigator, 'gpu', { value: gpu, configurable: true, enumerable: true, writable: true });
}

/**
 * Load Dawn and take the adapter it prefers ('high-performance': a discrete GPU before an
 * integrated one before a software one). Kept for initWebgpu; throws a BackendError that says
 * why when there is none.
 */
export async function findWebgpuAdapter(): Promise<AdapterReport> {
  if (state) return state.report;
  const dawn = await importOptional<DawnModule>(DAWN_PACKAGE);
  const gpu = dawn.create([]);
  const adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
  if (!adapter) {
    throw new BackendError(
      'Dawn found no WebGPU adapter: no usable Vulkan driver on this machine. On a GPU runner install the vendor driver with its ' +
        "Vulkan ICD (NVIDIA: the driver's nvidia_icd.json); for a CPU check install Mesa's lavapipe, version 23 or newer " +
        '(Debian 12: apt-get install -t bookworm-backports mesa-vulkan-drivers; Dawn turns down the 22.3 lavapipe with ' +
        "'Vulkan shaderUniform*ArrayDynamicIndexing required'). `vulkaninfo --summary` lists the devices Vulkan sees.",
    );
  }
  // Older Dawn builds put isFallbackAdapter on the adapter, newer ones in adapter.info.
  const info = adapter.info ?? {};
  const report = describeAdapter({ ...pick(info), isFallbackAdapter: info.isFallbackAdapter ?? adapter.isFallbackAdapter });
  installGlobals(dawn, gpu);
  state = { gpu, adapter, report };
  return report;
}

/** GPUAdapterInfo's fields are getters on its prototype: copy the ones read here. */
function pick(info: AdapterInfoFields): AdapterInfoFields {
  const { vendor, architecture, device, description } = info;
  return { vendor, architecture, device, description };
}

/** Let go of an adapter that `auto` looked at and did not use (only before a device was opened). */
export function releaseWebgpuAdapter(): void {
  if (!state || state.device) return;
  state = null;
  delete (globalThis as { navigator?: { gpu?: unknown } }).navigator?.gpu;
}

function assertDeviceHealthy(): void {
  if (state?.deviceError) throw new BackendError(`webgpu: the device reported an error, so results computed since are not trustworthy: ${state.deviceError}`);
}

/**
 * Open the device, register tfjs's webgpu backend on it (with this harness's kernel
 * substitutions), and make it the current backend. Repeated calls reuse the device. A software
 * adapter runs on the CPU and is reported as `device: 'cpu'`.
 */
export async function initWebgpu(): Promise<BackendReport> {
  const report = await findWebgpuAdapter();
  const current = state!;
  const tfjsWebgpu = await importOptional<{ WebGPUBackend: WebGPUBackendClass }>(TFJS_WEBGPU_PACKAGE);
  if (!current.device) {
    const { adapter } = current;
    // tfjs asks for these limits; maxStorageBuffersPerShaderStage too, so shaders may bind more inputs.
    const wanted = ['maxComputeWorkgroupStorageSize', 'maxComputeWorkgroupsPerDimension', 'maxStorageBufferBindingSize', 'maxBufferSize', 'maxComputeWorkgroupSizeX', 'maxComputeInvocationsPerWorkgroup', 'maxStorageBuffersPerShaderStage'];
    const requiredLimits = Object.fromEntries(wanted.flatMap((name) => (typeof adapter.limits[name] === 'number' ? [[name, adapter.limits[name]]] : [])));
    const device = await adapter.requestDevice({ requiredLimits });
    device.addEventListener('uncapturederror', (event) => {
      current.deviceError ??= event.error.message.split('\n')[0];
    });
    void device.lost.then((info) => {
      current.deviceError ??= `device lost (${info.reason}): ${info.message}`;
    });
    current.device = device;
    const backend = new tfjsWebgpu.WebGPUBackend(device, current.adapter.info);
    guardReads(backend);
    // tfjs-backend-webgpu registers its own factory when navigator.gpu exists at import; this one uses the device above.
    if (tf.findBackendFactory('webgpu')) tf.removeBackend('webgpu');
    tf.registerBackend('webgpu', () => backend, 1);
  }
  const device = current.device!;
  substituteWebgpuKernels(device.limits.maxStorageBuffersPerShaderStage ?? 8);
  if (!(await tf.setBackend('webgpu'))) throw new BackendError('the webgpu backend failed to initialise');
  await tf.ready();
  return {
    name: 'webgpu',
    device: report.software ? 'cpu' : 'gpu',
    package: TFJS_WEBGPU_PACKAGE,
    packageVersion: packageVersion(TFJS_WEBGPU_PACKAGE),
    details: {
      dawnPackage: `${DAWN_PACKAGE}@${packageVersion(DAWN_PACKAGE)}`,
      maxStorageBuffersPerShaderStage: device.limits.maxStorageBuffersPerShaderStage ?? 0,
      maxBufferSize: device.limits.maxBufferSize ?? 0,
    },
    adapter: report,
  };
}

/**
 * Reads fail loudly: after a device error (a shader that failed validation computes nothing,
 * silently), and on a synchronous read, which tfjs-webgpu can only do through an
 * OffscreenCanvas that Node lacks.
 */
function guardReads(backend: tf.KernelBackend): void {
  const read = backend.read.bind(backend);
  backend.read = async (dataId) => {
    const values = await read(dataId);
    assertDeviceHealthy();
    return values;
  };
  const readSync = backend.readSync.bind(backend);
  backend.readSync = (dataId) => {
    try {
      return readSync(dataId);
    } catch (error) {
      if (/OffscreenCanvas/.test((error as Error).message)) {
        throw new BackendError('webgpu under Node has no synchronous readback (dataSync/arraySync): read with `await tensor.data()` instead');
      }
      throw error;
    }
  };
}
