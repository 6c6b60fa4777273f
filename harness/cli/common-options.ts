/**
 * Options several commands share, declared once: the backend, the claim pack and tier, and the
 * sweep's workers, cache and stopping rule.
 */
import os from 'node:os';
import { BACKEND_NAMES } from '../backend/select.ts';
import { DEFAULT_CLAIMS_DIR } from '../claims/load-claims.ts';
import { parseShard } from '../sweep/shard.ts';
import { UsageError } from './args.ts';
import { choice, flag, int, text, type Option } from './declare.ts';

/** `--backend B`: auto (default) or a backend by name. */
export const backendOption = (description = '', defaultText?: string) =>
  choice('B', BACKEND_NAMES, `${BACKEND_NAMES.join(' | ')}${description}`, { default: 'auto', ...(defaultText ? { defaultText } : {}) });

/** `--trainer T`: who trains (undefined: the tier's `trainer`, else staircase's own). */
export const trainerOption = () =>
  text('T', "who trains the seeds: tfjs (staircase's own), torch (trainers/torch/: PyTorch, on CUDA when torch sees a GPU, else on CPU), or an external trainer's command, split at spaces, e.g. \"python3 my_train.py\" (docs/trainers.md); staircase probes what it trained with its own probe. An external trainer trains one seed per process (no populations)", {
    defaultText: "the tier's `trainer:`, else tfjs",
  });

export const tierOption = (description = 'smoke or full') => text('T', description, { default: 'smoke' });
export const claimsOption = (description = 'claim pack') => text('DIR', description, { default: DEFAULT_CLAIMS_DIR });
/** `--population N`: seeds per worker process trained as one model (undefined: the backend's default). */
export const populationOption = () =>
  int('N', 'seeds per worker process, trained as one model (a population: the same results as one seed per process, bit for bit on wasm); each seed is cached and written when it stops', {
    min: 1,
    defaultText: 'per backend: wasm 4, webgpu 32, cpu and tensorflow 1 (harness/sweep/population-default.ts)',
    example: '8',
  });
export const jobsOption = () => int('N', 'workers at once', { default: os.availableParallelism(), defaultText: 'the number of cores', example: '2' });
export const cacheOption = () => text('DIR', 'result cache', { defaultText: '.staircase/cache, or $STAIRCASE_CACHE_DIR' });
export const fixedOption = (description = 'no sequential stopping: one round of maxSeeds per arm') => flag(description);

/** `--shard i/n`: one shard of a round's jobs (undefined when not given). */
export const shardOption = (description: string, defaultText?: string): Option<{ index: number; count: number } | undefined> => ({
  value: 'i/n',
  description,
  ...(defaultText ? { defaultText } : {}),
  read: (raw) => {
    if (raw === undefined) return undefined;
    try {
      return parseShard(String(raw));
    } catch (error) {
      throw new UsageError(`--shard: ${(error as Error).message}`);
    }
  },
});
