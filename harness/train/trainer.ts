import * as tf from '@tensorflow/tfjs-core';
import type { ArmConfig } from './defaults.ts';
import { AdamW } from './optimizer.ts';
import { learningRate } from './schedule.ts';
import { batchLoss, type LossPhase } from './loss.ts';
import { evaluate, type EvalResult } from './evaluate.ts';
import { initModel } from '../model/build.ts';
import type { Transformer } from '../model/transformer.ts';
import { SeedData, type StreamName } from './seed-data.ts';

export { STREAM_NAMES, type StreamName } from './seed-data.ts';

export interface StepStats {
  lossNats: number;
  gradNorm: number;
}

/** One seed's model, data streams and optimiser; `step` runs one update on the current backend. */
export class Trainer {
  readonly data: SeedData;
  readonly model: Transformer;
  private readonly optimizer: AdamW;
  private readonly vars: tf.Variable[];
  private readonly names: string[];
  private stepCount = 0;

  constructor(
    readonly arm: ArmConfig,
    readonly seed: number,
  ) {
    this.data = new SeedData(arm, seed);
    this.model = initModel(arm, seed);
    this.vars = [...this.model.params.values()];
    this.names = [...this.model.params.keys()];
    this.optimizer = new AdamW(this.model.params, arm);
  }

  get streams(): Record<StreamName, number> {
    return this.data.streams;
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
    const batch = this.data.sampler.batch(this.arm.batchSize);
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
    return evaluate(this.model, this.data.group, this.arm.K, this.data.evalSet);
  }

  /** Frees the optimiser state (the model stays, for saving and probing). */
  disposeOptimizer(): void {
    this.optimizer.dispose();
  }
}
