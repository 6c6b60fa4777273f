import type { ArmConfig } from './defaults.ts';
import type { LossPhase } from './loss.ts';
import { Trainer } from './trainer.ts';
import { SeedRun, type TrainResult } from './seed-run.ts';

export type { Outcome } from './schedule.ts';
export type { CurvePoint, TrainResult } from './seed-run.ts';

export interface ProgressEvent {
  step: number;
  /** Upper bound on the steps of this run (grows once when a curriculum switches). */
  maxSteps: number;
  phase: LossPhase;
  lossNats: number;
  answerAccuracy: number | undefined;
  stepsPerSecond: number;
}

/**
 * Train one seed of an arm on the current tfjs backend. `wallMs` and the steps/s counted from it
 * leave out the probe at a curriculum's switch (timed apart, in atSwitch.wallMs).
 * The schedule (schedule.ts, through seed-run.ts) decides the phase, the learning rate and when to
 * stop from each evaluation; a non-finite loss or gradient ends the run as `diverged`.
 */
export async function train(arm: ArmConfig, seed: number, onProgress?: (e: ProgressEvent) => void): Promise<TrainResult> {
  const started = performance.now();
  const trainer = new Trainer(arm, seed);
  const run = new SeedRun(arm, seed, { evaluate: () => trainer.evaluate(), model: async () => ({ model: trainer.model, release: () => {} }) });
  let rateMark = { step: 0, time: started };
  let stepsPerSecond = 0;

  while (trainer.steps < run.schedule.stopAt) {
    const { lossNats, gradNorm } = await trainer.step(run.schedule.phase, run.schedule.annealFrom);
    const step = trainer.steps;
    const probed = run.atSwitch;
    const goOn = await run.afterStep(step, lossNats, gradNorm);
    if (run.atSwitch !== probed) rateMark = { step: rateMark.step, time: rateMark.time + run.atSwitch!.wallMs };
    if (!goOn) break;
    if (onProgress && (step % 10 === 0 || step === 1)) {
      const now = performance.now();
      if (now > rateMark.time) stepsPerSecond = ((step - rateMark.step) * 1000) / (now - rateMark.time);
      if (step % 100 === 0) rateMark = { step, time: now };
      onProgress({ step, maxSteps: run.schedule.stopAt, phase: run.schedule.phase, lossNats, answerAccuracy: run.lastEval?.answerAccuracy, stepsPerSecond });
    }
  }

  const result = await run.finish(trainer.steps, trainer.model, trainer.data, 0);
  trainer.disposeOptimizer();
  result.wallMs = performance.now() - started - (run.atSwitch?.wallMs ?? 0);
  return result;
}
