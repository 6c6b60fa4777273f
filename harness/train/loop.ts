import type { ArmConfig } from './defaults.ts';
import type { LossPhase } from './loss.ts';
import type { EvalResult } from './evaluate.ts';
import type { Transformer } from '../model/transformer.ts';
import { Trainer, type StreamName } from './trainer.ts';
import { heldOutSummary, type HeldOutSummary } from './held-out-summary.ts';
import { probeAtSwitch, type SwitchProbe } from './switch-probe.ts';
import { afterEvaluation, evaluationDue, finalOutcome, isDiverged, startSchedule, type Outcome } from './schedule.ts';

export type { Outcome } from './schedule.ts';

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
 * The schedule (schedule.ts) decides the phase, the learning rate and when to stop from each
 * evaluation; a non-finite loss or gradient ends the run as `diverged`.
 */
export async function train(arm: ArmConfig, seed: number, onProgress?: (e: ProgressEvent) => void): Promise<TrainResult> {
  const started = performance.now();
  const trainer = new Trainer(arm, seed);
  let schedule = startSchedule(arm);
  let atSwitch: SwitchProbe | null = null;
  let divergedAtStep: number | null = null;
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
      phase: schedule.phase,
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

  while (trainer.steps < schedule.stopAt) {
    const { lossNats, gradNorm } = await trainer.step(schedule.phase, schedule.annealFrom);
    const step = trainer.steps;
    if (isDiverged(lossNats, gradNorm)) {
      divergedAtStep = step;
      break;
    }
    lossSum += lossNats;
    lossCount += 1;
    if (evaluationDue(arm, schedule, step)) {
      lastEval = await runEval(step);
      const decision = afterEvaluation(arm, schedule, step, lastEval.answerAccuracy);
      schedule = decision.state;
      if (decision.switched) {
        // Probe the model in memory as the answer-only phase left it; its time is not training time.
        atSwitch = await probeAtSwitch(trainer.model, arm, seed, step);
        rateMark = { step: rateMark.step, time: rateMark.time + atSwitch.wallMs };
      } else if (decision.stop) {
        break;
      }
    }
    if (onProgress && (step % 10 === 0 || step === 1)) {
      const now = performance.now();
      if (now > rateMark.time) stepsPerSecond = ((step - rateMark.step) * 1000) / (now - rateMark.time);
      if (step % 100 === 0) rateMark = { step, time: now };
      onProgress({ step, maxSteps: schedule.stopAt, phase: schedule.phase, lossNats, answerAccuracy: lastEval?.answerAccuracy, stepsPerSecond });
    }
  }

  const steps = trainer.steps;
  const diverged = divergedAtStep !== null;
  const final = !diverged && lastEval && curve.at(-1)?.step === steps ? lastEval : await trainer.evaluate();
  trainer.disposeOptimizer();
  const outcome: Outcome = finalOutcome(arm, diverged, final.answerAccuracy);
  return {
    model: trainer.model,
    steps,
    wallMs: performance.now() - started - (atSwitch?.wallMs ?? 0),
    curve,
    final,
    outcome,
    stepsToTarget: schedule.stepsToTarget,
    switchedAtStep: schedule.switchedAtStep,
    atSwitch,
    divergedAtStep,
    streams: trainer.streams,
    heldOutLengths: [...trainer.evalSet.heldOutLengths],
    heldOut: heldOutSummary(trainer.evalSet),
  };
}
