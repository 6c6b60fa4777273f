import { adapterLabel } from '../backend/adapter.ts';
import { initBackend, type BackendRequest } from '../backend/select.ts';
import { ratiosTo, renderBenchTable, type BenchCase } from '../bench/compare.ts';
import { BENCH_SIZES, timeSteps } from '../bench/measure.ts';
import { findTorchPython, timeTorch, type TorchTiming } from '../bench/torch-twin.ts';
import { gitInfo, hostInfo, packageVersion } from '../util/provenance.ts';
import { writeJsonAtomic } from '../util/atomic.ts';
import { intOption, parse, UsageError } from './args.ts';

export const BENCH_HELP = `staircase bench [--out FILE] [--backends wasm,cpu,tensorflow,webgpu] [--sizes smoke,full] [--min-ms N]

Training steps/s of the same step, side by side in one run: the smoke model (K2 L3 d64 b128) and
the full-size model (K6 L8 d96 h6 b256), standard and universal, on each backend available here,
and the repo's PyTorch twin (scripts/torch_twin.py, one thread) when a Python with torch exists.
Writes JSON with every timing, the ratio of each backend to wasm and to PyTorch, and the WebGPU
adapter it ran on.

Options:
  --out FILE        write the JSON here (also printed as a table)
  --backends LIST   default: wasm,cpu,tensorflow,webgpu (the ones that load); cpu runs the smoke
                    size only unless --cpu-full (pure-JS kernels: minutes per full-size step), and
                    so does webgpu on a software adapter (lavapipe) unless --software-full
  --sizes LIST      default smoke,full
  --models LIST     default standard,universal
  --min-ms N        each timed window lasts at least N ms (default 5000); 3 windows per case
                    after a 5 s warm-up, and the median is reported (all windows are in the JSON)
  --no-torch        skip the PyTorch twin`;

export async function benchCommand(argv: string[]): Promise<number> {
  const { values } = parse(argv, {
    out: { type: 'string' },
    backends: { type: 'string' },
    sizes: { type: 'string' },
    models: { type: 'string' },
    'min-ms': { type: 'string' },
    'cpu-full': { type: 'boolean' },
    'software-full': { type: 'boolean' },
    'no-torch': { type: 'boolean' },
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

  const cases: BenchCase[] = [];
  const skipped: { backend: string; size?: string; reason: string }[] = [];
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
      if (info.name === 'cpu' && size === 'full' && !values['cpu-full']) {
        skipped.push({ backend, size, reason: 'pure-JS cpu kernels take minutes per full-size step (use --cpu-full)' });
        continue;
      }
      if (info.adapter?.software && size === 'full' && !values['software-full']) {
        skipped.push({ backend, size, reason: 'a software WebGPU adapter (lavapipe) takes about a minute per full-size step (use --software-full)' });
        continue;
      }
      for (const model of models) {
        const t = await timeSteps({ ...BENCH_SIZES[size], model: model as 'standard' | 'universal' }, { minMs });
        cases.push({ backend: info.name, device: info.device, adapter: info.adapter ? adapterLabel(info.adapter) : null, size, model, stepsPerSecond: t.stepsPerSecond, windows: t.windows, cpuMsPerStep: t.cpuMsPerStep, steps: t.steps, wallMs: t.wallMs, tensorLeak: t.tensorsAfter - t.tensorsBefore });
        console.error(`bench: ${info.name} ${size} ${model}: ${t.stepsPerSecond.toFixed(3)} steps/s median of ${t.windows.map((w) => w.toFixed(2)).join(', ')}; ${t.cpuMsPerStep.toFixed(0)} CPU ms/step`);
      }
    }
  }

  const torch: (TorchTiming & { size: string; model: string })[] = [];
  let torchSkipped: string | null = null;
  if (values['no-torch']) torchSkipped = '--no-torch';
  else {
    const found = await findTorchPython();
    if ('reason' in found) torchSkipped = found.reason;
    else {
      for (const size of sizes) {
        for (const model of models) {
          const t = await timeTorch(found.python, { ...BENCH_SIZES[size], model: model as 'standard' | 'universal' }, minMs);
          torch.push({ ...t, size, model });
          console.error(`bench: pytorch ${size} ${model}: ${t.stepsPerSecond.toFixed(3)} steps/s`);
        }
      }
    }
  }
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
  };
  console.log(renderBenchTable(cases, torch, vsWasm, vsTorch));
  for (const s of skipped) console.log(`skipped ${s.backend}${s.size ? ` ${s.size}` : ''}: ${s.reason}`);
  if (torchSkipped) console.log(`pytorch twin skipped: ${torchSkipped}`);
  if (typeof values.out === 'string') {
    writeJsonAtomic(values.out, report);
    console.log(`wrote ${values.out}`);
  }
  return 0;
}
