/**
 * A sweep job: one seed of one arm at one tier, with the backend it asks for. Its cache key
 * hashes everything that determines the result: the resolved arm, the seed, the backend
 * request, the probe overrides and the training code (see code-hash.ts).
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { BackendRequest, DeviceRequest } from '../backend/select.ts';
import { autoBackendName } from '../backend/installed.ts';
import type { ArmConfig } from '../train/defaults.ts';
import type { ProbeSettings } from '../probe/settings.ts';
import type { TrainerChoice } from '../trainers/choice.ts';
import { resolveArm } from '../train/config.ts';
import { resolveProbeSettings } from '../probe/settings.ts';
import { validate } from '../util/schema.ts';

/**
 * What runs a job: the tfjs backend it asks for (what really ran is in its record and summary), and
 * optionally an external trainer (harness/trainers/choice.ts) that trains instead of staircase's own
 * trainer; staircase then probes the trainer's weights on the backend.
 */
export interface BackendChoice {
  request: BackendRequest;
  device: DeviceRequest;
  trainer?: TrainerChoice;
}

export interface Job {
  /** Arm name as the claim file spells it (the summary's `arm`). */
  armName: string;
  /** Tier label, e.g. `smoke` or `full` (the summary's `tier`). */
  tier: string;
  seed: number;
  /** The resolved arm (defaults + arm file + tier overrides). */
  arm: ArmConfig;
  backend: BackendChoice;
  /** Overrides of the probe defaults (harness/probe/settings.ts); part of the key. */
  probe?: Partial<ProbeSettings>;
}

/** A job file as the worker reads it (schemas/job.schema.json). */
export interface JobFile {
  kind: 'staircase.job';
  version: 1;
  key: string;
  codeHash: string;
  /** Absolute cache folder the worker commits `<cacheDir>/<key>/` into. */
  cacheDir: string;
  job: Job;
}

/**
 * Backend requests a job may name (backend/select.ts's BACKEND_NAMES; repeated here so that the
 * scheduler process never loads tfjs: only the workers do).
 */
export const BACKEND_REQUESTS = ['auto', 'wasm', 'cpu', 'tensorflow', 'webgpu'] as const satisfies readonly BackendRequest[];

/** The default backend request of a job: whatever `auto` picks, any device. */
export const DEFAULT_BACKEND: BackendChoice = { request: 'auto', device: 'any' };

/** JSON with object keys sorted at every depth (arrays keep their order); the input of every hash. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (v && typeof v === 'object' && !Array.isArray(v)) {
      const sorted: Record<string, unknown> = {};
      for (const k of Object.keys(v).sort()) sorted[k] = (v as Record<string, unknown>)[k];
      return sorted;
    }
    return v;
  });
}

/**
 * The cache key of a job: sha256 (hex) over the canonical JSON of the resolved arm, the seed,
 * the backend request (name and device; `auto` as what it resolves to on this machine), the
 * probe overrides, `codeHash` and, for an external trainer, its identity (name, arguments and code).
 * The arm and tier *labels* (and the arm's name and
 * description) are not part of it: two labels for the same configuration share one result.
 */
export function jobKey(job: Job, codeHash: string): string {
  const { name: _name, description: _description, ...config } = job.arm;
  const backend = job.backend.request === 'auto' ? `auto:${autoBackendName()}` : job.backend.request;
  const trainer = job.backend.trainer ? { trainer: job.backend.trainer.identity } : {};
  const material = { arm: config, seed: job.seed, backend, device: job.backend.device, probe: job.probe ?? {}, codeHash, ...trainer };
  return createHash('sha256').update(canonicalJson(material)).digest('hex');
}

/** One job per seed of an arm; checks the arm, the seeds and the probe overrides once, here. */
export function makeJobs(
  armName: string,
  tier: string,
  arm: ArmConfig,
  seeds: readonly number[],
  opts: { backend?: BackendChoice; probe?: Partial<ProbeSettings> } = {},
): Job[] {
  const resolved = resolveArm([{ source: `arm '${armName}'`, values: arm }]);
  if (opts.probe) resolveProbeSettings(opts.probe);
  const backend = opts.backend ?? DEFAULT_BACKEND;
  if (!(BACKEND_REQUESTS as readonly string[]).includes(backend.request)) throw new Error(`backend must be one of ${BACKEND_REQUESTS.join(', ')}, got '${backend.request}'`);
  if (!['any', 'cpu', 'gpu'].includes(backend.device)) throw new Error(`device must be any, cpu or gpu, got '${backend.device}'`);
  return seeds.map((seed) => {
    if (!Number.isInteger(seed) || seed < 0) throw new Error(`seed must be a non-negative integer, got ${seed}`);
    return { armName, tier, seed, arm: resolved, backend, ...(opts.probe ? { probe: opts.probe } : {}) };
  });
}

/** Read and check a job file (schema, then the arm and probe settings against their own rules). */
export function readJobFile(file: string): JobFile {
  const raw = JSON.parse(readFileSync(file, 'utf8')) as unknown;
  const parsed = validate<JobFile>('job', raw, file);
  const arm = resolveArm([{ source: `${file} (job.arm)`, values: parsed.job.arm }]);
  if (parsed.job.probe) resolveProbeSettings(parsed.job.probe);
  return { ...parsed, job: { ...parsed.job, arm } };
}
