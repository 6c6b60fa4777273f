import type { AdapterReport } from './webgpu/adapter.ts';

export const BACKEND_NAMES = ['auto', 'wasm', 'cpu', 'tensorflow', 'webgpu'] as const;
export type BackendRequest = (typeof BACKEND_NAMES)[number];

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

/**
 * What one backend reports once it is initialised and current: the one answer each backend
 * folder's init gives (wasm/, cpu/, tensorflow/, webgpu/); select.ts adds what was asked for and
 * the notes on what `auto` passed over.
 */
export type BackendReport = Omit<BackendInfo, 'requested' | 'notes'>;
