/**
 * The PyTorch twin (scripts/torch_twin.py) in serve mode, as `staircase bench` drives it: the
 * single-model step (population 1) and a population of 4 seeds trained as one batched model. Only
 * behaviour is checked (what each window reports), never speed. Needs a Python with torch
 * (findTorchPython: $STAIRCASE_PYTHON, python3, /usr/bin/python3); without one the suite skips and
 * its title says why.
 */
import { execa } from 'execa';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { findTorchPython, TorchTwin } from '../../harness/bench/torch-twin.ts';
import { PACKAGE_ROOT } from '../../harness/util/provenance.ts';

const found = await findTorchPython();
const python = 'python' in found ? found.python : null;
const skip = python ? '' : `: SKIPPED, ${(found as { reason: string }).reason}`;
const script = path.join(PACKAGE_ROOT, 'scripts', 'torch_twin.py');
const TINY = { K: 2, layers: 2, dModel: 32, heads: 4, batchSize: 32, model: 'standard' as const };

describe(`the PyTorch twin trains a population`, () => {
  for (const population of [1, 4]) {
    it.skipIf(!python)(`population ${population}: every window reports the population, steps/s and seed-steps/s${skip}`, async () => {
      const twin = await TorchTwin.start(python!, TINY, { population, warmupMs: 300 });
      try {
        expect(twin.population).toBe(population);
        expect(twin.threads).toBe(1);
        for (let i = 0; i < 2; i++) {
          const w = await twin.window(100);
          expect(w.population).toBe(population);
          expect(w.steps).toBeGreaterThanOrEqual(3);
          expect(w.stepsPerSecond).toBeGreaterThan(0);
          expect(w.seedStepsPerSecond).toBeCloseTo(population * w.stepsPerSecond, 6);
        }
      } finally {
        await twin.close();
      }
    });
  }

  it.skipIf(!python)(`a population of 3 trains what 3 separate models train from the same inits and data (float64)${skip}`, async () => {
    for (const model of ['standard', 'universal']) {
      const r = await execa(python!, [script, JSON.stringify({ ...TINY, model, population: 3, selfCheck: true })], { env: { OPENBLAS_NUM_THREADS: '1', OMP_NUM_THREADS: '1' } });
      const check = JSON.parse(r.stdout.trim().split('\n').at(-1)!) as { population: number; sameData: boolean; maxParamDiff: number };
      expect(check).toMatchObject({ population: 3, sameData: true });
      expect(check.maxParamDiff).toBeLessThan(1e-10);
    }
  });

  it.skipIf(!python)(`refuses a population that is not a positive integer${skip}`, async () => {
    await expect(TorchTwin.start(python!, TINY, { population: 0 })).rejects.toThrow(/population must be an integer >= 1, got 0/);
    const r = await execa(python!, [script, JSON.stringify({ ...TINY, population: 2.5 })], { reject: false });
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain('population must be an integer >= 1, got 2.5');
  });
});
