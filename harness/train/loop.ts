import * as tf from '@tensorflow/tfjs-core';
import type { ArmConfig } from './defaults.ts';
import { AdamW, learningRate } from './optimizer.ts';
import { batchLoss, type LossPhase } from './loss.ts';
import { evaluate, type EvalResult } from './evaluate.ts';
import { initModel } from '../model/build.ts';
import type { Transformer } from '../model/transformer.ts';
import { groupFor } from '../task/index.ts';
import { makeEvalSet, TrainingSampler } from '../task/sampler.ts';
import { stream, streamSeed } from '../util/prng.ts';

export type Outcome = 'converged' | 'budget' | 'diverged';

export interface CurvePoint {
  step: number;
  phase: LossPhase;
  /** Mean training loss (nats) since the previous point. */
  trainLossNats: number;
  /** Held-out length-K answer accuracy. */
  answerAccuracy: number;
  answerLossNats: number;
  perKAccuracy: number[];
}

export interface ProgressEvent {
  step: number;
  /** Upper bound on the steps of this run. */
  maxSteps: number;
  phase: LossPhase;
  lossNats: number;
  answerAccuracy: number | undefined;
  stepsPerSecond: number;
}

export interface TrainResult {
  model: Transformer;
  steps: number;
  wallMs: number;
  curve: CurvePoint[];
  final: EvalResult;
  outcome: Outcome;
  /** First evaluation step with length-K accuracy >= targetAccuracy (null if never). */
  stepsToTarget: number | null;
  /** Curriculum: the step at which full-sequence loss began (null if it never did). */
  switchedAtStep: number | null;
  divergedAtStep: number | null;
  streams: Record<'init' | 'data' | 'eval', number>;
  heldOutLengths: number[];
}

/** Train one seed of an arm on the current tfjs backend. */
export function train(arm: ArmConfig, seed: number, onProgress?: (e: ProgressEvent) => void): TrainResult {
  const started = performance.now();
  const group = groupFor(arm.task);
  const evalSet = makeEvalSet(group, arm.K, arm.evalPerK, stream(seed, 'eval'));
  const sampler = new TrainingSampler(group, arm.K, arm.weighting, stream(seed, 'data'), evalSet.excluded);
  const model = initModel(arm, seed);
  const vars = [...model.params.values()];
  const names = [...model.params.keys()];
  const optimizer = new AdamW(model.params, arm);

  let phase: LossPhase = arm.loss === 'full-sequence' ? 'full' : 'answer';
  let switchedAtStep: number | null = null;
  let stepsToTarget: number | null = null;
  let divergedAtStep: number | null = null;
  let stopAt = arm.maxSteps;
  const curve: CurvePoint[] = [];
  let lossSum = 0;
  let lossCount = 0;
  let lastEval: EvalResult | undefined;
  let step = 0;
  let rateMark = { step: 0, time: started };
  let stepsPerSecond = 0;

  const runEval = (): EvalResult => {
    const result = evaluate(model, group, arm.K, evalSet);
    curve.push({
      step,
      phase,
      trainLossNats: lossCount ? lossSum / lossCount : NaN,
      answerAccuracy: result.answerAccuracy,
      answerLossNats: result.answerLossNats,
      perKAccuracy: result.perK.map((p) => p.accuracy),
    });
    lossSum = 0;
    lossCount = 0;
    return result;
  };

  while (step < stopAt) {
    step += 1;
    const batch = sampler.batch(arm.batchSize);
    const lr = learningRate(arm, step);
    const stats = tf.tidy(() => {
      const { value, grads } = tf.variableGrads(() => batchLoss(model, batch, phase), vars);
      const named: tf.NamedTensorMap = {};
      names.forEach((n, i) => (named[n] = grads[vars[i]!.name]!));
      const norm = AdamW.globalNorm(named);
      optimizer.apply(named, norm, lr);
      return tf.stack([value, norm]);
    });
    const [loss, norm] = stats.dataSync() as Float32Array;
    stats.dispose();
    if (!Number.isFinite(loss!) || !Number.isFinite(norm!)) {
      divergedAtStep = step;
      break;
    }
    lossSum += loss!;
    lossCount += 1;

    if (step % arm.evalEvery === 0 || step === stopAt) {
      lastEval = runEval();
      const acc = lastEval.answerAccuracy;
      if (stepsToTarget === null && acc >= arm.targetAccuracy) stepsToTarget = step;
      if (arm.loss === 'curriculum' && phase === 'answer' && acc >= arm.switchAccuracy) {
        phase = 'full';
        switchedAtStep = step;
        stopAt = step + arm.fullSteps;
      } else if (arm.loss !== 'curriculum' && acc >= arm.targetAccuracy) {
        break;
      }
    }
    if (onProgress && (step % 10 === 0 || step === 1)) {
      const now = performance.now();
      if (now > rateMark.time) stepsPerSecond = ((step - rateMark.step) * 1000) / (now - rateMark.time);
      if (step % 100 === 0) rateMark = { step, time: now };
      onProgress({ step, maxSteps: stopAt, phase, lossNats: loss!, answerAccuracy: lastEval?.answerAccuracy, stepsPerSecond });
    }
  }

  const diverged = divergedAtStep !== null;
  const final = !diverged && lastEval && curve.at(-1)?.step === step ? lastEval : evaluate(model, group, arm.K, evalSet);
  optimizer.dispose();
  const outcome: Outcome = diverged ? 'diverged' : final.answerAccuracy >= arm.targetAccuracy ? 'converged' : 'budget';
  return {
    model,
    steps: step,
    wallMs: performance.now() - started,
    curve,
    final,
    outcome,
    stepsToTarget,
    switchedAtStep,
    divergedAtStep,
    streams: { init: streamSeed(seed, 'init'), data: streamSeed(seed, 'data'), eval: streamSeed(seed, 'eval') },
    heldOutLengths: [...evalSet.heldOutLengths],
  };
}
