import * as tf from '@tensorflow/tfjs-core';
import { resolveArm } from '../train/config.ts';
import type { ArmConfig } from '../train/defaults.ts';
import { Trainer } from '../train/trainer.ts';
import { median } from '../util/median.ts';

/**
 * The two model sizes of the benchmark: the smoke tier's (specs/arms/smoke-universal.yaml and
 * every claim's smoke overrides) and the study's full size (the arm defaults). maxSteps and
 * evalEvery are the sizes' seed budgets, used for seeds/hour; the step itself ignores them.
 */
export const BENCH_SIZES: Record<'smoke' | 'full', Partial<ArmConfig>> = {
  smoke: { K: 3, layers: 4, dModel: 64, heads: 4, batchSize: 96, maxSteps: 2000, evalEvery: 50 },
  full: { K: 6, layers: 8, dModel: 96, heads: 6, batchSize: 256, maxSteps: 10_000, evalEvery: 100 },
};

export interface StepTiming {
  steps: number;
  wallMs: number;
  /** Median over the timed windows. */
  stepsPerSecond: number;
  /** Steps/s of each window (the spread shows the machine's noise). */
  windows: number[];
  /**
   * CPU time of this process (all threads: wasm, and a software GPU such as lavapipe) per timed
   * step. Unlike steps/s it barely moves when other processes share the cores; on a real GPU it
   * leaves out the GPU's own time.
   */
  cpuMsPerStep: number;
  /** Tensors the timed steps left alive (0 when nothing leaks). */
  tensorsLeaked: number;
  /**
   * Milliseconds of one held-out evaluation (every length 1..K, evalPerK problems each), median of
   * 3; null when not asked for (`timeEval: false`: the seeds/hour workers, which do not use it).
   */
  evalMs: number | null;
}

export interface TimerOptions {
  warmup?: number;
  warmupMs?: number;
  minSteps?: number;
  minMs?: number;
  maxSteps?: number;
  timeEval?: boolean;
}

/**
 * Training steps of a fresh model, timed window by window, so that `staircase bench` can alternate
 * its windows with other cases' (another kernel set, the PyTorch twin) and the machine's drift hits
 * them all alike. start() runs untimed warm-up steps (at least `warmup` and `warmupMs`: wasm code
 * is compiled by a baseline tier first and optimised while it runs, so a short warm-up
 * under-reports steady speed by ~30%).
 */
export class StepTimer {
  private readonly windows: number[] = [];
  private steps = 0;
  private wallMs = 0;
  private cpuUs = 0;
  /** Tensors left alive by the timed windows (counted per window: other timers live beside this one). */
  private leaked = 0;

  private constructor(
    private readonly trainer: Trainer,
    private readonly phase: 'full' | 'answer',
    private readonly opts: TimerOptions,
  ) {}

  static async start(overrides: Partial<ArmConfig>, opts: TimerOptions = {}): Promise<StepTimer> {
    const arm = resolveArm([{ source: 'bench', values: { ...overrides } }]);
    const timer = new StepTimer(new Trainer(arm, 1), arm.loss === 'full-sequence' ? 'full' : 'answer', opts);
    const warmStart = performance.now();
    for (let i = 0; i < (opts.warmup ?? 2) || performance.now() - warmStart < (opts.warmupMs ?? 5000); i++) await timer.trainer.step(timer.phase);
    return timer;
  }

  /** One timed window (at least minSteps and minMs, at most maxSteps): its steps/s. */
  async window(): Promise<number> {
    const { minSteps = 3, minMs = 5000, maxSteps = 10_000 } = this.opts;
    const tensors = tf.memory().numTensors;
    const cpuStart = process.cpuUsage();
    const start = performance.now();
    let n = 0;
    while (n < maxSteps && (n < minSteps || performance.now() - start < minMs)) {
      await this.trainer.step(this.phase);
      n += 1;
    }
    const ms = performance.now() - start;
    const cpu = process.cpuUsage(cpuStart);
    this.cpuUs += cpu.user + cpu.system;
    this.leaked += tf.memory().numTensors - tensors;
    this.windows.push((n * 1000) / ms);
    this.steps += n;
    this.wallMs += ms;
    return (n * 1000) / ms;
  }

  /** Time the evaluation (unless timeEval is false), free the model, and sum up the windows. */
  async finish(): Promise<StepTiming> {
    const evals: number[] = [];
    for (let i = 0; i < (this.opts.timeEval === false ? 0 : 3); i++) {
      const t0 = performance.now();
      await this.trainer.evaluate();
      evals.push(performance.now() - t0);
    }
    evals.sort((a, b) => a - b);
    this.trainer.disposeOptimizer();
    for (const v of this.trainer.model.params.values()) v.dispose();
    this.trainer.model.dispose();
    return { steps: this.steps, wallMs: this.wallMs, stepsPerSecond: median(this.windows), windows: this.windows, cpuMsPerStep: this.cpuUs / 1000 / this.steps, tensorsLeaked: this.leaked, evalMs: evals[1] ?? null };
  }
}

