/**
 * The training schedule, as pure functions of the arm, a small state and each evaluation: the
 * curriculum's switch to full-sequence loss, the learning rate (warmup, cosine, the anneal and
 * where it starts), the stop rule and the outcome. The loop (loop.ts) runs the steps and the
 * evaluations and asks this module what to do next; specs/train/schedule.test.ts drives it with
 * hand-made evaluation sequences.
 */
import type { ArmConfig } from './defaults.ts';
import type { LossPhase } from './loss.ts';

export type Outcome = 'converged' | 'budget' | 'diverged';

export interface ScheduleState {
  phase: LossPhase;
  /** The last step of this run: maxSteps (a curriculum's answer-only budget), then switch + fullSteps. */
  stopAt: number;
  /** `anneal` schedule: the step after which lr decays (null: not yet). */
  annealFrom: number | null;
  /** First evaluation step with held-out length-K accuracy >= targetAccuracy (null: never). */
  stepsToTarget: number | null;
  /** Curriculum: the step at which full-sequence loss began (null: not yet). */
  switchedAtStep: number | null;
  /** Consecutive evaluations at or above targetAccuracy. */
  atTarget: number;
}

/** What the loop does after an evaluation. */
export interface ScheduleDecision {
  state: ScheduleState;
  /** A curriculum switched to full-sequence loss at this evaluation (the loop probes the model). */
  switched: boolean;
  /** Stop now: targetAccuracy held for targetPatience evaluations (never for a curriculum). */
  stop: boolean;
}

export function startSchedule(arm: ArmConfig): ScheduleState {
  return { phase: arm.loss === 'full-sequence' ? 'full' : 'answer', stopAt: arm.maxSteps, annealFrom: null, stepsToTarget: null, switchedAtStep: null, atTarget: 0 };
}

/** Cosine from 1 to 0.1 as progress goes from 0 to 1 (and 0.1 beyond). */
function cosineFactor(progress: number): number {
  const p = Math.min(1, Math.max(0, progress));
  return 0.1 + 0.9 * 0.5 * (1 + Math.cos(Math.PI * p));
}

/**
 * Learning rate at 1-based step `step`: linear warmup, then
 * - `constant`: lr;
 * - `cosine`: cosine to 10% of lr at maxSteps;
 * - `anneal`: lr until step `annealFrom` (ScheduleState.annealFrom: the evaluation that first
 *   reached targetAccuracy, or for a curriculum annealSteps before its end), then cosine to 10% of
 *   lr over annealSteps steps, then 10% of lr (`annealFrom` null: not yet).
 */
export function learningRate(arm: ArmConfig, step: number, annealFrom: number | null = null): number {
  if (arm.warmupSteps > 0 && step <= arm.warmupSteps) return (arm.lr * step) / arm.warmupSteps;
  if (arm.schedule === 'constant') return arm.lr;
  if (arm.schedule === 'anneal') {
    if (annealFrom === null || step <= annealFrom) return arm.lr;
    return arm.lr * cosineFactor((step - annealFrom) / Math.max(1, arm.annealSteps));
  }
  const span = Math.max(1, arm.maxSteps - arm.warmupSteps);
  return arm.lr * cosineFactor((step - arm.warmupSteps) / span);
}

/** A non-finite loss or gradient norm ends the run as `diverged`. */
export function isDiverged(lossNats: number, gradNorm: number): boolean {
  return !Number.isFinite(lossNats) || !Number.isFinite(gradNorm);
}

/** Is step `step` (just taken) evaluated? Every evalEvery steps, and the last step. */
export function evaluationDue(arm: ArmConfig, state: ScheduleState, step: number): boolean {
  return step % arm.evalEvery === 0 || step === state.stopAt;
}

/**
 * The schedule after the evaluation at `step` with held-out length-K accuracy `accuracy`:
 * - the first evaluation at targetAccuracy sets stepsToTarget and, unless a curriculum, starts the anneal;
 * - a curriculum still on answer-only loss switches at switchAccuracy: full-sequence loss for
 *   fullSteps more steps, keeping the lr and annealing over their last annealSteps steps
 *   (annealing from the switch would leave the full-sequence loss a tenth of the lr to act with);
 * - otherwise (not a curriculum) it stops once targetAccuracy held for targetPatience evaluations.
 */
export function afterEvaluation(arm: ArmConfig, state: ScheduleState, step: number, accuracy: number): ScheduleDecision {
  const next = { ...state };
  if (next.stepsToTarget === null && accuracy >= arm.targetAccuracy) {
    next.stepsToTarget = step;
    if (arm.loss !== 'curriculum') next.annealFrom = step;
  }
  next.atTarget = accuracy >= arm.targetAccuracy ? next.atTarget + 1 : 0;
  if (arm.loss === 'curriculum' && next.phase === 'answer' && accuracy >= arm.switchAccuracy) {
    next.phase = 'full';
    next.switchedAtStep = step;
    next.stopAt = step + arm.fullSteps;
    next.annealFrom = Math.max(step, next.stopAt - arm.annealSteps);
    return { state: next, switched: true, stop: false };
  }
  return { state: next, switched: false, stop: arm.loss !== 'curriculum' && next.atTarget >= arm.targetPatience };
}

/** The run's outcome from how it ended and its final held-out length-K accuracy. */
export function finalOutcome(arm: ArmConfig, diverged: boolean, finalAccuracy: number): Outcome {
  return diverged ? 'diverged' : finalAccuracy >= arm.targetAccuracy ? 'converged' : 'budget';
}
