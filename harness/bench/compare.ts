/** Side-by-side comparison of bench timings: ratios to a reference, and the printed table. */
import { formatTable } from '../util/text-table.ts';

/** One timed case of `staircase bench`. */
export interface BenchCase {
  backend: string;
  device: string;
  /** webgpu: the adapter it ran on (description, vendor, architecture); null elsewhere. */
  adapter: string | null;
  size: string;
  model: string;
  stepsPerSecond: number;
  windows: number[];
  /** Process CPU time per timed step (see StepTiming.cpuMsPerStep). */
  cpuMsPerStep: number;
  steps: number;
  wallMs: number;
  tensorLeak: number;
  /** Milliseconds of one held-out evaluation of the seed budget's kind (median of 3). */
  evalMs?: number | null;
}

/** A case's steps/s over a reference's, same size and model. */
export interface BenchRatio {
  backend: string;
  size: string;
  model: string;
  ratio: number;
}

type Timed = Pick<BenchCase, 'size' | 'model' | 'stepsPerSecond'>;

/** Ratio of each case to the reference timing of the same size and model; cases without one are left out. */
export function ratiosTo(cases: readonly BenchCase[], reference: readonly Timed[]): BenchRatio[] {
  return cases.flatMap((c) => {
    const ref = reference.find((r) => r.size === c.size && r.model === c.model);
    return ref && ref.stepsPerSecond > 0 ? [{ backend: c.backend, size: c.size, model: c.model, ratio: c.stepsPerSecond / ref.stepsPerSecond }] : [];
  });
}

/** The table `staircase bench` prints: steps/s per case, its ratio to wasm and to PyTorch, then the adapters. */
export function renderBenchTable(cases: readonly BenchCase[], torch: readonly Timed[], vsWasm: readonly BenchRatio[], vsTorch: readonly BenchRatio[]): string {
  const find = (list: readonly BenchRatio[], c: BenchCase) => list.find((r) => r.backend === c.backend && r.size === c.size && r.model === c.model);
  const fmt = (r: BenchRatio | undefined) => (r ? `${r.ratio.toFixed(3)}x` : '-');
  const rows = [
    ...cases.map((c) => [c.backend, c.device, c.size, c.model, c.stepsPerSecond.toFixed(3), fmt(find(vsWasm, c)), fmt(find(vsTorch, c)), c.cpuMsPerStep.toFixed(0)]),
    ...torch.map((t) => ['pytorch', 'cpu', t.size, t.model, t.stepsPerSecond.toFixed(3), '-', '1.000x', '-']),
  ];
  const table = formatTable(['backend', 'device', 'size', 'model', 'steps/s', 'vs wasm', 'vs PyTorch', 'CPU ms/step'], rows, ['left', 'left', 'left', 'left', 'right', 'right', 'right', 'right'], { rule: false });
  const adapters = [...new Set(cases.flatMap((c) => (c.adapter ? [`${c.backend} (${c.device}) adapter: ${c.adapter}`] : [])))];
  return [table, ...adapters].join('\n');
}
