import * as tf from '@tensorflow/tfjs-core';
import type { ArmConfig } from './defaults.ts';
import { AdamW, learningRate } from './optimizer.ts';
import { batchLoss, type LossPhase } from './loss.ts';
import { evaluate, type EvalResult } from './evaluate.ts';
import { initModel } from '../model/build.ts';
import type { Transformer } from '../model/transformer.ts';
import { groupFor } from '../task/index.ts';
import { makeEvalSet, TrainingSampler, type EvalSet } from '../task/sampler.ts';
import type { Group } from '../task/group.ts';
import { stream, streamSeed } from '../util/prng.ts';

export interface StepStats {
  lossNats: number;
  gradNorm: number;
}

/** One seed's model, data streams and optimiser; `step` runs one update on the current backend. */
export class Trainer {
  readonly group: Group;
  readonly evalSet: EvalSet;
  readonly model: Transformer;
  readonly streams: Record<'init' | 'data' | 'eval', number>;
  private readonly sampler: TrainingSampler;
  private readonly optimizer: AdamW;
  private readonly vars: tf.Variable[];
  private readonly names: string[];
  private stepCount = 0;
  /** `anneal` schedule: the step whose evaluation first reached targetAccuracy (set by the loop). */
  annealFrom: number | null = null;

  constructor(
    readonly arm: ArmConfig,
    readonly seed: number,
  ) {
    this.group = groupFor(arm.task);
    this.evalSet = makeEvalSet(this.group, arm.K, arm.evalPerK, stream(seed, 'eval'));
    this.sampler = new TrainingSampler(this.group, arm.K, arm.weighting, stream(seed, 'data'), this.evalSet.excluded);
    this.model = initModel(arm, seed);
    this.vars = [...this.model.params.values()];
    this.names = [...this.model.params.keys()];
    this.optimizer = new AdamW(this.model.params, arm);
    this.streams = { init: streamSeed(seed, 'init'), data: streamSeed(seed, 'data'), eval: streamSeed(seed, 'eval') };
  }

  get steps(): number {
    return this.stepCount;
  }

  /**
   * Draw a batch, compute the phase's loss and gradients, clip, and apply AdamW.
   * Async because the loss is read back with `data()`: WebGPU under Node has no
   * synchronous readback (tfjs-webgpu's dataSync needs an OffscreenCanvas).
   */
  async step(phase: LossPhase): Promise<StepStats> {
    this.stepCount += 1;
    const batch = this.sampler.batch(this.arm.batchSize);
    const lr = learningRate(this.arm, this.stepCount, this.annealFrom);
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
