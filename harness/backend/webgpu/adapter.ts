/**
 * What a WebGPU adapter is, decided from the fields Dawn reports (GPUAdapterInfo), with no
 * Dawn import: the record keeps this report, and `auto` and `--device gpu` use `software`.
 */

/** The GPUAdapterInfo fields this harness reads (all optional: implementations differ). */
export interface AdapterInfoFields {
  readonly vendor?: string;
  readonly architecture?: string;
  readonly device?: string;
  readonly description?: string;
  /** WebGPU's flag for an adapter with weaker guarantees; Dawn sets it for Vulkan's CPU device type. */
  readonly isFallbackAdapter?: boolean;
}

/** One adapter as the record stores it (schemas/record.schema.json, backend.adapter). */
export interface AdapterReport {
  vendor: string;
  architecture: string;
  device: string;
  description: string;
  /** The driver as Dawn names it: the part of `description` after "name: " (Vulkan: driver info and version). */
  driver: string;
  /** GPUAdapterInfo.isFallbackAdapter, or null where the implementation does not report it. */
  isFallbackAdapter: boolean | null;
  /** A software rasteriser (lavapipe / llvmpipe, SwiftShader, ...): runs on the CPU, never counted as a GPU. */
  software: boolean;
  /** Why it counts as software ('' when it does not). */
  softwareReason: string;
}

/** Names of CPU implementations of Vulkan / D3D that Dawn can be handed instead of a GPU. */
const SOFTWARE_NAMES = /llvmpipe|lavapipe|swiftshader|softpipe|microsoft basic render/i;

/** Why the adapter is a software rasteriser, or '' when nothing says so. */
export function softwareReason(info: AdapterInfoFields): string {
  if (info.isFallbackAdapter === true) return 'isFallbackAdapter is true (Dawn sets it for a Vulkan device of type CPU)';
  for (const field of ['description', 'device', 'vendor', 'architecture'] as const) {
    const match = SOFTWARE_NAMES.exec(info[field] ?? '');
    if (match) return `its ${field} names ${match[0]} ('${info[field]}')`;
  }
  if ((info.architecture ?? '').toLowerCase() === 'software') return "its architecture is 'software'";
  return '';
}

/** The record's view of an adapter. */
export function describeAdapter(info: AdapterInfoFields): AdapterReport {
  const description = info.description ?? '';
  const colon = description.indexOf(': ');
  const reason = softwareReason(info);
  return {
    vendor: info.vendor ?? '',
    architecture: info.architecture ?? '',
    device: info.device ?? '',
    description,
    driver: colon >= 0 ? description.slice(colon + 2) : description,
    isFallbackAdapter: typeof info.isFallbackAdapter === 'boolean' ? info.isFallbackAdapter : null,
    software: reason !== '',
    softwareReason: reason,
  };
}

/** One line for logs and errors: "llvmpipe: Mesa 25.0.7 (LLVM 15.0.6) (mesa, software)". */
export function adapterLabel(report: AdapterReport): string {
  const name = report.description || report.device || 'unnamed adapter';
  const extra = [report.vendor, report.architecture].filter(Boolean).join(', ');
  return extra ? `${name} (${extra})` : name;
}
