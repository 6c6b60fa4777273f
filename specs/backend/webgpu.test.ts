import path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { adapterLabel, type AdapterReport } from '../../harness/backend/webgpu/adapter.ts';
import { BackendError, initBackend, type BackendRequest } from '../../harness/backend/select.ts';
import { findWebgpuAdapter } from '../../harness/backend/webgpu/init.ts';
import { probeCheckpoint } from '../../harness/probe/run.ts';
import type { ProbeResult } from '../../harness/probe/result.ts';
import { loadCheckpoint } from '../../harness/train/checkpoint.ts';
import { Trainer } from '../../harness/train/trainer.ts';
import { PopulationTrainer } from '../../harness/train/population.ts';
import { SeedData } from '../../harness/train/seed-data.ts';
import { learningRate } from '../../harness/train/schedule.ts';
import type { LossPhase } from '../../harness/train/loss.ts';
import { disposeParams } from '../../harness/model/params.ts';
import { PACKAGE_ROOT } from '../../harness/util/provenance.ts';
import { tinyArm } from '../helpers/tiny.ts';

// Runs where Dawn finds an adapter: a GPU, or Mesa's lavapipe on the CPU (what .ci/run installs).
// Elsewhere the suite is skipped and its title says why (listed in specs/QUARANTINE.md).
const found: { report: AdapterReport | null; reason: string } = await findWebgpuAdapter().then(
  (report) => ({ report, reason: '' }),
  (error: Error) => ({ report: null, reason: error.message.split('\n')[0]! }),
);
const title = found.report ? `webgpu backend on ${adapterLabel(found.report)}` : `webgpu backend: SKIPPED, ${found.reason}`;
const SLOW_MS = 300_000; // lavapipe is slow, more so on a shared 2-core machine

/** Five training steps of a tiny model on one backend: loss, gradient norm, and the weights after. */
async function fiveSteps(backend: BackendRequest): Promise<{ losses: number[]; norms: number[]; weights: Map<string, Float32Array> }> {
  await initBackend(backend);
  const trainer = new Trainer(tinyArm({ lr: 0.01 }), 3);
  const losses: number[] = [];
  const norms: number[] = [];
  for (let i = 0; i < 5; i++) {
    const s = await trainer.step(i % 2 ? 'full' : 'answer');
    losses.push(s.lossNats);
    norms.push(s.gradNorm);
  }
  const weights = new Map<string, Float32Array>();
  for (const [name, v] of trainer.model.params) weights.set(name, (await v.data()) as Float32Array);
  trainer.disposeOptimizer();
  trainer.model.dispose();
  disposeParams(trainer.model.params);
  return { losses, norms, weights };
}

async function probeFixture(backend: BackendRequest): Promise<ProbeResult> {
  await initBackend(backend);
  const { manifest, model } = loadCheckpoint(path.join(PACKAGE_ROOT, 'fixtures', 'memorised-k2-l1', 'checkpoint'));
  try {
    return await probeCheckpoint(model, manifest, { settings: { nProblems: 64, chunk: 64 }, checkpointDir: null });
  } finally {
    model.dispose();
    disposeParams(model.params);
  }
}

describe.skipIf(!found.report)(title, () => {
  const software = found.report?.software ?? false;

  it('reports webgpu, the adapter, and the device the adapter really is', { timeout: SLOW_MS }, async () => {
    const info = await initBackend('webgpu');
    expect(info).toMatchObject({ name: 'webgpu', requested: 'webgpu', package: '@tensorflow/tfjs-backend-webgpu', device: software ? 'cpu' : 'gpu' });
    expect(info.adapter).toEqual(found.report);
    expect(info.details.maxStorageBuffersPerShaderStage).toBeGreaterThanOrEqual(8);
    if (software) expect(info.notes.join(' ')).toMatch(/software adapter: .* is a CPU rasteriser/);
    expect(tf.getBackend()).toBe('webgpu');
  });

  it.runIf(software)('a software adapter is never a GPU: --device gpu fails loudly and auto passes it over', { timeout: SLOW_MS }, async () => {
    const refused = initBackend('webgpu', 'gpu');
    await expect(refused).rejects.toBeInstanceOf(BackendError);
    await expect(refused).rejects.toThrow(/--device gpu was asked for, but the only WebGPU adapter, .*, is a software rasteriser on the CPU/);
    const auto = await initBackend('auto');
    expect(auto.name).not.toBe('webgpu');
    expect(auto.notes.join(' ')).toMatch(/webgpu backend not used: the only adapter, .*, is a software rasteriser/);
    await expect(initBackend('auto', 'gpu')).rejects.toThrow(/--device gpu was asked for[\s\S]*webgpu backend not used: the only adapter/);
  });

  it('has no synchronous readback under Node, and the error says what to use', { timeout: SLOW_MS }, async () => {
    await initBackend('webgpu');
    // Large enough to run on the device: tfjs-webgpu computes tensors under 1,000 values on the CPU.
    const t = tf.add(tf.ones([4096]), tf.ones([4096]));
    expect(() => t.dataSync()).toThrow(/no synchronous readback .*`await tensor\.data\(\)`/);
    expect(new Set(await t.data())).toEqual(new Set([2]));
    t.dispose();
  });

  it('trains like wasm: five steps give the same losses, gradient norms and weights', { timeout: SLOW_MS }, async () => {
    const wasm = await fiveSteps('wasm');
    const gpu = await fiveSteps('webgpu');
    expect(tf.getBackend()).toBe('webgpu');
    gpu.losses.forEach((l, i) => expect(l).toBeCloseTo(wasm.losses[i]!, 5));
    gpu.norms.forEach((n, i) => expect(Math.abs(n - wasm.norms[i]!)).toBeLessThan(1e-4 * wasm.norms[i]!));
    for (const [name, w] of wasm.weights) {
      const g = gpu.weights.get(name)!;
      let diff = 0;
      for (let j = 0; j < w.length; j++) diff = Math.max(diff, Math.abs(w[j]! - g[j]!));
      expect(diff, name).toBeLessThan(1e-5);
    }
  });

  it('trains a population like each seed alone: two seeds, five steps, one of them with the seeds in two phases', { timeout: SLOW_MS }, async () => {
    await initBackend('webgpu');
    const arm = tinyArm({ lr: 0.01 });
    const phases: LossPhase[][] = [['answer', 'answer'], ['full', 'full'], ['answer', 'full'], ['full', 'full'], ['answer', 'answer']];
    const population = new PopulationTrainer([3, 4].map((seed) => ({ arm, seed })));
    const data = [3, 4].map((seed) => new SeedData(arm, seed));
    const popLosses: number[][] = [];
    for (const [i, ph] of phases.entries()) {
      const lr = learningRate(arm, i + 1, null); // what Trainer.step uses at step i + 1
      popLosses.push([...(await population.step(data.map((d) => d.sampler.batch(arm.batchSize)), ph, [lr, lr])).loss]);
    }
    for (const [g, seed] of [3, 4].entries()) {
      const alone = new Trainer(arm, seed);
      for (const [i, ph] of phases.entries()) {
        const s = await alone.step(ph[g]!);
        expect(popLosses[i]![g]!, `seed ${seed} step ${i + 1}`).toBeCloseTo(s.lossNats, 5);
      }
      const view = population.rowModel(g);
      for (const [name, v] of alone.model.params) {
        const [a, b] = [(await v.data()) as Float32Array, (await view.params.get(name)!.data()) as Float32Array];
        a.forEach((x, i) => expect(b[i]!, name).toBeCloseTo(x, 5));
      }
      view.dispose();
      for (const t of view.params.values()) t.dispose();
      alone.disposeOptimizer();
      disposeParams(alone.model.params);
    }
    population.dispose();
  });

  it('probes a trained fixture like wasm: logit-lens masses, critical layers and ablations', { timeout: SLOW_MS }, async () => {
    const wasm = await probeFixture('wasm');
    const gpu = await probeFixture('webgpu');
    expect(gpu.verdict).toBe(wasm.verdict);
    expect(gpu.criticalLayers).toEqual(wasm.criticalLayers);
    gpu.logitLens.mass.forEach((row, l) => row.forEach((m, j) => expect(m).toBeCloseTo(wasm.logitLens.mass[l]![j]!, 5)));
    gpu.logitLens.control.forEach((row, l) => row.forEach((m, j) => expect(m).toBeCloseTo(wasm.logitLens.control[l]![j]!, 5)));
    expect(gpu.ablation).toEqual(wasm.ablation);
  });
});
