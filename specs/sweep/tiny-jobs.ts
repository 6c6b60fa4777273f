/** Tiny sweep jobs for tests: K 2, 1 layer, d16, 2 heads, batch 16, <= 20 steps, probe of 64 problems. */
import { makeJobs, type BackendChoice, type Job } from '../../harness/sweep/job.ts';
import { tinyArm } from '../helpers/tiny.ts';

/** The wasm backend on the CPU: deterministic and always installed. */
export const TINY_BACKEND: BackendChoice = { request: 'wasm', device: 'any' };

/** Seeds 1..n of one tiny arm (`layers` 1 unless overridden). */
export function tinyJobs(n: number, opts: { armName?: string; tier?: string; layers?: number; maxSteps?: number; backend?: BackendChoice; firstSeed?: number } = {}): Job[] {
  const first = opts.firstSeed ?? 1;
  const arm = tinyArm({ name: opts.armName ?? 'tiny', layers: opts.layers ?? 1, maxSteps: opts.maxSteps ?? 10, evalEvery: 10 });
  const seeds = Array.from({ length: n }, (_, i) => first + i);
  return makeJobs(opts.armName ?? 'tiny', opts.tier ?? 'test', arm, seeds, { backend: opts.backend ?? TINY_BACKEND, probe: { nProblems: 64 } });
}
