import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../harness/backend/select.ts';
import { Trainer } from '../../harness/train/trainer.ts';
import { train } from '../../harness/train/loop.ts';
import { tinyArm } from '../helpers/tiny.ts';

beforeAll(async () => {
  await initBackend('wasm');
});

describe('training', () => {
  it('keeps the number of live tensors flat across steps and evaluations', async () => {
    const trainer = new Trainer(tinyArm(), 1);
    await trainer.step('answer');
    await trainer.evaluate();
    const before = tf.memory().numTensors;
    for (let i = 0; i < 8; i++) await trainer.step(i % 2 ? 'answer' : 'full');
    await trainer.evaluate();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('lowers the answer loss on a small problem', async () => {
    const trainer = new Trainer(tinyArm({ lr: 0.01 }), 2);
    const first = (await trainer.evaluate()).answerLossNats;
    for (let i = 0; i < 60; i++) await trainer.step('answer');
    expect((await trainer.evaluate()).answerLossNats).toBeLessThan(first - 0.1);
  });

  it('starts the anneal at the first evaluation that reaches the target, not before', async () => {
    const base = { targetAccuracy: 0.01, targetPatience: 3, maxSteps: 50, lr: 0.01, warmupSteps: 0, annealSteps: 5 };
    const constant = await train(tinyArm(base), 1);
    const annealed = await train(tinyArm({ ...base, schedule: 'anneal' }), 1);
    expect(annealed.stepsToTarget).toBe(5);
    expect(annealed.curve[0]!.answerLossNats).toBe(constant.curve[0]!.answerLossNats);
    expect(annealed.curve[1]!.answerLossNats).not.toBe(constant.curve[1]!.answerLossNats);
  });

  it('stops early once held-out accuracy stayed at the target for targetPatience evaluations', async () => {
    const r = await train(tinyArm({ targetAccuracy: 0.01, targetPatience: 1, maxSteps: 50 }), 1);
    expect(r.steps).toBe(5);
    expect(r.outcome).toBe('converged');
    expect(r.stepsToTarget).toBe(5);
    const patient = await train(tinyArm({ targetAccuracy: 0.01, targetPatience: 3, maxSteps: 50 }), 1);
    expect(patient.steps).toBe(15);
    expect(patient.stepsToTarget).toBe(5);
    expect(patient.curve.map((p) => p.step)).toEqual([5, 10, 15]);
  });

  it('runs a curriculum: answer-only until switchAccuracy, then fullSteps of full-sequence loss', async () => {
    const r = await train(tinyArm({ loss: 'curriculum', switchAccuracy: 0.01, fullSteps: 7, maxSteps: 50 }), 1);
    expect(r.switchedAtStep).toBe(5);
    expect(r.steps).toBe(12);
    expect(r.curve.map((p) => [p.step, p.phase])).toEqual([
      [5, 'answer'],
      [10, 'full'],
      [12, 'full'],
    ]);
  });

  it('keeps a curriculum\'s lr through the full-sequence phase and anneals over its last annealSteps steps', async () => {
    const base = { loss: 'curriculum' as const, switchAccuracy: 0.01, targetAccuracy: 0.01, fullSteps: 30, annealSteps: 10, maxSteps: 50, lr: 0.01, warmupSteps: 0 };
    const constant = await train(tinyArm(base), 1);
    const annealed = await train(tinyArm({ ...base, schedule: 'anneal' }), 1);
    expect(annealed.switchedAtStep).toBe(5);
    expect(annealed.steps).toBe(35);
    const loss = (r: typeof constant, step: number) => r.curve.find((p) => p.step === step)!.answerLossNats;
    // Full lr up to step 25 (= 35 - 10): the same run as a constant lr; annealed after it.
    for (const step of [5, 10, 15, 20, 25]) expect(loss(annealed, step), `step ${step}`).toBe(loss(constant, step));
    for (const step of [30, 35]) expect(loss(annealed, step), `step ${step}`).not.toBe(loss(constant, step));
  });

  it('ends a run whose loss becomes NaN as diverged instead of crashing', async () => {
    // beta2 = 0 and a vanishing epsilon give 0/0 in Adam's update for untouched weights
    const r = await train(tinyArm({ lr: 1, beta2: 0, adamEps: 1e-30, gradClip: 0, warmupSteps: 0, maxSteps: 40 }), 1);
    expect(r.outcome).toBe('diverged');
    expect(r.divergedAtStep).toBeGreaterThan(0);
    expect(r.steps).toBe(r.divergedAtStep);
  });
});
