/**
 * A floor under a training step's time from its matrix products alone. The step's FLOPs are
 * counted from the model's shape (dense 2-D products and the attention's batched ones), and each
 * kind is timed on its own at the step's shapes, on this backend and in PyTorch (one thread,
 * OpenBLAS). floorMs = dense FLOPs / dense rate + attention FLOPs / attention rate: the step
 * cannot be faster than that even if every other kernel and all engine overhead were free. When
 * PyTorch's whole step is shorter than the backend's floor, parity needs faster products, not
 * fewer kernels.
 */
import { formatTable } from '../util/text-table.ts';
import * as tf from '@tensorflow/tfjs-core';
import { execa } from 'execa';
import path from 'node:path';
import { PACKAGE_ROOT } from '../util/provenance.ts';
import type { ProductShape, StepFlops } from './step-flops.ts';

/** One product timed at a step's shape: a [batch?, m, k] @ b [batch?, k, n]. */
export interface ProductRate extends ProductShape {
  msPerCall: number;
  gflops: number;
}

/** FLOPs of a step's products (forward + the two backward products of each: 3x the forward). */
const flopsOf = (s: ProductShape) => 2 * s.batch * s.m * s.k * s.n;

/**
 * Time each product on the current tfjs backend, the same operands every call. On wasm that is
 * staircase's GEMM (harness/backend/wasm/gemm.c), which packs b every call as in the step; under
 * tfjs's own kernel XNNPACK would reuse b's packed form here, which a step's fresh operands never allow.
 */
export async function timeProducts(shapes: readonly ProductShape[], minMs = 2000): Promise<ProductRate[]> {
  const out: ProductRate[] = [];
  for (const s of shapes) {
    const a = s.batch === 1 ? tf.randomNormal([s.m, s.k]) : tf.randomNormal([s.batch, s.m, s.k]);
    const b = s.batch === 1 ? tf.randomNormal([s.k, s.n]) : tf.randomNormal([s.batch, s.k, s.n]);
    // No read-back per call (on wasm it cost ~0.5 ms of a 1.3 ms product); the last result is read
    // once at the end, which also waits for a backend that queues its work.
    let last: tf.Tensor | null = null;
    const call = () => {
      const y = tf.matMul(a, b);
      last?.dispose();
      last = y;
    };
    for (let i = 0; i < 5; i++) call();
    await last!.data();
    let n = 0;
    const start = performance.now();
    while (n < 10 || performance.now() - start < minMs) {
      call();
      n += 1;
      if (n % 50 === 0) await last!.data();
    }
    await last!.data();
    const msPerCall = (performance.now() - start) / n;
    last!.dispose();
    out.push({ ...s, msPerCall, gflops: flopsOf(s) / msPerCall / 1e6 });
    a.dispose();
    b.dispose();
  }
  return out;
}

/** The same products in PyTorch (scripts/torch_matmul.py, one thread). */
export async function timeTorchProducts(python: string, shapes: readonly ProductShape[], minMs = 2000): Promise<ProductRate[]> {
  const script = path.join(PACKAGE_ROOT, 'scripts', 'torch_matmul.py');
  const r = await execa(python, [script, JSON.stringify({ shapes, minMs })], { env: { OPENBLAS_NUM_THREADS: '1', OMP_NUM_THREADS: '1' }, timeout: 5 * 60_000 });
  const rates = JSON.parse(r.stdout.trim().split('\n').at(-1) ?? '[]') as { msPerCall: number }[];
  return shapes.map((s, i) => ({ ...s, msPerCall: rates[i]!.msPerCall, gflops: flopsOf(s) / rates[i]!.msPerCall / 1e6 }));
}

export interface StepFloor {
  denseGflop: number;
  attentionGflop: number;
  /** Milliseconds of the step's products alone at the measured rates. */
  floorMs: number;
  /** The products' share of the measured step (floorMs / step ms). */
  shareOfStep: number | null;
}

export function stepFloor(flops: StepFlops, rates: readonly ProductRate[], stepsPerSecond: number | null): StepFloor {
  const rate = (kind: ProductShape['kind']) => rates.find((r) => r.kind === kind)!.gflops * 1e9;
  const floorMs = 1000 * (flops.dense / rate('dense') + flops.attention / rate('attention'));
  return { denseGflop: flops.dense / 1e9, attentionGflop: flops.attention / 1e9, floorMs, shareOfStep: stepsPerSecond ? floorMs / (1000 / stepsPerSecond) : null };
}

/** The printed table: product rates side by side, then each step's floor against its measured time. */
export function renderFloors(rates: readonly (ProductRate & { backend: string; size: string })[], floors: readonly (StepFloor & { backend: string; size: string; model: string; stepMs: number })[]): string {
  const shape = (r: ProductRate) => `${r.batch > 1 ? `${r.batch}x ` : ''}[${r.m},${r.k}]x[${r.k},${r.n}]`;
  const products = formatTable(['backend', 'size', 'kind', 'shape', 'ms/call', 'GFLOP/s'], rates.map((r) => [r.backend, r.size, r.kind, shape(r), r.msPerCall.toFixed(3), r.gflops.toFixed(2)]), ['left', 'left', 'left', 'left', 'right', 'right'], { rule: false });
  const floorRows = floors.map((f) => [f.backend, f.size, f.model, f.denseGflop.toFixed(3), f.attentionGflop.toFixed(3), f.floorMs.toFixed(1), f.stepMs.toFixed(1), f.shareOfStep === null ? '-' : `${(100 * f.shareOfStep).toFixed(0)}%`]);
  const steps = formatTable(['backend', 'size', 'model', 'dense GFLOP', 'attn GFLOP', 'floor ms', 'step ms', 'floor/step'], floorRows, ['left', 'left', 'left', 'right', 'right', 'right', 'right', 'right'], { rule: false });
  return ["matrix products alone at the step's shapes (same operands each call):", products, '', "step floor = the step's product FLOPs at those rates (every other kernel free):", steps].join('\n');
}
