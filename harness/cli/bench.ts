import { adapterLabel } from '../backend/adapter.ts';
import { initBackend, type BackendRequest } from '../backend/select.ts';
import { ratiosTo, renderBenchTable, type BenchCase } from '../bench/compare.ts';
import { BENCH_SIZES, type StepTiming } from '../bench/measure.ts';
import { renderWindowPairs, timeSideBySide, windowPairs, type WindowPairs } from '../bench/side-by-side.ts';
import { findTorchPython, type TorchTiming } from '../bench/torch-twin.ts';
import { measureSweepRate, renderSweepRates, type SweepRate } from '../bench/sweep-rate.ts';
import { profileStep, type StepProfile } from '../bench/profile.ts';
import { renderFloors, stepFlops, stepFloor, timeProducts, timeTorchProducts, type ProductRate } from '../bench/matmul-floor.ts';
import { gitInfo, hostInfo, packageVersion } from '../util/provenance.ts';
import { writeJsonAtomic } from '../util/atomic.ts';
import { intOption, parse, UsageError } from './args.ts';
import { plural } from '../util/plural.ts';

export const BENCH_HELP = `staircase bench [--out FILE] [--backends wasm,cpu,tensorflow,webgpu] [--sizes smoke,full] [--min-ms N] [--windows N] [--profile]

Training steps/s of the same step, side by side in one run: the smoke tier's model (K3 L4 d64 h4
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
CPU ms/step column (process CPU time per step) moves much less under load.

Options:
  --out FILE        write the JSON here (also printed as a table)
  --backends LIST   default: wasm,cpu,tensorflow,webgpu (the ones that load); cpu runs the smoke
                    size only unless --cpu-full (pure-JS kernels: minutes per full-size step), and
                    so does webgpu on a software adapter (lavapipe) unless --software-full
  --sizes LIST      default smoke,full
  --models LIST     default standard,universal
  --min-ms N        each timed window lasts at least N ms (default 5000), after a 5 s warm-up;
                    the median window is reported (all windows are in the JSON)
  --windows N       rounds of windows per case (default 3)
  --no-torch        skip the PyTorch twin
  --no-sweep-rate   skip the every-core seeds/hour measurement (and the evaluation timing it uses)
  --workers N       processes for seeds/hour (default: the number of cores)
  --steps-per-seed SIZE=N[,SIZE=N]
                    also report seeds/hour at N steps a seed (e.g. the mean steps of a real sweep,
                    smoke=1100) besides the budget's floor
  --profile         tf.profile a few steps of each case: kernels per step and each kernel's share
                    of the time (matMuls by shape), top 12 printed, all in the JSON
  --no-tfjs-kernels skip the case 'wasm-tfjs': the same wasm step on tfjs's own kernels instead of
                    staircase's overrides (SIMD attention products and transposes, heap-view slices),
                    side by side, so the table shows what the overrides give
  --no-floor        skip the matMul floor: the step's matrix products counted from the model's
                    shape and timed alone at its shapes on wasm and in PyTorch (GFLOP/s), which
                    says how fast a step could be if every other kernel were free

Example: npm run bench -- --out bench.json --profile`;

/** One timed case of the table and JSON. */
function benchCase(backend: string, device: string, adapter: string | null, size: string, model: string, t: StepTiming): BenchCase {
  return { backend, device, adapter, size, model, stepsPerSecond: t.stepsPerSecond, windows: t.windows, cpuMsPerStep: t.cpuMsPerStep, steps: t.steps, wallMs: t.wallMs, tensorLeak: t.tensorsLeaked, evalMs: t.evalMs };
}

export async function benchCommand(argv: string[]): Promise<number> {
  const { values } = parse(argv, {
    out: { type: 'string' },
    backends: { type: 'string' },
    sizes: { type: 'string' },
    models: { type: 'string' },
    'min-ms': { type: 'string' },
    windows: { type: 'string' },
    'cpu-full': { type: 'boolean' },
    'software-full': { type: 'boolean' },
    'no-torch': { type: 'boolean' },
    'no-sweep-rate': { type: 'boolean' },
    workers: { type: 'string' },
    'steps-per-seed': { type: 'string' },
    profile: { type: 'boolean' },
    'no-floor': { type: 'boolean' },
    'no-tfjs-kernels': { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    console.log(BENCH_HELP);
    return 0;
  }
  const list = (v: unknown, d: string) => String(v ?? d).split(',').map((s) => s.trim()).filter(Boolean);
  const backends = list(values.backends, 'wasm,cpu,tensorflow,webgpu');
  const sizes = list(values.sizes, 'smoke,full') as (keyof typeof BENCH_SIZES)[];
  const models = list(values.models, 'standard,universal');
  for (const s of sizes) if (!(s in BENCH_SIZES)) throw new UsageError(`--sizes: unknown size '${s}' (smoke, full)`);
  for (const m of models) if (m !== 'standard' && m !== 'universal') throw new UsageError(`--models: unknown model '${m}' (standard, universal)`);
  const minMs = intOption(values, 'min-ms', 5000);
  const windows = intOption(values, 'windows', 3);
  const typicalSteps = new Map<string, number>();
  for (const kv of list(values['steps-per-seed'], '')) {
    const [size, n] = kv.split('=');
    if (!size || !(size in BENCH_SIZES) || !n || !/^[1-9][0-9]*$/.test(n)) throw new UsageError(`--steps-per-seed: '${kv}' is not SIZE=N with SIZE smoke or full and N a positive integer (e.g. smoke=1100)`);
    typicalSteps.set(size, Number(n));
  }
  const workers = values.workers === undefined ? undefined : intOption(values, 'workers', 1);
  const profiles: (StepProfile & { backend: string; size: string; model: string })[] = [];

  const cases: BenchCase[] = [];
  const productMinMs = Math.min(minMs, 2000);
  const productRates: (ProductRate & { backend: string; size: string })[] = [];
  const skipped: { backend: string; size?: string; reason: string }[] = [];
  const torch: (TorchTiming & { size: string; model: string; pairedWith: string })[] = [];
  const pairs: WindowPairs[] = [];
  const found: { python: string } | { reason: string } = values['no-torch'] ? { reason: '--no-torch' } : await findTorchPython();
  const torchPython = 'python' in found ? found.python : null;
  const torchSkipped = 'reason' in found ? found.reason : null;
  for (const backend of backends) {
    let info;
    try {
      info = await initBackend(backend as BackendRequest);
    } catch (error) {
      skipped.push({ backend, reason: (error as Error).message.split('\n')[0]! });
      console.error(`bench: ${backend} skipped: ${(error as Error).message.split('\n')[0]}`);
      continue;
    }
    for (const size of sizes) {
      if (info.name === 'wasm' && !values['no-floor']) {
        const shapes = stepFlops(BENCH_SIZES[size]).shapes;
        for (const r of await timeProducts(shapes, productMinMs)) productRates.push({ ...r, backend: 'wasm', size });
        if (torchPython) for (const r of await timeTorchProducts(torchPython, shapes, productMinMs)) productRates.push({ ...r, backend: 'pytorch', size });
      }
      if (info.name === 'cpu' && size === 'full' && !values['cpu-full']) {
        skipped.push({ backend, size, reason: 'pure-JS cpu kernels take minutes per full-size step (use --cpu-full)' });
        continue;
      }
      if (info.adapter?.software && size === 'full' && !values['software-full']) {
        skipped.push({ backend, size, reason: 'a software WebGPU adapter (lavapipe) takes about a minute per full-size step (use --software-full)' });
        continue;
      }
      for (const model of models) {
        const arm = { ...BENCH_SIZES[size], model: model as 'standard' | 'universal' };
        // The PyTorch twin runs beside the first backend that times this size and model.
        const withTorch = torchPython !== null && !torch.some((t) => t.size === size && t.model === model);
        const timed = await timeSideBySide(arm, {
          minMs,
          windows,
          timeEval: !values['no-sweep-rate'],
          tfjsKernels: info.name === 'wasm' && !values['no-tfjs-kernels'],
          torchPython: withTorch ? torchPython : null,
        });
        const t = timed.ours;
        cases.push(benchCase(info.name, info.device, info.adapter ? adapterLabel(info.adapter) : null, size, model, t));
        console.error(`bench: ${info.name} ${size} ${model}: ${t.stepsPerSecond.toFixed(3)} steps/s median of ${t.windows.map((w) => w.toFixed(2)).join(', ')}; ${t.cpuMsPerStep.toFixed(0)} CPU ms/step${t.evalMs === null ? '' : `; evaluation ${t.evalMs.toFixed(0)} ms`}`);
        if (timed.tfjs) {
          cases.push(benchCase('wasm-tfjs', info.device, null, size, model, timed.tfjs));
          console.error(`bench: wasm (tfjs's own kernels) ${size} ${model}: ${timed.tfjs.stepsPerSecond.toFixed(3)} steps/s median of ${timed.tfjs.windows.map((w) => w.toFixed(2)).join(', ')}`);
          pairs.push(windowPairs(['wasm-tfjs', info.name], size, model, timed.tfjs.windows, t.windows));
        }
        if (timed.torch) {
          torch.push({ ...timed.torch, size, model, pairedWith: info.name });
          console.error(`bench: pytorch ${size} ${model}: ${timed.torch.stepsPerSecond.toFixed(3)} steps/s median of ${timed.torch.windows.map((w) => w.toFixed(2)).join(', ')}`);
          pairs.push(windowPairs([info.name, 'pytorch'], size, model, t.windows, timed.torch.windows));
        }
        if (values.profile) {
          const p = await profileStep(arm, info.adapter?.software || info.name === 'cpu' ? 1 : 3);
          profiles.push({ backend: info.name, size, model, ...p });
          console.error(`bench: ${info.name} ${size} ${model} profile: ${p.kernelsPerStep.toFixed(0)} kernels/step`);
        }
      }
    }
  }
  const sweepRates: SweepRate[] = [];
  if (!values['no-sweep-rate']) {
    for (const c of cases.filter((x) => x.backend === 'wasm' || (x.backend === 'tensorflow' && x.device === 'cpu'))) {
      const size = BENCH_SIZES[c.size as keyof typeof BENCH_SIZES];
      const r = await measureSweepRate({ ...c, evalMs: c.evalMs ?? 0 }, { maxSteps: size.maxSteps!, evalEvery: size.evalEvery! }, { workers, minMs, typicalSteps: typicalSteps.get(c.size) ?? null });
      sweepRates.push(r);
      console.error(`bench: ${c.backend} ${c.size} ${c.model}, ${plural(r.workers, 'worker')} at once: ${r.workerStepsPerSecond.map((x) => x.toFixed(3)).join(', ')} steps/s; ${r.seedsPerHourAtBudget.toFixed(1)} seeds/hour at the budget`);
    }
  }
  const floors = [...cases.filter((c) => c.backend === 'wasm'), ...torch.map((t) => ({ ...t, backend: 'pytorch' }))].flatMap((c) => {
    const rates = productRates.filter((r) => r.backend === c.backend && r.size === c.size);
    if (rates.length === 0) return [];
    const flops = stepFlops({ ...BENCH_SIZES[c.size as keyof typeof BENCH_SIZES], model: c.model as 'standard' | 'universal' });
    return [{ backend: c.backend, size: c.size, model: c.model, stepMs: 1000 / c.stepsPerSecond, ...stepFloor(flops, rates, c.stepsPerSecond) }];
  });
  const vsTorch = ratiosTo(cases, torch);
  const vsWasm = ratiosTo(cases, cases.filter((c) => c.backend === 'wasm'));
  const report = {
    kind: 'staircase.bench',
    version: 1,
    date: new Date().toISOString(),
    git: gitInfo(),
    host: hostInfo(),
    versions: { staircase: packageVersion('staircase'), '@tensorflow/tfjs-core': packageVersion('@tensorflow/tfjs-core'), webgpu: packageVersion('webgpu'), '@tensorflow/tfjs-backend-webgpu': packageVersion('@tensorflow/tfjs-backend-webgpu') },
    minMs,
    sizes: Object.fromEntries(sizes.map((s) => [s, BENCH_SIZES[s]])),
    cases,
    torch,
    torchSkipped,
    skipped,
    ratios: vsTorch.map(({ ratio, ...r }) => ({ ...r, ratioVsTorch: ratio })),
    ratiosVsWasm: vsWasm.map(({ ratio, ...r }) => ({ ...r, ratioVsWasm: ratio })),
    windowPairs: pairs,
    sweepRates,
    profiles,
    productRates,
    floors,
  };
  console.log(renderBenchTable(cases, torch, vsWasm, vsTorch));
  if (pairs.length) console.log(renderWindowPairs(pairs));
  if (sweepRates.length) console.log(renderSweepRates(sweepRates));
  if (floors.length) console.log(renderFloors(productRates, floors));
  for (const p of profiles) {
    console.log(`profile ${p.backend} ${p.size} ${p.model}: ${p.kernelsPerStep.toFixed(0)} kernels/step, ${p.profiledStepMs.toFixed(0)} ms/step profiled (inflated by per-kernel sync)${p.timed ? '' : '; the backend reports no kernel times (no timestamp queries), so kernels are listed by calls'}`);
    for (const k of p.kernels.slice(0, 12)) console.log(`  ${k.share === null ? '    -' : (100 * k.share).toFixed(1).padStart(5)}%  ${k.calls.toFixed(0).padStart(5)} calls  ${k.kernel}`);
  }
  for (const s of skipped) console.log(`skipped ${s.backend}${s.size ? ` ${s.size}` : ''}: ${s.reason}`);
  if (torchSkipped) console.log(`pytorch twin skipped: ${torchSkipped}`);
  if (typeof values.out === 'string') {
    writeJsonAtomic(values.out, report);
    console.log(`wrote ${values.out}`);
  }
  return 0;
}
