import { describe, expect, it } from 'vitest';
import { ratiosTo, renderBenchTable, type BenchCase } from '../../harness/bench/compare.ts';

const kase = (backend: string, size: string, stepsPerSecond: number, adapter: string | null = null): BenchCase => ({
  backend,
  device: 'cpu',
  adapter,
  size,
  model: 'standard',
  stepsPerSecond,
  windows: [stepsPerSecond],
  cpuMsPerStep: 1000 / stepsPerSecond,
  steps: 3,
  wallMs: 1000,
  tensorLeak: 0,
});

describe('bench comparison', () => {
  const lavapipe = 'llvmpipe: Mesa 25.0.7 (LLVM 15.0.6) (mesa, software)';
  const cases = [kase('wasm', 'smoke', 5), kase('webgpu', 'smoke', 0.5, lavapipe), kase('webgpu', 'full', 0.02, lavapipe)];

  it('divides each case by the reference of the same size and model, and leaves out cases without one', () => {
    const vsWasm = ratiosTo(cases, cases.filter((c) => c.backend === 'wasm'));
    expect(vsWasm).toEqual([
      { backend: 'wasm', size: 'smoke', model: 'standard', ratio: 1 },
      { backend: 'webgpu', size: 'smoke', model: 'standard', ratio: 0.1 },
    ]);
    expect(ratiosTo(cases, [{ size: 'smoke', model: 'universal', stepsPerSecond: 1 }])).toEqual([]);
  });

  it('prints steps/s with the ratios side by side, and the adapter it ran on', () => {
    const torch = [{ size: 'smoke', model: 'standard', stepsPerSecond: 10 }];
    const table = renderBenchTable(cases, torch, ratiosTo(cases, [cases[0]!]), ratiosTo(cases, torch));
    const rows = table.split('\n');
    expect(rows[0]).toMatch(/steps\/s +vs wasm +vs PyTorch/);
    expect(rows[2]).toMatch(/^webgpu +cpu +smoke +standard +0\.500 +0\.100x +0\.050x +2000$/);
    expect(rows[3]).toMatch(/^webgpu +cpu +full +standard +0\.020 +- +- +50000$/);
    expect(rows[4]).toMatch(/^pytorch .* 10\.000 +- +1\.000x +-$/);
    expect(rows.at(-1)).toBe(`webgpu (cpu) adapter: ${lavapipe}`);
  });
});
