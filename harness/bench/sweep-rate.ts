/**
 * Seeds per hour for a sweep that uses every core: one `staircase bench` child per core, all
 * timing the same step at once (so they contend for memory bandwidth and caches as a sweep's
 * workers do), and the seed budget of the size turned into seconds per seed.
 */
import { formatTable } from '../util/text-table.ts';
import { execa } from 'execa';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PACKAGE_ROOT } from '../util/provenance.ts';
import type { BenchCase } from './compare.ts';

export interface SweepRate {
  backend: string;
  size: string;
  model: string;
  /** Worker processes timed at once (one per core). */
  workers: number;
  /** Median steps/s of each worker while all ran. */
  workerStepsPerSecond: number[];
  /** Steps/s of one process alone (the bench case), for the parallel efficiency. */
  aloneStepsPerSecond: number;
  /** Sum of the workers' steps/s over (workers x alone): 1.0 means cores do not slow each other. */
  parallelEfficiency: number;
  /** Steps a seed costs at most (the size's maxSteps) and its evaluations (maxSteps / evalEvery). */
  budgetSteps: number;
  evalEvery: number;
  /** Milliseconds of one evaluation, measured alone and scaled by the parallel slow-down. */
  evalMs: number;
  /** Seconds of one seed that uses its whole budget, with every core busy. */
  secondsPerSeedAtBudget: number;
  /** Seeds/hour of the whole machine when every seed uses its whole budget (a floor). */
  seedsPerHourAtBudget: number;
  /** The same at `typicalSteps` (the mean steps of a measured sweep, given with --steps-per-seed). */
  typicalSteps: number | null;
  seedsPerHourTypical: number | null;
}

/** Time `workers` children of `staircase bench` at once on one backend, size and model. */
export async function measureSweepRate(alone: BenchCase & { evalMs: number }, budget: { maxSteps: number; evalEvery: number }, opts: { workers?: number; minMs: number; typicalSteps?: number | null }): Promise<SweepRate> {
  const workers = opts.workers ?? os.availableParallelism();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'staircase-sweep-rate-'));
  try {
    const bin = path.join(PACKAGE_ROOT, 'bin', 'staircase.mjs');
    const outs = Array.from({ length: workers }, (_, i) => path.join(dir, `worker-${i}.json`));
    await Promise.all(
      outs.map((out) =>
        execa(process.execPath, [bin, 'bench', '--backends', alone.backend, '--sizes', alone.size, '--models', alone.model, '--no-torch', '--no-sweep-rate', '--no-tfjs-kernels', '--no-floor', '--min-ms', String(opts.minMs), '--out', out], { stdout: 'ignore', stderr: 'pipe' }),
      ),
    );
    const cases = outs.map((out) => (JSON.parse(readFileSync(out, 'utf8')) as { cases: BenchCase[] }).cases[0]!);
    const rates = cases.map((c) => c.stepsPerSecond);
    const mean = rates.reduce((a, b) => a + b, 0) / rates.length;
    const slowdown = alone.stepsPerSecond / mean;
    const evalMs = alone.evalMs * slowdown;
    const seconds = (steps: number) => steps / mean + (Math.floor(steps / budget.evalEvery) * evalMs) / 1000;
    const perHour = (steps: number) => (workers * 3600) / seconds(steps);
    const typical = opts.typicalSteps ?? null;
    return {
      backend: alone.backend,
      size: alone.size,
      model: alone.model,
      workers,
      workerStepsPerSecond: rates,
      aloneStepsPerSecond: alone.stepsPerSecond,
      parallelEfficiency: mean / alone.stepsPerSecond,
      budgetSteps: budget.maxSteps,
      evalEvery: budget.evalEvery,
      evalMs,
      secondsPerSeedAtBudget: seconds(budget.maxSteps),
      seedsPerHourAtBudget: perHour(budget.maxSteps),
      typicalSteps: typical,
      seedsPerHourTypical: typical ? perHour(typical) : null,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Lines of the seeds/hour table. */
export function renderSweepRates(rates: readonly SweepRate[]): string {
  const rows = rates.map((r) => [
    `${r.backend} ${r.size} ${r.model}`,
    String(r.workers),
    r.workerStepsPerSecond.map((x) => x.toFixed(2)).join('/'),
    r.parallelEfficiency.toFixed(2),
    `${r.secondsPerSeedAtBudget.toFixed(0)} (${r.budgetSteps} steps)`,
    r.seedsPerHourAtBudget.toFixed(1),
    r.seedsPerHourTypical === null ? '-' : `${r.seedsPerHourTypical.toFixed(0)} (${r.typicalSteps} steps)`,
  ]);
  const headers = ['backend size model', 'workers', 'steps/s each', 'efficiency', 's/seed at budget', 'seeds/h at budget', 'seeds/h typical'];
  return ['seeds/hour, every core busy:', formatTable(headers, rows, ['left', 'right', 'right', 'right', 'right', 'right', 'right'], { rule: false, indent: '  ' })].join('\n');
}
