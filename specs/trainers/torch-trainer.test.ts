/**
 * staircase-torch (trainers/torch/train.py), the PyTorch trainer of protocol 1, run for real through
 * runExternalTrainer on tiny arms: it must train a seed as staircase's own trainer does (the same
 * streams, so the same initial weights, batches and evaluation problems; the same loss, AdamW and
 * schedule), keep staircase's held-out set to the problem, compute the function staircase's
 * Transformer computes from its weights, switch a curriculum and leave the model at the switch, and
 * refuse what it cannot train. Needs a Python with torch (findTorchPython: $STAIRCASE_PYTHON,
 * python3, /usr/bin/python3); without one the suite skips and its titles say why.
 */
import { execa } from 'execa';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../harness/backend/select.ts';
import { findTorchPython } from '../../harness/bench/torch-twin.ts';
import { modelShapeFor } from '../../harness/model/build.ts';
import { disposeParams, paramSpecs } from '../../harness/model/params.ts';
import { groupFor } from '../../harness/task/index.ts';
import { enumerateSide, heldOutSet, keyOf } from '../../harness/task/held-out.ts';
import { makeEvalSet, type Problem } from '../../harness/task/sampler.ts';
import { resolveArm } from '../../harness/train/config.ts';
import type { ArmConfig } from '../../harness/train/defaults.ts';
import { evaluate } from '../../harness/train/evaluate.ts';
import { heldOutSummary } from '../../harness/train/held-out-summary.ts';
import { train } from '../../harness/train/loop.ts';
import { SeedData } from '../../harness/train/seed-data.ts';
import { buildRequest, runExternalTrainer, type ExternalRunResult } from '../../harness/trainers/external.ts';
import { stream } from '../../harness/util/prng.ts';
import { PACKAGE_ROOT } from '../../harness/util/provenance.ts';
import { readSafetensors } from '../../harness/util/safetensors.ts';

const found = await findTorchPython();
const python = 'python' in found ? found.python : null;
const skip = python ? '' : `: SKIPPED, ${(found as { reason: string }).reason}`;
const SCRIPT = path.join(PACKAGE_ROOT, 'trainers', 'torch', 'train.py');

const arm = (values: Partial<ArmConfig>): ArmConfig =>
  resolveArm([{ source: 'test', values: { K: 2, layers: 2, dModel: 16, heads: 2, batchSize: 32, lr: 0.003, warmupSteps: 5, maxSteps: 40, evalEvery: 20, ...values } }]);

let root: string;
beforeAll(async () => {
  await initBackend('wasm');
  root = mkdtempSync(path.join(tmpdir(), 'staircase-torch-'));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

async function runTorch(a: ArmConfig, seed: number, name: string, extra: string[] = []): Promise<ExternalRunResult & { outDir: string }> {
  const outDir = path.join(root, name);
  const result = await runExternalTrainer({ command: [python!, SCRIPT, '--device', 'cpu', ...extra], arm: a, seed, outDir, requireWeights: true, timeoutMs: 120_000 });
  return { ...result, outDir };
}

/** The largest |staircase forward - torch forward| on the problems torch dumped (--dump-logits). */
function forwardGap(result: ExternalRunResult, dumpFile: string): { gap: number; scale: number } {
  const dump = JSON.parse(readFileSync(dumpFile, 'utf8')) as { inputs: number[]; batch: number; T: number; logits: number[] };
  const ours = tf.tidy(() => result.model!.forward(Int32Array.from(dump.inputs), dump.batch).dataSync());
  expect(ours.length).toBe(dump.logits.length);
  let gap = 0;
  let scale = 0;
  dump.logits.forEach((v, i) => ((gap = Math.max(gap, Math.abs(v - ours[i]!))), (scale = Math.max(scale, Math.abs(v)))));
  return { gap, scale };
}

function release(result: ExternalRunResult): void {
  result.model?.dispose();
  if (result.model) disposeParams(result.model.params);
}

describe(`staircase-torch (trainers/torch)${skip}`, () => {
  const same: [string, Partial<ArmConfig>, number][] = [
    ['standard answer-only', {}, 1],
    ['universal full-sequence, quadratic weighting, cosine lr', { model: 'universal', layers: 3, loss: 'full-sequence', weighting: 'quadratic', schedule: 'cosine', K: 3 }, 4],
  ];
  it.skipIf(!python).each(same)(`trains a seed as staircase's own trainer does (%s): the same curve, held-out set and outcome; its weights evaluate as its record says${skip}`, async (name, values, seed) => {
    const a = arm(values);
    const dumpFile = path.join(root, `${name.split(' ')[0]}-logits.json`);
    const torchRun = await runTorch(a, seed, name.split(' ')[0]!, ['--dump-logits', dumpFile]);
    const { record } = torchRun;
    expect(record.trainer).toMatchObject({ name: 'staircase-torch', protocol: 1, details: { device: 'cpu' } });
    expect(record.backend).toMatchObject({ name: 'torch', requested: 'cpu', device: 'cpu', package: 'torch' });
    expect(record.steps).toBe(40);
    expect(record.parameters).toBe(paramSpecs(modelShapeFor(a)).reduce((n, s) => n + s.shape.reduce((x, y) => x * y, 1), 0));

    const builtIn = await train(a, seed);
    try {
      expect(record.heldOut).toEqual(builtIn.heldOut);
      expect(record.heldOutLengths).toEqual(builtIn.heldOutLengths);
      expect(record.outcome).toBe(builtIn.outcome);
      expect(record.curve.map((p) => [p.step, p.phase])).toEqual(builtIn.curve.map((p) => [p.step, p.phase]));
      record.curve.forEach((p, i) => {
        const q = builtIn.curve[i]!;
        // Same initial weights and batches: only float rounding (tfjs wasm vs torch) separates the two.
        expect(Math.abs(p.trainLossNats! - q.trainLossNats!)).toBeLessThan(1e-4);
        expect(Math.abs(p.answerLossNats - q.answerLossNats)).toBeLessThan(1e-3);
        expect(Math.abs(p.answerAccuracy - q.answerAccuracy)).toBeLessThanOrEqual(1 / record.heldOut.evalCountByK.at(-1)! + 1e-12);
      });
    } finally {
      release({ model: builtIn.model, record, request: torchRun.request });
    }

    // staircase's own evaluation of the trainer's weights, on the seed's evaluation set (the same problems).
    const data = new SeedData(a, seed);
    const ours = await evaluate(torchRun.model!, data.group, a.K, data.evalSet);
    expect(ours.perK.map((p) => p.n)).toEqual(record.final.perK.map((p) => p.n));
    expect(Math.abs(ours.answerAccuracy - record.final.answerAccuracy)).toBeLessThanOrEqual(1 / ours.perK.at(-1)!.n + 1e-12);
    expect(Math.abs(ours.trainAccuracy - record.final.trainAccuracy)).toBeLessThanOrEqual(1 / 256 + 1e-12);
    expect(Math.abs(ours.answerLossNats - record.final.answerLossNats)).toBeLessThan(1e-4);

    const { gap, scale } = forwardGap(torchRun, dumpFile);
    expect(scale).toBeGreaterThan(0.1);
    expect(gap).toBeLessThan(1e-4);
    release(torchRun);
  });

  it.skipIf(!python)(`a universal curriculum arm switches to full-sequence loss and leaves the model at the switch in weights-at-switch.safetensors${skip}`, async () => {
    const a = arm({ model: 'universal', layers: 3, loss: 'curriculum', switchAccuracy: 0.001, fullSteps: 20, maxSteps: 100, evalEvery: 10, weighting: 'quadratic' });
    const dumpFile = path.join(root, 'universal-logits.json');
    const torchRun = await runTorch(a, 2, 'curriculum', ['--dump-logits', dumpFile]);
    const { record, outDir } = torchRun;
    expect(record.curriculum.switchedAtStep).toBe(10);
    // staircase probes weights-at-switch into atSwitch (null where it does not).
    if (record.curriculum.atSwitch) expect(record.curriculum.atSwitch.step).toBe(10);
    expect(record.steps).toBe(30);
    expect(record.curve.map((p) => p.phase)).toEqual(['answer', 'full', 'full']);
    const atSwitch = path.join(outDir, 'weights-at-switch.safetensors');
    expect(existsSync(atSwitch)).toBe(true);
    const tensors = readSafetensors(readFileSync(atSwitch)).tensors;
    expect([...tensors.keys()]).toEqual(paramSpecs(modelShapeFor(a)).map((s) => s.name));
    for (const s of paramSpecs(modelShapeFor(a))) expect(tensors.get(s.name)!.shape).toEqual([...s.shape]);
    // The model went on training after the switch: the final weights are not the switch's.
    const final = readSafetensors(readFileSync(path.join(outDir, 'weights.safetensors'))).tensors;
    expect(final.get('unembed.W_U')!.data).not.toEqual(tensors.get('unembed.W_U')!.data);
    const { gap } = forwardGap(torchRun, dumpFile);
    expect(gap).toBeLessThan(1e-4);
    release(torchRun);
  });

  it.skipIf(!python)(`holds out exactly staircase's problems (the hash), and evaluates staircase's problems${skip}`, async () => {
    const cases: [Partial<ArmConfig>, number][] = [
      [{ task: 'd3', K: 3 }, 1],
      [{ task: 'd3', K: 3 }, 7],
      [{ task: 'binary', K: 4, heldOutFraction: 0.05 }, 3], // tiny spaces: adjusted lengths
      [{ task: 'binary', K: 3, heldOutFraction: 0.5 }, 11],
      [{ task: 'd3', K: 8, evalPerK: 64, heldOutFraction: 0.3 }, 5], // k = 8 is not counted: membership by hash alone
    ];
    for (const [values, seed] of cases) {
      const a = arm(values);
      const outDir = path.join(root, `held-out-${a.task}-${a.K}-${seed}`);
      const request = buildRequest(a, seed, outDir);
      const requestFile = path.join(root, `request-${a.task}-${a.K}-${seed}.json`);
      writeFileSync(requestFile, JSON.stringify(request));
      const reportFile = path.join(root, `report-${a.task}-${a.K}-${seed}.json`);
      await execa(python!, [SCRIPT, '--held-out-report', reportFile, requestFile]);
      const report = JSON.parse(readFileSync(reportFile, 'utf8')) as {
        countByK: (number | null)[];
        adjusted: unknown[];
        heldOutKeys: Record<string, string[]>;
        evalKeys: string[][];
        trainKeys: string[];
        summary: unknown;
      };
      const group = groupFor(a.task);
      const set = heldOutSet(group, a.K, seed, a.heldOutFraction);
      const evalSet = makeEvalSet(set, a.evalPerK, stream(seed, 'eval'), stream(seed, 'eval-train'));
      const keys = (ps: readonly Problem[]) => ps.map((p) => keyOf(p.e0, p.gs));
      const where = `${a.task} K=${a.K} seed ${seed}`;
      expect(report.countByK, where).toEqual(set.countByK);
      expect(report.adjusted, where).toEqual(set.adjusted);
      for (const [k, held] of Object.entries(report.heldOutKeys)) expect(held, `${where} k=${k}`).toEqual(keys(enumerateSide(set, Number(k), 'held-out')));
      expect(Object.keys(report.heldOutKeys).length, where).toBe(set.spaceByK.filter((s, i) => i >= 1 && s <= 100_000).length);
      expect(report.evalKeys, where).toEqual(evalSet.problemsByK.map(keys));
      expect(report.trainKeys, where).toEqual(keys(evalSet.trainProblems));
      expect(report.summary, where).toEqual(heldOutSummary(evalSet));
    }
    // The binary cases did hit the tiny-space rules.
    expect(heldOutSet(groupFor('binary'), 4, 3, 0.05).adjusted.length).toBeGreaterThan(0);
  });

  it.skipIf(!python)(`refuses another protocol and an arm it cannot train faithfully, in one line on stderr${skip}`, async () => {
    const request = buildRequest(arm({}), 1, path.join(root, 'refused'));
    const refused = async (changed: object): Promise<{ exitCode?: number; stderr: string }> => {
      const file = path.join(root, `refused-${Math.random().toString(36).slice(2)}.json`);
      writeFileSync(file, JSON.stringify({ ...request, ...changed }));
      return execa(python!, [SCRIPT, '--device', 'cpu', file], { reject: false });
    };
    const protocol = await refused({ protocol: 2 });
    expect(protocol.exitCode).toBe(2);
    expect(protocol.stderr.trim().split('\n')).toEqual([expect.stringMatching(/speaks trainer protocol 1, the request says 2/)]);
    const field = await refused({ arm: { ...request.arm, dropout: 0.1 } });
    expect(field.exitCode).toBe(2);
    expect(field.stderr.trim().split('\n')).toEqual([expect.stringMatching(/arm field\(s\) dropout unknown.*cannot train this arm faithfully/)]);
    const task = await refused({ arm: { ...request.arm, task: 'd4' } });
    expect(task.exitCode).toBe(2);
    expect(task.stderr).toMatch(/arm task 'd4' is not one of d3, binary/);
  });
});
