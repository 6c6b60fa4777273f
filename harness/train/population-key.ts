/**
 * Which seeds may train in one population (harness/train/population.ts): those whose models have one
 * shape and whose batches and optimiser constants agree. Everything else may differ per seed and is
 * kept per seed: the loss mode and curriculum, weighting, learning rate and schedule, budgets, stop
 * rule, evaluation settings and init scale. No tfjs here: the scheduler groups jobs with it.
 */
import type { ArmConfig } from './defaults.ts';

/** The arm fields a population shares (the rest are per seed). */
export const POPULATION_SHARED = ['task', 'K', 'model', 'layers', 'dModel', 'heads', 'mlpRatio', 'batchSize', 'beta1', 'beta2', 'adamEps', 'weightDecay', 'gradClip'] as const satisfies readonly (keyof ArmConfig)[];

/** Seeds with equal keys can share a population. */
export function populationKey(arm: ArmConfig): string {
  return JSON.stringify(POPULATION_SHARED.map((f) => arm[f]));
}

/**
 * wasm's heap is one 32-bit memory (at most 4 GiB), and a training step keeps each seed's activations
 * for its backward pass: about 280 bytes per element of batch x positions x dModel x layers (measured:
 * 60 MB a seed at the smoke size, 710 MB at the full size). The most seeds that fit in 3.5 GiB.
 */
export const WASM_POPULATION_BYTES = 3.5 * 2 ** 30;
export function wasmPopulationCap(arm: ArmConfig): number {
  const perSeed = 280 * arm.batchSize * (2 * arm.K + 3) * arm.dModel * arm.layers;
  return Math.max(1, Math.floor(WASM_POPULATION_BYTES / perSeed));
}
