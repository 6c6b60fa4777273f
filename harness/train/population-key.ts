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
