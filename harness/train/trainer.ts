import * as tf from '@tensorflow/tfjs-core';
import type { ArmConfig } from './defaults.ts';
import { AdamW } from './optimizer.ts';
import { learningRate } from './schedule.ts';
import { batchLoss, type LossPhase } from './loss.ts';
import { evaluate, type EvalResult } from './evaluate.ts';
import { initModel } from '../model/build.ts';
import type { Transformer } from '../model/transformer.ts';
import { groupFor } from '../task/index.ts';
import { heldOutSet, makeEvalSet, TrainingSampler, type EvalSet, type HeldOutSet } from '../task/sampler.ts';
import type { Group } from '../task/group.ts';
import { stream, streamSeed } from '../util/prng.ts';

/** The named random streams of a run; the record logs the seed of each. */
export const STREAM_NAMES = ['init', 'data', 'eval', 'eval-train'] as const;
export type StreamName = (typeof STREAM_NAMES)[number];

export interface StepStats {
  lossNats: number;
  gradNorm: number;
}

/** One seed's model, data streams and optimiser; `step` runs one update on the current backend. */
export class Trainer {
  readonly group: Group;
  /** The seed's held-out problems (every k >= 2; keyed by the `eval` stream's seed): never trained on. */
  readonly heldOut: HeldOutSet;
  readonly evalSet: EvalSet;
  readonly model: Transformer;
  readonly streams: Record<StreamName, number>;
  private readonly sampler: TrainingSampler;
  private readonly optimizer: AdamW;
  private readonly vars: tf.Variable[];
  private readonly names: string[];
  private stepCount = 0;

  constructor(
    readonly arm: ArmConfig,
    readonly seed: number,
  ) {
    this.group = groupFor(arm.task);
    this.heldOut = heldOutSet(this.group, arm.K, seed, arm.heldOutFraction);
    this.evalSet = makeEvalSet(this.heldOut, arm.evalPerK, stream(seed, 'eval'), stream(seed, 'eval-train'));
    this.sampler = new TrainingSampler(this.group, arm.K, arm.weighting, stream(seed, 'data'), this.heldOut);
    this.model = initModel(arm, seed);
    this.vars = [...this.model.params.values()];
    this.names = [...this.model.params.keys()];
    this.optimizer = new AdamW(this.model.params, arm);
    this.streams = Object.fromEntries(STREAM_NAMES.map((name) => [name, streamSeed(seed, name)])) as Record<StreamName, number>;
  }

  get steps(): number {
    return this.stepCount;
  }

  /**
   * Draw a batch, compute the phase's loss and gradients, clip, and apply AdamW at the schedule's
   * learning rate (`annealFrom`: ScheduleState.annealFrom, null before an anneal starts).
   * Async because the loss is read back with `data()`: WebGPU under Node has no
   * synchronous readback (tfjs-webgpu's dataSync needs an OffscreenCanvas).
   */
  async step(phase: LossPhase, annealFrom: number | null = null): Promise<StepStats> {
    this.stepCount += 1;
    const batch = this.sampler.batch(this.arm.batchSize);
    const lr = learningRate(this.arm, this.stepCount, annealFrom);
    const stats = tf.tidy(() => {
      const { value, grads } = tf.variableGrads(() => batchLoss(this.model, batch, phase), this.vars);
      const named: tf.NamedTensorMap = {};
      this.names.forEach((n, i) => (named[n] = grads[this.vars[i]!.name]!));
      const norm = this.optimizer.apply(named, lr);
      return tf.stack([value, norm]);
    });
    const [lossNats, gradNorm] = (await stats.data()) as Float32Array;
    stats.dispose();
    return { lossNats: lossNats!, gradNorm: gradNorm! };
  }

  evaluate(): Promise<EvalResult> {
    return evaluate(this.model, this.group, this.arm.K, this.evalSet);
  }

  /** Frees the optimiser state (the model stays, for saving and probing). */
  disposeOptimizer(): void {
    this.optimizer.dispose();
  }
}
