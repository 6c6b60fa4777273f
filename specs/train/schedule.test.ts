import { describe, expect, it } from 'vitest';
import type { ArmConfig } from '../../harness/train/defaults.ts';
import { afterEvaluation, evaluationDue, finalOutcome, isDiverged, learningRate, startSchedule, type ScheduleState } from '../../harness/train/schedule.ts';
import { tinyArm } from '../helpers/tiny.ts';

/** One evaluation of a hand-made sequence, as the loop would see it. */
interface Seen {
  step: number;
  accuracy: number;
  state: ScheduleState;
  switched: boolean;
  stop: boolean;
}

/**
 * Drive the schedule as loop.ts does, with no model: a step at a time up to stopAt, an evaluation
 * whenever one is due, whose held-out accuracy is the next of `accuracies` (the last one repeats).
 */
function drive(arm: ArmConfig, accuracies: readonly number[]): { seen: Seen[]; steps: number; state: ScheduleState; lrs: number[] } {
  let state = startSchedule(arm);
  const seen: Seen[] = [];
  const lrs: number[] = [];
  let step = 0;
  while (step < state.stopAt) {
    step += 1;
    lrs.push(learningRate(arm, step, state.annealFrom));
    if (!evaluationDue(arm, state, step)) continue;
    const accuracy = accuracies[Math.min(seen.length, accuracies.length - 1)]!;
    const decision = afterEvaluation(arm, state, step, accuracy);
    state = decision.state;
    seen.push({ step, accuracy, state, switched: decision.switched, stop: decision.stop });
    if (decision.stop) break;
  }
  return { seen, steps: step, state, lrs };
}

describe('the training schedule', () => {
  it('starts on answer-only loss (full-sequence for a full-sequence arm) with maxSteps as the budget', () => {
    expect(startSchedule(tinyArm({ maxSteps: 40 }))).toEqual({ phase: 'answer', stopAt: 40, annealFrom: null, stepsToTarget: null, switchedAtStep: null, atTarget: 0 });
    expect(startSchedule(tinyArm({ loss: 'curriculum' })).phase).toBe('answer');
    expect(startSchedule(tinyArm({ loss: 'full-sequence' })).phase).toBe('full');
  });

  it('evaluates every evalEvery steps and at the last step', () => {
    const arm = tinyArm({ evalEvery: 5, maxSteps: 12 });
    const state = startSchedule(arm);
    expect([...Array(12).keys()].map((i) => i + 1).filter((s) => evaluationDue(arm, state, s))).toEqual([5, 10, 12]);
  });

  it('switches a curriculum at the first evaluation at switchAccuracy, then runs fullSteps more steps', () => {
    const arm = tinyArm({ loss: 'curriculum', switchAccuracy: 0.9, targetAccuracy: 0.99, fullSteps: 7, maxSteps: 50, evalEvery: 5 });
    const { seen, steps, state } = drive(arm, [0.5, 0.89, 0.9, 0.2, 0.2]);
    expect(seen.map((s) => [s.step, s.switched, s.state.phase])).toEqual([
      [5, false, 'answer'],
      [10, false, 'answer'],
      [15, true, 'full'],
      [20, false, 'full'],
      [22, false, 'full'],
    ]);
    expect(state.switchedAtStep).toBe(15);
    expect(state.stopAt).toBe(22);
    expect(steps).toBe(22);
  });

  it('never stops a curriculum at the target: it runs to the end of its full-sequence phase', () => {
    const arm = tinyArm({ loss: 'curriculum', switchAccuracy: 0.9, targetAccuracy: 0.9, targetPatience: 1, fullSteps: 20, maxSteps: 50, evalEvery: 5 });
    const { seen, steps, state } = drive(arm, [1]);
    expect(seen.every((s) => !s.stop)).toBe(true);
    expect(state.stepsToTarget).toBe(5);
    expect(state.atTarget).toBe(5);
    expect(steps).toBe(25);
  });

  it("ends a curriculum that never reaches switchAccuracy at maxSteps, its answer-only phase's budget", () => {
    const arm = tinyArm({ loss: 'curriculum', switchAccuracy: 0.9, fullSteps: 7, maxSteps: 23, evalEvery: 5 });
    const { seen, steps, state } = drive(arm, [0.3, 0.6, 0.89]);
    expect(seen.map((s) => s.step)).toEqual([5, 10, 15, 20, 23]);
    expect(state.switchedAtStep).toBeNull();
    expect(state.phase).toBe('answer');
    expect(steps).toBe(23);
  });

  it('switches at the budget step too, and the full-sequence phase then runs past maxSteps', () => {
    const arm = tinyArm({ loss: 'curriculum', switchAccuracy: 0.9, fullSteps: 6, maxSteps: 12, evalEvery: 5 });
    const { seen, steps } = drive(arm, [0, 0, 0.95, 0]);
    expect(seen.map((s) => [s.step, s.switched])).toEqual([
      [5, false],
      [10, false],
      [12, true],
      [15, false],
      [18, false],
    ]);
    expect(steps).toBe(18);
  });

  it('stops after targetPatience evaluations in a row at the target; a miss restarts the count', () => {
    const arm = tinyArm({ targetAccuracy: 0.9, targetPatience: 3, maxSteps: 100, evalEvery: 5 });
    const { seen, steps, state } = drive(arm, [0.5, 0.9, 0.95, 0.89, 0.9, 0.91, 1]);
    expect(seen.map((s) => s.state.atTarget)).toEqual([0, 1, 2, 0, 1, 2, 3]);
    expect(seen.map((s) => s.stop)).toEqual([false, false, false, false, false, false, true]);
    expect(state.stepsToTarget).toBe(10); // the first crossing, not the stop
    expect(steps).toBe(35);
  });

  it('stops at the first evaluation at the target with targetPatience 1', () => {
    const { steps, state } = drive(tinyArm({ targetAccuracy: 0.5, targetPatience: 1, maxSteps: 100, evalEvery: 5 }), [0.2, 0.5]);
    expect(steps).toBe(10);
    expect(state.stepsToTarget).toBe(10);
  });

  it('runs to the budget when the target is never held long enough', () => {
    const arm = tinyArm({ targetAccuracy: 0.9, targetPatience: 2, maxSteps: 23, evalEvery: 5 });
    const { seen, steps, state } = drive(arm, [0.95, 0.5, 0.95, 0.5, 0.95]);
    expect(seen.map((s) => s.step)).toEqual([5, 10, 15, 20, 23]);
    expect(seen.some((s) => s.stop)).toBe(false);
    expect(state.stepsToTarget).toBe(5);
    expect(steps).toBe(23);
    expect(finalOutcome(arm, false, 0.95)).toBe('converged');
    expect(finalOutcome(arm, false, 0.5)).toBe('budget');
  });

  it('starts the anneal at the first evaluation that reaches the target (answer-only, full-sequence)', () => {
    for (const loss of ['answer-only', 'full-sequence'] as const) {
      const arm = tinyArm({ loss, schedule: 'anneal', lr: 0.01, warmupSteps: 0, annealSteps: 10, targetAccuracy: 0.9, targetPatience: 10, maxSteps: 40, evalEvery: 5 });
      const { seen, lrs } = drive(arm, [0.1, 0.2, 0.95, 0.3]);
      expect(seen.map((s) => s.state.annealFrom)).toEqual([null, null, 15, 15, 15, 15, 15, 15]);
      // Steps 1..15 at lr; then the cosine over steps 16..25; then 10% of lr.
      expect(lrs.slice(0, 15).every((lr) => lr === 0.01)).toBe(true);
      expect(lrs[16 - 1]).toBeLessThan(0.01);
      expect(lrs[20 - 1]).toBeCloseTo(0.0055);
      expect(lrs[25 - 1]).toBeCloseTo(0.001);
      expect(lrs[40 - 1]).toBeCloseTo(0.001);
    }
  });

  it("anneals a curriculum over its full-sequence phase's last annealSteps steps, whatever the target did before", () => {
    const arm = tinyArm({ loss: 'curriculum', schedule: 'anneal', lr: 0.01, warmupSteps: 0, switchAccuracy: 0.9, targetAccuracy: 0.5, fullSteps: 30, annealSteps: 10, maxSteps: 50, evalEvery: 5 });
    const { seen, lrs, steps } = drive(arm, [0.6, 0.95, 0.2]);
    expect(seen[0]!.state.stepsToTarget).toBe(5);
    expect(seen[0]!.state.annealFrom).toBeNull(); // the target alone does not start a curriculum's anneal
    expect(seen[1]!.switched).toBe(true);
    expect(seen[1]!.state.annealFrom).toBe(30); // (10 + 30) - 10
    expect(steps).toBe(40);
    expect(lrs.slice(0, 30).every((lr) => lr === 0.01)).toBe(true);
    expect(lrs[40 - 1]).toBeCloseTo(0.001);
    // A full-sequence phase shorter than annealSteps anneals from the switch.
    const short = drive({ ...arm, fullSteps: 4 }, [0.95]);
    expect(short.state.annealFrom).toBe(5);
  });

  it('calls a non-finite loss or gradient norm divergence', () => {
    expect(isDiverged(1.5, 0.3)).toBe(false);
    expect(isDiverged(NaN, 0.3)).toBe(true);
    expect(isDiverged(1.5, Infinity)).toBe(true);
    expect(isDiverged(-Infinity, 0.3)).toBe(true);
    expect(finalOutcome(tinyArm(), true, 1)).toBe('diverged');
  });

  it('warms the learning rate up linearly, then holds or decays it', () => {
    const arm = tinyArm({ lr: 0.01, warmupSteps: 10, maxSteps: 110 });
    expect(learningRate(arm, 5)).toBeCloseTo(0.005);
    expect(learningRate(arm, 50)).toBe(0.01);
    const cosine = { ...arm, schedule: 'cosine' as const };
    expect(learningRate(cosine, 110)).toBeCloseTo(0.001);
  });

  it('anneals: holds lr until the target is first reached, then cosine to 10% over annealSteps', () => {
    const arm = tinyArm({ lr: 0.01, warmupSteps: 10, schedule: 'anneal', annealSteps: 100 });
    expect(learningRate(arm, 5)).toBeCloseTo(0.005);
    expect(learningRate(arm, 500)).toBe(0.01);
    expect(learningRate(arm, 500, 200)).toBeCloseTo(0.001);
    expect(learningRate(arm, 200, 200)).toBe(0.01);
    expect(learningRate(arm, 250, 200)).toBeCloseTo(0.0055);
    expect(learningRate(arm, 300, 200)).toBeCloseTo(0.001);
  });

  it('is pure: an evaluation returns a new state and leaves the one passed in as it was', () => {
    const arm = tinyArm({ loss: 'curriculum', switchAccuracy: 0.5 });
    const before = startSchedule(arm);
    const copy = { ...before };
    const { state } = afterEvaluation(arm, before, 5, 1);
    expect(before).toEqual(copy);
    expect(state).not.toBe(before);
    expect(state.phase).toBe('full');
  });
});
