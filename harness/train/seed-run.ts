import type { ArmConfig } from './defaults.ts';
import type { EvalResult } from './evaluate.ts';
import type { LossPhase } from './loss.ts';
import type { Transformer } from '../model/transformer.ts';
import type { SeedData } from './seed-data.ts';
import { heldOutSummary, type HeldOutSummary } from './held-out-summary.ts';
import { probeAtSwitch, type SwitchProbe } from './switch-probe.ts';
import { afterEvaluation, evaluationDue, finalOutcome, isDiverged, startSchedule, type Outcome, type ScheduleState } from './schedule.ts';
import type { StreamName } from './seed-data.ts';

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
  /** Trained in a population of this many seeds (its wall time shared with them); absent: alone. */
  population?: number;
}

/** How a seed's model is reached for an evaluation or a probe (alone: its own; in a population: a copy of its slice). */
export interface SeedModelAccess {
  evaluate(): Promise<EvalResult>;
  /** The model as it is now, and a function to release it when done with it. */
  model(): Promise<{ model: Transformer; release(): void }>;
}

/**
 * One seed's schedule and bookkeeping after each step: the evaluations and curve, the curriculum's
 * switch (and its probe), divergence and the stop rule. The same whether the seed trains alone
 * (loop.ts) or in a population (population.ts), so both follow one rule.
 */
export class SeedRun {
  schedule: ScheduleState;
  atSwitch: SwitchProbe | null = null;
  divergedAtStep: number | null = null;
  readonly curve: CurvePoint[] = [];
  lastEval: EvalResult | undefined;
  private lossSum = 0;
  private lossCount = 0;

  constructor(
    readonly arm: ArmConfig,
    readonly seed: number,
    private readonly access: SeedModelAccess,
  ) {
    this.schedule = startSchedule(arm);
  }

  private async runEval(step: number): Promise<EvalResult> {
    const result = await this.access.evaluate();
    this.curve.push({
      step,
      phase: this.schedule.phase,
      trainLossNats: this.lossCount ? this.lossSum / this.lossCount : null,
      answerAccuracy: result.answerAccuracy,
      answerLossNats: result.answerLossNats,
      trainAccuracy: result.trainAccuracy,
      perKAccuracy: result.perK.map((p) => p.accuracy),
    });
    this.lossSum = 0;
    this.lossCount = 0;
    return result;
  }

  /**
   * After step `step` (1-based, just taken) with its loss and gradient norm: evaluate when due and
   * apply the schedule. Returns false when the run ends here (diverged, or the stop rule), true to go
   * on; a run also ends when its steps reach schedule.stopAt.
   */
  async afterStep(step: number, lossNats: number, gradNorm: number): Promise<boolean> {
    if (isDiverged(lossNats, gradNorm)) {
      this.divergedAtStep = step;
      return false;
    }
    this.lossSum += lossNats;
    this.lossCount += 1;
    if (!evaluationDue(this.arm, this.schedule, step)) return true;
    this.lastEval = await this.runEval(step);
    const decision = afterEvaluation(this.arm, this.schedule, step, this.lastEval.answerAccuracy);
    this.schedule = decision.state;
    if (decision.switched) {
      // Probe the model in memory as the answer-only phase left it; its time is not training time.
      const { model, release } = await this.access.model();
      try {
        this.atSwitch = await probeAtSwitch(model, this.arm, this.seed, step);
      } finally {
        release();
      }
      return true;
    }
    return !decision.stop;
  }

  /** The run's result after `steps` steps (evaluating the final model unless the last step was evaluated). */
  async finish(steps: number, model: Transformer, data: SeedData, wallMs: number): Promise<TrainResult> {
    const diverged = this.divergedAtStep !== null;
    const final = !diverged && this.lastEval && this.curve.at(-1)?.step === steps ? this.lastEval : await this.access.evaluate();
    return {
      model,
      steps,
      wallMs,
      curve: this.curve,
      final,
      outcome: finalOutcome(this.arm, diverged, final.answerAccuracy),
      stepsToTarget: this.schedule.stepsToTarget,
      switchedAtStep: this.schedule.switchedAtStep,
      atSwitch: this.atSwitch,
      divergedAtStep: this.divergedAtStep,
      streams: data.streams,
      heldOutLengths: [...data.evalSet.heldOutLengths],
      heldOut: heldOutSummary(data.evalSet),
    };
  }
}
