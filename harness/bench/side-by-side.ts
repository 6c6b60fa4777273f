/**
 * Cases timed side by side: one case's windows alternate with the others' (our kernels, tfjs's own
 * kernels, the PyTorch twin), so that a machine whose speed drifts by tens of percent within minutes
 * (a shared VM) moves every case of a ratio alike instead of whichever ran in its slow minutes.
 */
import { formatTable } from '../util/text-table.ts';
import { withTfjsKernels } from '../backend/wasm/register.ts';
import type { ArmConfig } from '../train/defaults.ts';
import { StepTimer, type StepTiming } from './measure.ts';
import { median } from '../util/median.ts';
import { TorchTwin, type TorchTiming } from './torch-twin.ts';

export interface SideBySide {
  /** The active backend with staircase's kernels. */
  ours: StepTiming;
  /** The same wasm step on tfjs's own kernels (null unless asked for). */
  tfjs: StepTiming | null;
  /** The PyTorch twin (null unless a Python with torch was given). */
  torch: TorchTiming | null;
}

/**
 * Warm up every case, then `windows` rounds of one window each: ours, tfjs's kernels, PyTorch.
 * Each case reports the median of its windows, as a case timed alone does.
 */
export async function timeSideBySide(
  arm: Partial<ArmConfig>,
  opts: { minMs: number; windows: number; timeEval: boolean; tfjsKernels: boolean; torchPython: string | null },
): Promise<SideBySide> {
  const ours = await StepTimer.start(arm, { minMs: opts.minMs, timeEval: opts.timeEval });
  const tfjs = opts.tfjsKernels ? await withTfjsKernels(() => StepTimer.start(arm, { minMs: opts.minMs, timeEval: false })) : null;
  const twin = opts.torchPython ? await TorchTwin.start(opts.torchPython, arm) : null;
  const torchWindows: { stepsPerSecond: number; steps: number; wallMs: number }[] = [];
  try {
    for (let w = 0; w < opts.windows; w++) {
      await ours.window();
      if (tfjs) await withTfjsKernels(() => tfjs.window());
      if (twin) torchWindows.push(await twin.window(opts.minMs));
    }
  } finally {
    await twin?.close();
  }
  const torch: TorchTiming | null = twin && {
    stepsPerSecond: median(torchWindows.map((t) => t.stepsPerSecond)),
    windows: torchWindows.map((t) => t.stepsPerSecond),
    steps: torchWindows.reduce((n, t) => n + t.steps, 0),
    wallMs: torchWindows.reduce((n, t) => n + t.wallMs, 0),
    torch: twin.torch,
    threads: twin.threads,
    python: twin.python,
  };
  return { ours: await ours.finish(), tfjs: tfjs && (await withTfjsKernels(() => tfjs.finish())), torch };
}

/** Two cases' windows taken in the same rounds, and each round's ratio (first over second). */
export interface WindowPairs {
  cases: [string, string];
  size: string;
  model: string;
  ratios: number[];
  medianRatio: number;
}

export function windowPairs(cases: [string, string], size: string, model: string, first: readonly number[], second: readonly number[]): WindowPairs {
  const ratios = first.slice(0, second.length).map((x, i) => x / second[i]!);
  return { cases, size, model, ratios, medianRatio: median(ratios) };
}

/** The per-round ratios, printed under the bench table. */
export function renderWindowPairs(pairs: readonly WindowPairs[]): string {
  const rows = pairs.map((p) => [`${p.cases[0]} / ${p.cases[1]}`, p.size, p.model, p.ratios.map((r) => r.toFixed(3)).join('  '), `median ${p.medianRatio.toFixed(3)}x`]);
  return ['ratio in each round (windows taken back to back, so drift of the machine cancels):', formatTable(['cases', 'size', 'model', 'each round', ''], rows, [], { rule: false, indent: '  ' })].join('\n');
}
