/**
 * The timed part of `staircase bench`: each backend, size and model side by side with tfjs's own
 * kernels and the PyTorch twin, the matMul floor's product rates, and profiles on request.
 */
import { adapterLabel } from '../backend/webgpu/adapter.ts';
import { initBackend, type BackendInfo, type BackendRequest } from '../backend/select.ts';
import type { BenchCase } from './compare.ts';
import { BENCH_SIZES, type StepTiming } from './measure.ts';
import { timeProducts, timeTorchProducts, type ProductRate } from './matmul-floor.ts';
import { stepFlops } from './step-flops.ts';
import { profileStep, type StepProfile } from './profile.ts';
import { timeSideBySide, windowPairs, type WindowPairs } from './side-by-side.ts';
import type { TorchTiming } from './torch-twin.ts';

export type BenchSize = keyof typeof BENCH_SIZES;
export type BenchModel = 'standard' | 'universal';

export interface BenchPlan {
  backends: readonly string[];
  sizes: readonly BenchSize[];
  models: readonly BenchModel[];
  minMs: number;
  windows: number;
  torchPython: string | null;
  /** What to add or skip (the flags of the same names). */
  profile: boolean;
  floor: boolean;
  tfjsKernels: boolean;
  timeEval: boolean;
  cpuFull: boolean;
  softwareFull: boolean;
}

/** Everything the timed cases gave. */
export interface BenchTimings {
  cases: BenchCase[];
  torch: (TorchTiming & { size: string; model: string; pairedWith: string })[];
  pairs: WindowPairs[];
  profiles: (StepProfile & { backend: string; size: string; model: string })[];
  productRates: (ProductRate & { backend: string; size: string })[];
  skipped: { backend: string; size?: string; reason: string }[];
}

/** One timed case of the table and JSON. */
function benchCase(backend: string, device: string, adapter: string | null, size: string, model: string, t: StepTiming): BenchCase {
  return { backend, device, adapter, size, model, stepsPerSecond: t.stepsPerSecond, windows: t.windows, cpuMsPerStep: t.cpuMsPerStep, steps: t.steps, wallMs: t.wallMs, tensorLeak: t.tensorsLeaked, evalMs: t.evalMs };
}

const windowsText = (t: { stepsPerSecond: number; windows: number[] }): string => `${t.stepsPerSecond.toFixed(3)} steps/s median of ${t.windows.map((w) => w.toFixed(2)).join(', ')}`;

/** Why a backend does not time a size (null: it does). */
function skipReason(info: BackendInfo, size: BenchSize, plan: BenchPlan): string | null {
  if (info.name === 'cpu' && size === 'full' && !plan.cpuFull) return 'pure-JS cpu kernels take minutes per full-size step (use --cpu-full)';
  if (info.adapter?.software && size === 'full' && !plan.softwareFull) return 'a software WebGPU adapter (lavapipe) takes about a minute per full-size step (use --software-full)';
  return null;
}

/** Time every backend that loads, each size and model, in turns with its companions. */
export async function timeBenchCases(plan: BenchPlan): Promise<BenchTimings> {
  const out: BenchTimings = { cases: [], torch: [], pairs: [], profiles: [], productRates: [], skipped: [] };
  for (const backend of plan.backends) {
    let info: BackendInfo;
    try {
      info = await initBackend(backend as BackendRequest);
    } catch (error) {
      const reason = (error as Error).message.split('\n')[0]!;
      out.skipped.push({ backend, reason });
      console.error(`bench: ${backend} skipped: ${reason}`);
      continue;
    }
    for (const size of plan.sizes) {
      if (info.name === 'wasm' && plan.floor) await timeFloorProducts(size, plan, out);
      const skip = skipReason(info, size, plan);
      if (skip) out.skipped.push({ backend, size, reason: skip });
      else for (const model of plan.models) await timeCase(info, size, model, plan, out);
    }
  }
  return out;
}

/** The step's matrix products alone, on wasm and in PyTorch (the matMul floor). */
async function timeFloorProducts(size: BenchSize, plan: BenchPlan, out: BenchTimings): Promise<void> {
  const shapes = stepFlops(BENCH_SIZES[size]).shapes;
  const minMs = Math.min(plan.minMs, 2000);
  for (const r of await timeProducts(shapes, minMs)) out.productRates.push({ ...r, backend: 'wasm', size });
  if (plan.torchPython) for (const r of await timeTorchProducts(plan.torchPython, shapes, minMs)) out.productRates.push({ ...r, backend: 'pytorch', size });
}

/** One size and model on one backend, side by side with tfjs's kernels and the twin. */
async function timeCase(info: BackendInfo, size: BenchSize, model: BenchModel, plan: BenchPlan, out: BenchTimings): Promise<void> {
  const arm = { ...BENCH_SIZES[size], model };
  // The PyTorch twin runs beside the first backend that times this size and model.
  const withTorch = plan.torchPython !== null && !out.torch.some((t) => t.size === size && t.model === model);
  const timed = await timeSideBySide(arm, { minMs: plan.minMs, windows: plan.windows, timeEval: plan.timeEval, tfjsKernels: info.name === 'wasm' && plan.tfjsKernels, torchPython: withTorch ? plan.torchPython : null });
  const t = timed.ours;
  out.cases.push(benchCase(info.name, info.device, info.adapter ? adapterLabel(info.adapter) : null, size, model, t));
  console.error(`bench: ${info.name} ${size} ${model}: ${windowsText(t)}; ${t.cpuMsPerStep.toFixed(0)} CPU ms/step${t.evalMs === null ? '' : `; evaluation ${t.evalMs.toFixed(0)} ms`}`);
  if (timed.tfjs) {
    out.cases.push(benchCase('wasm-tfjs', info.device, null, size, model, timed.tfjs));
    console.error(`bench: wasm (tfjs's own kernels) ${size} ${model}: ${windowsText(timed.tfjs)}`);
    out.pairs.push(windowPairs(['wasm-tfjs', info.name], size, model, timed.tfjs.windows, t.windows));
  }
  if (timed.torch) {
    out.torch.push({ ...timed.torch, size, model, pairedWith: info.name });
    console.error(`bench: pytorch ${size} ${model}: ${windowsText(timed.torch)}`);
    out.pairs.push(windowPairs([info.name, 'pytorch'], size, model, t.windows, timed.torch.windows));
  }
  if (plan.profile) {
    const p = await profileStep(arm, info.adapter?.software || info.name === 'cpu' ? 1 : 3);
    out.profiles.push({ backend: info.name, size, model, ...p });
    console.error(`bench: ${info.name} ${size} ${model} profile: ${p.kernelsPerStep.toFixed(0)} kernels/step`);
  }
}
