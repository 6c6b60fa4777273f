import type { ArmConfig } from './defaults.ts';
import { groupFor } from '../task/index.ts';
import { heldOutSet, makeEvalSet, TrainingSampler, type EvalSet, type HeldOutSet } from '../task/sampler.ts';
import type { Group } from '../task/group.ts';
import { stream, streamSeed } from '../util/prng.ts';

/** The named random streams of a run; the record logs the seed of each. */
export const STREAM_NAMES = ['init', 'data', 'eval', 'eval-train'] as const;
export type StreamName = (typeof STREAM_NAMES)[number];

/**
 * One seed's problems: its held-out set, evaluation set and training sampler, each from the seed's
 * own named stream, the same whether the seed trains alone (trainer.ts) or in a population
 * (population.ts).
 */
export class SeedData {
  readonly group: Group;
  /** The seed's held-out problems (every k >= 2; keyed by the `eval` stream's seed): never trained on. */
  readonly heldOut: HeldOutSet;
  readonly evalSet: EvalSet;
  readonly sampler: TrainingSampler;
  readonly streams: Record<StreamName, number>;

  constructor(arm: ArmConfig, seed: number) {
    this.group = groupFor(arm.task);
    this.heldOut = heldOutSet(this.group, arm.K, seed, arm.heldOutFraction);
    this.evalSet = makeEvalSet(this.heldOut, arm.evalPerK, stream(seed, 'eval'), stream(seed, 'eval-train'));
    this.sampler = new TrainingSampler(this.group, arm.K, arm.weighting, stream(seed, 'data'), this.heldOut);
    this.streams = Object.fromEntries(STREAM_NAMES.map((name) => [name, streamSeed(seed, name)])) as Record<StreamName, number>;
  }
}
