/**
 * How many seeds a sweep worker trains as one population when `--population` is not given, per
 * backend (measured by `npm run bench`; docs/core.md "Populations"). No tfjs here: the scheduler
 * process never loads it.
 */
import type { BackendRequest } from '../backend/select.ts';
import { autoBackendName } from '../backend/installed.ts';

/**
 * wasm: 4 (smoke size, 2-core VM: 1.2-1.3x a seed per process in seeds/hour; beyond 4 the
 * activations outgrow the cache and the gain shrinks). webgpu: 32 (a GPU is bound by dispatches, which a
 * population shares). cpu (tfjs's reference kernels) and tensorflow: 1, not measured to gain.
 */
export const DEFAULT_POPULATION: Record<Exclude<BackendRequest, 'auto'>, number> = { wasm: 4, webgpu: 32, cpu: 1, tensorflow: 1 };

/** `--population N` as given, else the default of the backend the request runs on. */
export function populationFor(request: BackendRequest, given?: number): number {
  if (given !== undefined) return given;
  return DEFAULT_POPULATION[request === 'auto' ? autoBackendName() : request];
}
