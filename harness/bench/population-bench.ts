/**
 * Seeds/hour of population training (harness/train/population.ts) at P = 1, 4, 8, ... seeds per
 * process, side by side in one run: in each process the populations (and the PyTorch twin's, when
 * torch exists) are warmed up, then timed one window each, round after round, so that the machine's
 * drift slows every P alike. On wasm `workers` such processes run at once (every core busy, as in a
 * sweep); a GPU backend is timed in this process. A step of a population moves each of its P seeds
 * one step: seed-steps/s = P x steps/s, and seeds/hour = seed-steps/s over a seed's budget steps
 * (plus its evaluations, which a population runs per seed).
 */
import { execa } from 'execa';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { resolveArm } from '../train/config.ts';
import type { ArmConfig } from '../train/defaults.ts';
import { PopulationTrainer } from '../train/population.ts';
import { SeedData } from '../train/seed-data.ts';
import { wasmPopulationCap } from '../train/population-key.ts';
import { evaluate } from '../train/evaluate.ts';
import { median } from '../util/median.ts';
import { PACKAGE_ROOT } from '../util/provenance.ts';
import { formatTable } from '../util/text-table.ts';
import { BENCH_SIZES } from './measure.ts';
import { TorchTwin } from './torch-twin.ts';

export interface PopulationWindows {
  /** Who ran: `staircase` (this backend) or `torch` (the twin, one thread). */
  trainer: 'staircase' | 'torch';
  population: number;
  /** Population steps/s of each window. */
  windows: number[];
}

/** One process's side-by-side windows (a child's JSON). */
export interface PopulationProcessTiming {
  backend: string;
  device: string;
  adapter: string | null;
  size: string;
  model: string;
  cases: PopulationWindows[];
  /** Milliseconds of one seed's evaluation, timed alone in this process before the windows. */
  evalMs: number;
  /** Populations not timed, and why (wasm's heap). */
  skipped: { population: number; reason: string }[];
}

export interface PopulationRate {
  trainer: 'staircase' | 'torch';
  backend: string;
  device: string;
  adapter: string | null;
  size: string;
  model: string;
  population: number;
  processes: number;
  /** Per process: median population steps/s. */
  stepsPerSecond: number[];
  /** Sum over the processes of P x median steps/s. */
  seedStepsPerSecond: number;
  /** Median over rounds of (this P's seed-steps/s) / (P = 1's in the same round), per process then averaged. */
  vsOneSeed: number;
  budgetSteps: number;
  evalEvery: number;
  /** Seeds/hour of the machine when each seed uses its budget: steps and evaluations. */
  seedsPerHourAtBudget: number;
}

const modelOf = (m: string) => (m === 'universal' ? 'universal' : 'standard');

function benchArm(size: keyof typeof BENCH_SIZES, model: string): ArmConfig {
  return resolveArm([{ source: 'bench', values: { ...BENCH_SIZES[size], model: modelOf(model) } }]);
}

/** P seeds' trainer and data, stepping answer-only (the smoke arms' loss) at a fixed lr. */
class PopulationStepper {
  private constructor(
    private readonly trainer: PopulationTrainer,
    private readonly data: SeedData[],
    private readonly arm: ArmConfig,
  ) {}

  static create(arm: ArmConfig, P: number): PopulationStepper {
    const members = Array.from({ length: P }, (_, i) => ({ arm, seed: i + 1 }));
    return new PopulationStepper(new PopulationTrainer(members), members.map((m) => new SeedData(m.arm, m.seed)), arm);
  }

  async step(): Promise<void> {
    const P = this.data.length;
    await this.trainer.step(this.data.map((d) => d.sampler.batch(this.arm.batchSize)), Array(P).fill('answer'), Array(P).fill(this.arm.lr));
  }

  async window(minMs: number, minSteps = 2): Promise<number> {
    const start = performance.now();
    let n = 0;
    while (n < minSteps || performance.now() - start < minMs) {
      await this.step();
      n += 1;
    }
    return (n * 1000) / (performance.now() - start);
  }

  async evalMs(): Promise<number> {
    const m = this.trainer.rowModel(0);
    const d = this.data[0]!;
    const times: number[] = [];
    for (let i = 0; i < 3; i++) {
      const t = performance.now();
      await evaluate(m, d.group, this.arm.K, d.evalSet);
      times.push(performance.now() - t);
    }
    m.dispose();
    for (const t of m.params.values()) t.dispose();
    return median(times);
  }

  dispose(): void {
    this.trainer.dispose();
  }
}

/**
 * In this process, on the current backend: each P (and the twin's, given a Python with torch)
 * warmed up, then `rounds` rounds of one window each.
 */
export async function timePopulationsHere(opts: {
  backend: { name: string; device: string; adapter: string | null };
  size: keyof typeof BENCH_SIZES;
  model: string;
  populations: readonly number[];
  minMs: number;
  rounds: number;
  torchPython: string | null;
}): Promise<PopulationProcessTiming> {
  const arm = benchArm(opts.size, opts.model);
  const cap = opts.backend.name === 'wasm' ? wasmPopulationCap(arm) : Infinity;
  const skipped = opts.populations.filter((P) => P > cap).map((population) => ({ population, reason: `wasm's 4 GiB heap holds the activations of about ${cap} seeds of this size` }));
  const steppers = opts.populations.filter((P) => P <= cap).map((P) => PopulationStepper.create(arm, P));
  const twins: TorchTwin[] = [];
  try {
    const evalMs = await steppers[0]!.evalMs();
    for (const s of steppers) await s.window(Math.min(3000, opts.minMs)); // warm-up
    // The twin at the same populations (those that fit here: its activations take memory as ours do).
    if (opts.torchPython) for (const P of opts.populations.filter((p) => p <= cap)) twins.push(await TorchTwin.start(opts.torchPython, { ...arm }, { population: P, warmupMs: 2000 }));
    const cases: PopulationWindows[] = [
      ...opts.populations.filter((P) => P <= cap).map((population) => ({ trainer: 'staircase' as const, population, windows: [] as number[] })),
      ...twins.map((t) => ({ trainer: 'torch' as const, population: t.population, windows: [] as number[] })),
    ];
    for (let r = 0; r < opts.rounds; r++) {
      for (const [i, s] of steppers.entries()) cases[i]!.windows.push(await s.window(opts.minMs));
      for (const [i, t] of twins.entries()) cases[steppers.length + i]!.windows.push((await t.window(opts.minMs)).stepsPerSecond);
    }
    return { backend: opts.backend.name, device: opts.backend.device, adapter: opts.backend.adapter, size: opts.size, model: opts.model, cases, evalMs, skipped };
  } finally {
    for (const s of steppers) s.dispose();
    for (const t of twins) await t.close();
  }
}

/** Seeds/hour and ratios from the processes that ran at once. */
export function populationRates(processes: readonly PopulationProcessTiming[]): PopulationRate[] {
  const first = processes[0]!;
  const size = BENCH_SIZES[first.size as keyof typeof BENCH_SIZES];
  const budget = size.maxSteps!;
  const evalEvery = size.evalEvery!;
  return first.cases.map((c, ci) => {
    const perProcess = processes.map((p) => p.cases[ci]!);
    const base = processes.map((p) => p.cases.find((x) => x.trainer === c.trainer && x.population === 1) ?? p.cases.find((x) => x.population === 1)!);
    const stepsPerSecond = perProcess.map((x) => median(x.windows));
    const seedStepsPerSecond = stepsPerSecond.reduce((a, s) => a + s * c.population, 0);
    const vsOneSeed = processes.map((_, pi) => median(perProcess[pi]!.windows.map((w, r) => (w * c.population) / base[pi]!.windows[r]!))).reduce((a, b) => a + b, 0) / processes.length;
    // In a process, P seeds take budget / steps/s: a seed, budget / (P x steps/s), plus its own evaluations.
    const secondsPerSeedPerProcess = processes.map((p, pi) => budget / (stepsPerSecond[pi]! * c.population) + (Math.floor(budget / evalEvery) * p.evalMs) / 1000);
    const seedsPerHourAtBudget = secondsPerSeedPerProcess.reduce((a, s) => a + 3600 / s, 0);
    return { trainer: c.trainer, backend: c.trainer === 'torch' ? 'torch' : first.backend, device: c.trainer === 'torch' ? 'cpu' : first.device, adapter: c.trainer === 'torch' ? null : first.adapter, size: first.size, model: first.model, population: c.population, processes: processes.length, stepsPerSecond, seedStepsPerSecond, vsOneSeed, budgetSteps: budget, evalEvery, seedsPerHourAtBudget };
  });
}

/**
 * `workers` child processes (`staircase bench --population-child`) timing the populations at once,
 * every core busy; their JSON gathered.
 */
export async function timePopulationsInChildren(opts: { backend: string; size: string; model: string; populations: readonly number[]; minMs: number; rounds: number; workers: number; torch: boolean }): Promise<PopulationProcessTiming[]> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'staircase-population-bench-'));
  try {
    const bin = path.join(PACKAGE_ROOT, 'bin', 'staircase.mjs');
    const outs = Array.from({ length: opts.workers }, (_, i) => path.join(dir, `worker-${i}.json`));
    await Promise.all(
      outs.map((out) =>
        execa(process.execPath, [bin, 'bench', '--population-child', '--backends', opts.backend, '--sizes', opts.size, '--models', opts.model, '--populations', opts.populations.join(','), '--windows', String(opts.rounds), '--min-ms', String(opts.minMs), ...(opts.torch ? [] : ['--no-torch']), '--out', out], { stdout: 'ignore', stderr: 'pipe' }),
      ),
    );
    return outs.map((out) => JSON.parse(readFileSync(out, 'utf8')) as PopulationProcessTiming);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The population table: seeds/hour per P, and P's ratio to one seed per process in the same rounds. */
export function renderPopulationRates(rates: readonly PopulationRate[]): string {
  const rows = rates.map((r) => [
    `${r.trainer === 'torch' ? 'PyTorch twin' : `${r.backend}${r.adapter ? ` (${r.adapter})` : ''}`} ${r.size} ${r.model}`,
    String(r.population),
    String(r.processes),
    r.stepsPerSecond.map((x) => x.toFixed(2)).join('/'),
    r.seedStepsPerSecond.toFixed(1),
    `${r.vsOneSeed.toFixed(2)}x`,
    r.seedsPerHourAtBudget.toFixed(1),
  ]);
  const headers = ['trainer size model', 'P', 'processes', 'steps/s each', 'seed-steps/s', 'vs P=1', `seeds/h at budget`];
  return ['populations (P seeds per process as one model), side by side:', formatTable(headers, rows, ['left', 'right', 'right', 'right', 'right', 'right', 'right'], { rule: false, indent: '  ' })].join('\n');
}
