/**
 * How many seeds a sweep worker trains as one population when `--population` is not given, per
 * backend (measured by `npm run bench`; docs/core.md "Populations"). No tfjs here: the scheduler
 * process never loads it.
 */
import type { BackendRequest } from '../backend/select.ts';
import { autoBackendName } from '../backend/installed.ts';

/**
 * wasm: 4 (smoke size, both cores busy: 1.15x the seeds/hour of a process per seed, the best P by
 * side-by-side rounds; and the most full-size seeds its 4 GiB heap holds). webgpu: 32 (a GPU is bound
 * by dispatches, which a population shares; on lavapipe P = 16 still gained). cpu (tfjs's reference
 * kernels) and tensorflow: 1, not measured to gain. docs/core.md, "Populations".
 */
export const DEFAULT_POPULATION: Record<Exclude<BackendRequest, 'auto'>, number> = { wasm: 4, webgpu: 32, cpu: 1, tensorflow: 1 };

/** `--population N` as given, else the default of the backend the request runs on. */
export function populationFor(request: BackendRequest, given?: number): number {
  if (given !== undefined) return given;
  return DEFAULT_POPULATION[request === 'auto' ? autoBackendName() : request];
}
