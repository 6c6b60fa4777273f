import { ratiosTo, renderBenchTable, type BenchCase, type BenchRatio } from '../bench/compare.ts';
import { renderFloors, stepFloor } from '../bench/matmul-floor.ts';
import { stepFlops } from '../bench/step-flops.ts';
import { BENCH_SIZES } from '../bench/measure.ts';
import { timeBenchCases, type BenchModel, type BenchSize, type BenchTimings } from '../bench/run-cases.ts';
import { renderWindowPairs } from '../bench/side-by-side.ts';
import { measureSweepRate, renderSweepRates, type SweepRate } from '../bench/sweep-rate.ts';
import { findTorchPython } from '../bench/torch-twin.ts';
import { populationRates, renderPopulationRates, timePopulationsHere, timePopulationsInChildren, type PopulationProcessTiming, type PopulationRate } from '../bench/population-bench.ts';
import type { BackendRequest } from '../backend/select.ts';
import os from 'node:os';
import { gitInfo, hostInfo, packageVersion } from '../util/provenance.ts';
import { writeJsonAtomic } from '../util/atomic.ts';
import { UsageError } from './args.ts';
import { defineCommand, flag, int, items, text, type Values } from './declare.ts';
import { plural } from '../util/plural.ts';

const SIZES = Object.keys(BENCH_SIZES) as BenchSize[];

const options = {
  out: text('FILE', 'write the JSON here (also printed as a table)'),
  backends: items('LIST', 'the ones that load are timed; cpu runs the smoke size only unless --cpu-full (pure-JS kernels: minutes per full-size step), and so does webgpu on a software adapter (lavapipe) unless --software-full', { default: 'wasm,cpu,tensorflow,webgpu' }),
  sizes: items('LIST', 'model sizes', { default: 'smoke,full', names: SIZES }),
  models: items('LIST', 'models', { default: 'standard,universal', names: ['standard', 'universal'] as const }),
  'min-ms': int('N', 'each timed window lasts at least N ms, after a 5 s warm-up; the median window is reported (all windows are in the JSON)', { default: 5000, example: '8000' }),
  windows: int('N', 'rounds of windows per case', { default: 3, example: '5' }),
  'cpu-full': flag('time the full size on the cpu backend too'),
  'software-full': flag('time the full size on a software WebGPU adapter too'),
  'no-torch': flag('skip the PyTorch twin'),
  'no-sweep-rate': flag('skip the every-core seeds/hour measurement (and the evaluation timing it uses)'),
  workers: int('N', 'processes for seeds/hour', { defaultText: 'the number of cores', min: 1, example: '2' }),
  'steps-per-seed': text('SIZE=N[,SIZE=N]', 'also report seeds/hour at N steps a seed (e.g. the mean steps of a real sweep, smoke=1100) besides the budget\'s floor'),
  profile: flag("tf.profile a few steps of each case: kernels per step and each kernel's share of the time (matMuls by shape), top 12 printed, all in the JSON"),
  'no-tfjs-kernels': flag("skip the case 'wasm-tfjs': the same wasm step on tfjs's own kernels instead of staircase's overrides (SIMD attention products and transposes, heap-view slices), side by side, so the table shows what the overrides give"),
  populations: text('LIST', 'population sizes P timed side by side as seeds/hour (P seeds per process trained as one model; harness/train/population.ts): on wasm in one process per core at once, on webgpu in one process (at most 16 on a software adapter)', { default: '1,4,8,16,32' }),
  'no-populations': flag('skip the population seeds/hour'),
  'population-child': flag('(internal) time the populations in this process only and write its JSON to --out: the children of the population measurement'),
  'no-floor': flag("skip the matMul floor: the step's matrix products counted from the model's shape and timed alone at its shapes on wasm and in PyTorch (GFLOP/s), which says how fast a step could be if every other kernel were free"),
};

export const bench = defineCommand({
  name: 'bench',
  summary: 'training steps/s per backend and model size (and the PyTorch twin where torch exists)',
  usage: '[--out FILE] [--backends wasm,cpu,tensorflow,webgpu] [--sizes smoke,full] [--min-ms N] [--windows N] [--profile]',
  about: `Training steps/s of the same step, side by side in one run: the smoke tier's model (K3 L4 d64 h4
b96) and the full-size model (K6 L8 d96 h6 b256), standard and universal, on each backend available
here, and the repo's PyTorch twin (scripts/torch_twin.py, one thread) when a Python with torch
exists. Then seeds/hour for a sweep that uses every core: one bench process per core timing the
wasm step at once, and a seed's budget (smoke 2,000 steps + an evaluation every 50; full 10,000 +
every 100) turned into seconds. Writes JSON with every timing, the ratio of each backend to wasm
and to PyTorch, the WebGPU adapter it ran on, and (--profile) where a step's time goes.

Side by side means in turns: for each size and model, the step on staircase's kernels, on tfjs's
own kernels and in the PyTorch twin are each warmed up, then timed one window each, round after
round, so a machine whose speed drifts (shared VMs move by 1.4x within minutes) slows every case
of a ratio alike. The ratio of each round is printed too: their spread is the measurement's noise.

Run it on a quiet machine: every figure is wall time, and other jobs on the cores lower it. The
CPU ms/step column (process CPU time per step) moves much less under load.`,
  options,
  examples: ['npm run bench -- --out bench.json --profile', 'npx staircase bench --backends wasm --sizes smoke --min-ms 2000 --no-torch'],
  run: benchRun,
});

/** `--steps-per-seed smoke=1100,full=6000`: size -> steps. */
function typicalStepsOf(raw: string | undefined): Map<string, number> {
  const typical = new Map<string, number>();
  for (const kv of (raw ?? '').split(',').map((s) => s.trim()).filter(Boolean)) {
    const [size, n] = kv.split('=');
    if (!size || !(size in BENCH_SIZES) || !n || !/^[1-9][0-9]*$/.test(n)) throw new UsageError(`--steps-per-seed: '${kv}' is not SIZE=N with SIZE smoke or full and N a positive integer (e.g. smoke=1100)`);
    typical.set(size, Number(n));
  }
  return typical;
}

/** `--populations 1,4,8`: distinct positive sizes, 1 first (every ratio is to it). */
function populationsOf(raw: string): number[] {
  const ps = raw.split(',').map((x) => x.trim());
  if (ps.some((x) => !/^[1-9][0-9]*$/.test(x))) throw new UsageError(`--populations ${raw}: write positive integers separated by commas, e.g. 1,4,8,16,32`);
  const list = [...new Set([1, ...ps.map(Number)])];
  return list;
}

async function benchRun(values: Values<typeof options>): Promise<number> {
  const typicalSteps = typicalStepsOf(values['steps-per-seed']);
  const found: { python: string } | { reason: string } = values['no-torch'] ? { reason: '--no-torch' } : await findTorchPython();
  const minMs = values['min-ms'];
  const populations = populationsOf(values.populations);
  if (values['population-child']) return populationChild(values, populations, 'python' in found ? found.python : null);
  const timings = await timeBenchCases({
    backends: values.backends,
    sizes: values.sizes,
    models: values.models,
    minMs,
    windows: values.windows,
    torchPython: 'python' in found ? found.python : null,
    profile: values.profile,
    floor: !values['no-floor'],
    tfjsKernels: !values['no-tfjs-kernels'],
    timeEval: !values['no-sweep-rate'],
    cpuFull: values['cpu-full'],
    softwareFull: values['software-full'],
  });
  const sweepRates = values['no-sweep-rate'] ? [] : await sweepRatesOf(timings.cases, { workers: values.workers, minMs, typicalSteps });
  const populationRuns = values['no-populations'] ? [] : await populationRunsOf(timings, { values, populations, torch: 'python' in found });
  const vsTorch = ratiosTo(timings.cases, timings.torch);
  const vsWasm = ratiosTo(timings.cases, timings.cases.filter((c) => c.backend === 'wasm'));
  const report = { ...benchReport(values.sizes, minMs, timings, { vsTorch, vsWasm }, sweepRates, 'reason' in found ? found.reason : null), populations: populationRuns.flatMap((r) => r.rates), populationTimings: populationRuns.flatMap((r) => r.processes) };
  console.log(renderBenchTable(timings.cases, timings.torch, vsWasm, vsTorch));
  printDetails(report, timings);
  if (report.populations.length) console.log(renderPopulationRates(report.populations));
  if (values.out !== undefined) {
    writeJsonAtomic(values.out, report);
    console.log(`wrote ${values.out}`);
  }
  return 0;
}

/** `--population-child`: this process times the populations on its backend and writes the JSON. */
async function populationChild(values: Values<typeof options>, populations: number[], torchPython: string | null): Promise<number> {
  const { initBackend } = await import('../backend/select.ts');
  const { adapterLabel } = await import('../backend/webgpu/adapter.ts');
  const info = await initBackend(values.backends[0] as BackendRequest);
  const timing = await timePopulationsHere({
    backend: { name: info.name, device: info.device, adapter: info.adapter ? adapterLabel(info.adapter) : null },
    size: values.sizes[0]!,
    model: values.models[0]!,
    populations,
    minMs: values['min-ms'],
    rounds: values.windows,
    torchPython,
  });
  if (values.out === undefined) throw new UsageError('--population-child needs --out FILE');
  writeJsonAtomic(values.out, timing);
  return 0;
}

/**
 * The population seeds/hour: on wasm one child per core at once (with the PyTorch twin's populations
 * beside it when torch exists), on webgpu one child; each size and model timed.
 */
async function populationRunsOf(timings: BenchTimings, opts: { values: Values<typeof options>; populations: number[]; torch: boolean }) {
  const { values } = opts;
  const runs: { rates: PopulationRate[]; processes: PopulationProcessTiming[] }[] = [];
  for (const backend of ['wasm', 'webgpu'].filter((b) => values.backends.includes(b as never))) {
    const ran = timings.cases.find((c) => c.backend === backend);
    if (!ran) continue; // did not load here
    const software = backend === 'webgpu' && timings.cases.some((c) => c.backend === 'webgpu' && c.adapter !== null && /software|lavapipe|llvmpipe|swiftshader/i.test(c.adapter));
    const populations = software ? opts.populations.filter((p) => p <= 16) : opts.populations;
    for (const size of values.sizes) {
      if (software && size === 'full' && !values['software-full']) continue;
      for (const model of values.models) {
        const workers = backend === 'wasm' ? (values.workers ?? os.availableParallelism()) : 1;
        console.error(`bench: populations ${populations.join(', ')} on ${backend} ${size} ${model}, ${plural(workers, 'process', 'processes')} at once${backend === 'wasm' && opts.torch ? ', beside the PyTorch twin' : ''}`);
        const processes = await timePopulationsInChildren({ backend, size, model, populations, minMs: values['min-ms'], rounds: values.windows, workers, torch: backend === 'wasm' && opts.torch });
        runs.push({ rates: populationRates(processes), processes });
        for (const skip of processes[0]?.skipped ?? []) console.error(`bench: population ${skip.population} on ${backend} ${size} not timed: ${skip.reason}`);
      }
    }
  }
  return runs;
}

/** Seeds/hour with every core busy, for the cases a sweep would run (wasm, tensorflow on the CPU). */
async function sweepRatesOf(cases: readonly BenchCase[], opts: { workers: number | undefined; minMs: number; typicalSteps: Map<string, number> }): Promise<SweepRate[]> {
  const rates: SweepRate[] = [];
  for (const c of cases.filter((x) => x.backend === 'wasm' || (x.backend === 'tensorflow' && x.device === 'cpu'))) {
    const size = BENCH_SIZES[c.size as BenchSize];
    const r = await measureSweepRate({ ...c, evalMs: c.evalMs ?? 0 }, { maxSteps: size.maxSteps!, evalEvery: size.evalEvery! }, { workers: opts.workers, minMs: opts.minMs, typicalSteps: opts.typicalSteps.get(c.size) ?? null });
    rates.push(r);
    console.error(`bench: ${c.backend} ${c.size} ${c.model}, ${plural(r.workers, 'worker')} at once: ${r.workerStepsPerSecond.map((x) => x.toFixed(3)).join(', ')} steps/s; ${r.seedsPerHourAtBudget.toFixed(1)} seeds/hour at the budget`);
  }
  return rates;
}

/** The bench JSON: every timing, the ratios, the floors, and where it ran. */
function benchReport(sizes: readonly BenchSize[], minMs: number, t: BenchTimings, ratios: { vsTorch: BenchRatio[]; vsWasm: BenchRatio[] }, sweepRates: SweepRate[], torchSkipped: string | null) {
  return {
    kind: 'staircase.bench',
    version: 1,
    date: new Date().toISOString(),
    git: gitInfo(),
    host: hostInfo(),
    versions: { staircase: packageVersion('staircase'), '@tensorflow/tfjs-core': packageVersion('@tensorflow/tfjs-core'), webgpu: packageVersion('webgpu'), '@tensorflow/tfjs-backend-webgpu': packageVersion('@tensorflow/tfjs-backend-webgpu') },
    minMs,
    sizes: Object.fromEntries(sizes.map((s) => [s, BENCH_SIZES[s]])),
    cases: t.cases,
    torch: t.torch,
    torchSkipped,
    skipped: t.skipped,
    ratios: ratios.vsTorch.map(({ ratio, ...r }) => ({ ...r, ratioVsTorch: ratio })),
    ratiosVsWasm: ratios.vsWasm.map(({ ratio, ...r }) => ({ ...r, ratioVsWasm: ratio })),
    windowPairs: t.pairs,
    sweepRates,
    profiles: t.profiles,
    productRates: t.productRates,
    floors: floorsOf(t),
  };
}

/** Each wasm and PyTorch case's step time against the floor of its matrix products. */
function floorsOf(t: BenchTimings) {
  return [...t.cases.filter((c) => c.backend === 'wasm'), ...t.torch.map((x) => ({ ...x, backend: 'pytorch' }))].flatMap((c) => {
    const rates = t.productRates.filter((r) => r.backend === c.backend && r.size === c.size);
    if (rates.length === 0) return [];
    const flops = stepFlops({ ...BENCH_SIZES[c.size as BenchSize], model: c.model as BenchModel });
    return [{ backend: c.backend, size: c.size, model: c.model, stepMs: 1000 / c.stepsPerSecond, ...stepFloor(flops, rates, c.stepsPerSecond) }];
  });
}

/** What `staircase bench` prints after the table. */
function printDetails(report: ReturnType<typeof benchReport>, t: BenchTimings): void {
  if (t.pairs.length) console.log(renderWindowPairs(t.pairs));
  if (report.sweepRates.length) console.log(renderSweepRates(report.sweepRates));
  if (report.floors.length) console.log(renderFloors(t.productRates, report.floors));
  for (const p of t.profiles) {
    console.log(`profile ${p.backend} ${p.size} ${p.model}: ${p.kernelsPerStep.toFixed(0)} kernels/step, ${p.profiledStepMs.toFixed(0)} ms/step profiled (inflated by per-kernel sync)${p.timed ? '' : '; the backend reports no kernel times (no timestamp queries), so kernels are listed by calls'}`);
    for (const k of p.kernels.slice(0, 12)) console.log(`  ${k.share === null ? '    -' : (100 * k.share).toFixed(1).padStart(5)}%  ${k.calls.toFixed(0).padStart(5)} calls  ${k.kernel}`);
  }
  for (const s of t.skipped) console.log(`skipped ${s.backend}${s.size ? ` ${s.size}` : ''}: ${s.reason}`);
  if (report.torchSkipped) console.log(`pytorch twin skipped: ${report.torchSkipped}`);
}
