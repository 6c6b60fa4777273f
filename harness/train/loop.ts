import type { ArmConfig } from './defaults.ts';
import type { LossPhase } from './loss.ts';
import type { EvalResult } from './evaluate.ts';
import type { Transformer } from '../model/transformer.ts';
import { Trainer, type StreamName } from './trainer.ts';
import { heldOutSummary, type HeldOutSummary } from './held-out-summary.ts';
import { probeAtSwitch, type SwitchProbe } from './switch-probe.ts';

export type Outcome = 'converged' | 'budget' | 'diverged';

export interface CurvePoint {
  step: number;
  phase: LossPhase;
  /** Mean training loss (nats) since the previous point (null before any step). */
  trainLossNats: number | null;
  /** Held-out length-K answer accuracy. */
  answerAccuracy: number;
  answerLossNats: number;
  /** Answer accuracy on the evaluation set's training (not held-out) length-K problems. */
  trainAccuracy: number;
  perKAccuracy: number[];
}

export interface ProgressEvent {
  step: number;
  /** Upper bound on the steps of this run (grows once when a curriculum switches). */
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
  /** Curriculum: the probe of the model at the switch (null if it never switched). */
  atSwitch: SwitchProbe | null;
  divergedAtStep: number | null;
  streams: Record<StreamName, number>;
  heldOutLengths: number[];
  heldOut: HeldOutSummary;
}

/**
 * Train one seed of an arm on the current tfjs backend. `wallMs` and the steps/s counted from it
 * leave out the probe at a curriculum's switch (timed apart, in atSwitch.wallMs).
 * Stops once targetAccuracy held for targetPatience consecutive evaluations (answer-only,
 * full-sequence), after fullSteps of full-sequence
 * loss once switchAccuracy was reached (curriculum), at maxSteps (the answer-only phase's
 * budget for a curriculum), or on a non-finite loss or gradient (`diverged`).
 */
export async function train(arm: ArmConfig, seed: number, onProgress?: (e: ProgressEvent) => void): Promise<TrainResult> {
  const started = performance.now();
  const trainer = new Trainer(arm, seed);
  let phase: LossPhase = arm.loss === 'full-sequence' ? 'full' : 'answer';
  let switchedAtStep: number | null = null;
  let atSwitch: SwitchProbe | null = null;
  let stepsToTarget: number | null = null;
  let divergedAtStep: number | null = null;
  let stopAt = arm.maxSteps;
  let atTarget = 0; // consecutive evaluations at or above targetAccuracy
  const curve: CurvePoint[] = [];
  let lossSum = 0;
  let lossCount = 0;
  let lastEval: EvalResult | undefined;
  let rateMark = { step: 0, time: started };
  let stepsPerSecond = 0;

  const runEval = async (step: number): Promise<EvalResult> => {
    const result = await trainer.evaluate();
    curve.push({
      step,
      phase,
      trainLossNats: lossCount ? lossSum / lossCount : null,
      answerAccuracy: result.answerAccuracy,
      answerLossNats: result.answerLossNats,
      trainAccuracy: result.trainAccuracy,
      perKAccuracy: result.perK.map((p) => p.accuracy),
    });
    lossSum = 0;
    lossCount = 0;
    return result;
  };

  while (trainer.steps < stopAt) {
    const { lossNats, gradNorm } = await trainer.step(phase);
    const step = trainer.steps;
    if (!Number.isFinite(lossNats) || !Number.isFinite(gradNorm)) {
      divergedAtStep = step;
      break;
    }
    lossSum += lossNats;
    lossCount += 1;
    if (step % arm.evalEvery === 0 || step === stopAt) {
      lastEval = await runEval(step);
      const acc = lastEval.answerAccuracy;
      if (stepsToTarget === null && acc >= arm.targetAccuracy) {
        stepsToTarget = step;
        if (arm.loss !== 'curriculum') trainer.annealFrom = step;
      }
      atTarget = acc >= arm.targetAccuracy ? atTarget + 1 : 0;
      if (arm.loss === 'curriculum' && phase === 'answer' && acc >= arm.switchAccuracy) {
        phase = 'full';
        switchedAtStep = step;
        stopAt = step + arm.fullSteps;
        // The full-sequence phase keeps the lr and anneals over its last annealSteps steps: annealing
        // from the switch would leave the full-sequence loss a tenth of the lr to act with.
        trainer.annealFrom = Math.max(step, stopAt - arm.annealSteps);
        // Probe the model in memory as the answer-only phase left it; its time is not training time.
        atSwitch = await probeAtSwitch(trainer.model, arm, seed, step);
        rateMark = { step: rateMark.step, time: rateMark.time + atSwitch.wallMs };
      } else if (arm.loss !== 'curriculum' && atTarget >= arm.targetPatience) {
        break;
      }
    }
    if (onProgress && (step % 10 === 0 || step === 1)) {
      const now = performance.now();
      if (now > rateMark.time) stepsPerSecond = ((step - rateMark.step) * 1000) / (now - rateMark.time);
      if (step % 100 === 0) rateMark = { step, time: now };
      onProgress({ step, maxSteps: stopAt, phase, lossNats, answerAccuracy: lastEval?.answerAccuracy, stepsPerSecond });
    }
  }

  const steps = trainer.steps;
  const diverged = divergedAtStep !== null;
  const final = !diverged && lastEval && curve.at(-1)?.step === steps ? lastEval : await trainer.evaluate();
  trainer.disposeOptimizer();
  const outcome: Outcome = diverged ? 'diverged' : final.answerAccuracy >= arm.targetAccuracy ? 'converged' : 'budget';
  return {
    model: trainer.model,
    steps,
    wallMs: performance.now() - started - (atSwitch?.wallMs ?? 0),
    curve,
    final,
    outcome,
    stepsToTarget,
    switchedAtStep,
    atSwitch,
    divergedAtStep,
    streams: trainer.streams,
    heldOutLengths: [...trainer.evalSet.heldOutLengths],
    heldOut: heldOutSummary(trainer.evalSet),
  };
}
