import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { findTorchPython } from '../../harness/bench/torch-twin.ts';
import { runCli } from '../helpers/cli.ts';

const torch = await findTorchPython();

describe('staircase bench', () => {
  it('rejects a malformed --steps-per-seed with the form it wants', async () => {
    const r = await runCli(['bench', '--steps-per-seed', 'smoke=many']);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(/--steps-per-seed: 'smoke=many' is not SIZE=N/);
  });

  it('writes steps/s, seeds/hour from workers timed at once, and a kernel profile', async () => {
    const out = path.join(mkdtempSync(path.join(os.tmpdir(), 'staircase-bench-')), 'bench.json');
    const r = await runCli(['bench', '--backends', 'wasm', '--sizes', 'smoke', '--models', 'universal', '--min-ms', '300', '--no-torch', '--workers', '2', '--steps-per-seed', 'smoke=1000', '--profile', '--populations', '2', '--out', out]);
    expect(r.exitCode, r.stderr).toBe(0);
    const report = JSON.parse(readFileSync(out, 'utf8'));
    expect(report.sizes.smoke).toMatchObject({ K: 3, layers: 4, dModel: 64, heads: 4, batchSize: 96 });
    const [c, tfjsKernels] = report.cases;
    expect(c).toMatchObject({ backend: 'wasm', size: 'smoke', model: 'universal', tensorLeak: 0 });
    // The same step on tfjs's own kernels, side by side, with its ratio to staircase's kernels.
    expect(tfjsKernels).toMatchObject({ backend: 'wasm-tfjs', size: 'smoke', model: 'universal', tensorLeak: 0 });
    expect(tfjsKernels.stepsPerSecond).toBeGreaterThan(0);
    const ratio = report.ratiosVsWasm.find((r: { backend: string }) => r.backend === 'wasm-tfjs');
    expect(ratio.ratioVsWasm).toBeCloseTo(tfjsKernels.stepsPerSecond / c.stepsPerSecond, 9);
    expect(c.stepsPerSecond).toBeGreaterThan(0);
    expect(c.evalMs).toBeGreaterThan(0);
    const [rate] = report.sweepRates;
    expect(rate.workers).toBe(2);
    expect(rate.workerStepsPerSecond).toHaveLength(2);
    expect(rate.budgetSteps).toBe(2000);
    // Seeds/hour is the workers' own throughput over the budget: recompute it from the JSON.
    const mean = (rate.workerStepsPerSecond[0] + rate.workerStepsPerSecond[1]) / 2;
    const seconds = 2000 / mean + (40 * rate.evalMs) / 1000;
    expect(rate.secondsPerSeedAtBudget).toBeCloseTo(seconds, 6);
    expect(rate.seedsPerHourAtBudget).toBeCloseTo((2 * 3600) / seconds, 6);
    expect(rate.seedsPerHourTypical).toBeGreaterThan(rate.seedsPerHourAtBudget);
    const [profile] = report.profiles;
    expect(profile.kernelsPerStep).toBeGreaterThan(100);
    expect(profile.timed).toBe(true);
    const shares = profile.kernels.reduce((a: number, k: { share: number }) => a + k.share, 0);
    expect(shares).toBeCloseTo(1, 6);
    expect(profile.kernels.some((k: { kernel: string }) => k.kernel.startsWith('BatchMatMul ['))).toBe(true);
    expect(r.stdout).toMatch(/seeds\/hour, every core busy/);
    // The matMul floor: the smoke step's products timed alone on wasm, and the step's floor from them.
    expect(report.productRates.map((x: { kind: string }) => x.kind)).toEqual(['dense', 'attention']);
    const [floor] = report.floors;
    expect(floor).toMatchObject({ backend: 'wasm', size: 'smoke', model: 'universal' });
    expect(floor.floorMs).toBeGreaterThan(0);
    expect(floor.stepMs).toBeCloseTo(1000 / c.stepsPerSecond, 6);
    expect(r.stdout).toMatch(/step floor = the step's product FLOPs/);
    // Populations P = 1 and 2, side by side in 2 processes at once; seeds/hour recomputed from their windows.
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    const pops = report.populations.filter((x: { trainer: string }) => x.trainer === 'staircase');
    expect(pops.map((x: { population: number }) => x.population)).toEqual([1, 2]);
    expect(report.populationTimings).toHaveLength(2);
    for (const [i, rate] of pops.entries()) {
      expect(rate).toMatchObject({ backend: 'wasm', size: 'smoke', model: 'universal', processes: 2, budgetSteps: 2000, evalEvery: 50 });
      const perProcess = report.populationTimings.map((t: { cases: { windows: number[] }[] }) => median(t.cases[i]!.windows));
      expect(rate.seedStepsPerSecond).toBeCloseTo(perProcess.reduce((a: number, x: number) => a + x * rate.population, 0), 6);
      const perHour = report.populationTimings.reduce((a: number, t: { evalMs: number }, pi: number) => a + 3600 / (2000 / (perProcess[pi] * rate.population) + (40 * t.evalMs) / 1000), 0);
      expect(rate.seedsPerHourAtBudget).toBeCloseTo(perHour, 6);
    }
    expect(pops[0].vsOneSeed).toBe(1);
    expect(r.stdout).toMatch(/populations \(P seeds per process as one model\)/);
  }, 240_000);

  // The PyTorch twin exists on this machine (python3-torch) but maybe not on another.
  it.skipIf('reason' in torch)('alternates windows with tfjs\'s kernels and the PyTorch twin, and reports each round\'s ratio', async () => {
    const out = path.join(mkdtempSync(path.join(os.tmpdir(), 'staircase-bench-')), 'bench.json');
    const r = await runCli(['bench', '--backends', 'wasm', '--sizes', 'smoke', '--models', 'standard', '--min-ms', '300', '--windows', '2', '--no-sweep-rate', '--no-floor', '--no-populations', '--out', out]);
    expect(r.exitCode, r.stderr).toBe(0);
    const report = JSON.parse(readFileSync(out, 'utf8'));
    const [ours, tfjs] = report.cases;
    const [twin] = report.torch;
    expect(twin).toMatchObject({ size: 'smoke', model: 'standard', pairedWith: 'wasm', threads: 1 });
    for (const c of [ours, tfjs, twin]) expect(c.windows).toHaveLength(2);
    const pair = (a: string, b: string) => report.windowPairs.find((p: { cases: string[] }) => p.cases[0] === a && p.cases[1] === b);
    const vsTorch = pair('wasm', 'pytorch');
    expect(vsTorch.ratios).toEqual([0, 1].map((i) => ours.windows[i] / twin.windows[i]));
    expect(vsTorch.medianRatio).toBe(Math.max(...vsTorch.ratios)); // the upper middle of two
    expect(pair('wasm-tfjs', 'wasm').ratios).toEqual([0, 1].map((i) => tfjs.windows[i] / ours.windows[i]));
    expect(report.ratios.find((x: { backend: string }) => x.backend === 'wasm').ratioVsTorch).toBeCloseTo(ours.stepsPerSecond / twin.stepsPerSecond, 9);
    expect(r.stdout).toMatch(/wasm \/ pytorch +smoke +standard +[0-9.]+ +[0-9.]+ +median/);
  }, 180_000);
});
