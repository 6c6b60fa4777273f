import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../harness/backend/select.ts';
import { train } from '../../harness/train/loop.ts';
import { trainPopulation, type PopulationMember } from '../../harness/train/population.ts';
import type { TrainResult } from '../../harness/train/seed-run.ts';
import { tinyArm } from '../helpers/tiny.ts';
import { disposeParams } from '../../harness/model/params.ts';

beforeAll(async () => {
  await initBackend('wasm');
});

/**
 * The curriculum arm of switch-probe.test.ts: seed 1 switches to full-sequence loss at step 250 and
 * stops at 300 (so for 50 steps the population holds seeds in two phases, and then loses one), while
 * seed 2 never switches and trains to its 600-step budget.
 */
const CURRICULUM = { K: 2, layers: 2, dModel: 32, heads: 4, batchSize: 64, evalPerK: 64, evalEvery: 25, maxSteps: 600, warmupSteps: 25, lr: 0.003, initStd: 0.05, loss: 'curriculum' as const, switchAccuracy: 0.35, fullSteps: 50 };

interface Seen {
  result: TrainResult;
  weights: Map<string, Float32Array>;
  /** Population members left when this seed was handed over. */
  order: number;
}

async function weightsOf(r: TrainResult): Promise<Map<string, Float32Array>> {
  const out = new Map<string, Float32Array>();
  for (const [name, v] of r.model.params) out.set(name, (await v.data()) as Float32Array);
  return out;
}

/** Train the members as one population; what each handed over, by member index. */
async function population(members: PopulationMember[]): Promise<Map<number, Seen>> {
  const seen = new Map<number, Seen>();
  await trainPopulation(members, { onSeedDone: async (i, result) => void seen.set(i, { result, weights: await weightsOf(result), order: seen.size }) });
  return seen;
}

/** Everything a record is built from, less the wall time (and the population's size). */
function comparable(r: TrainResult) {
  const { model: _m, wallMs: _w, population: _p, atSwitch, ...rest } = r;
  return { ...rest, atSwitch: atSwitch && { ...atSwitch, wallMs: 0 } };
}

/** Bit-for-bit equality of two weight maps (Float32Array elements compared as bits: -0 vs 0 and NaN count). */
function sameBits(a: Map<string, Float32Array>, b: Map<string, Float32Array>): string[] {
  const differ: string[] = [];
  for (const [name, x] of a) {
    const y = b.get(name)!;
    if (Buffer.compare(Buffer.from(x.buffer, x.byteOffset, x.byteLength), Buffer.from(y.buffer, y.byteOffset, y.byteLength)) !== 0) differ.push(name);
  }
  return differ;
}

async function expectSameAsAlone(members: PopulationMember[]): Promise<Map<number, Seen>> {
  const pop = await population(members);
  for (const [i, { arm, seed }] of members.entries()) {
    const alone = await train(arm, seed);
    const member = pop.get(i)!;
    expect(comparable(member.result), `seed ${seed}: the record's contents`).toEqual(comparable(alone));
    expect(sameBits(await weightsOf(alone), member.weights), `seed ${seed}: parameters whose bits differ`).toEqual([]);
    expect(member.result.population).toBe(members.length);
    alone.model.dispose();
    disposeParams(alone.model.params);
  }
  return pop;
}

describe('a population of seeds trained as one model (wasm)', () => {
  it('gives each seed the losses, evaluations, switch probe and weights of training it alone, bit for bit, through a phase switch and an early stop', async () => {
    const before = tf.memory().numTensors;
    // Seed 3 is of another arm of the same shape: answer-only, quadratic (k^2) weighting, another lr and budget.
    const other = tinyArm({ ...CURRICULUM, loss: 'answer-only', weighting: 'quadratic', lr: 0.002, maxSteps: 400 });
    const pop = await expectSameAsAlone([{ arm: tinyArm(CURRICULUM), seed: 1 }, { arm: tinyArm(CURRICULUM), seed: 2 }, { arm: other, seed: 3 }]);
    expect(tf.memory().numTensors, 'tensors left after the population shrank and ended').toBe(before);
    const one = pop.get(0)!.result;
    const two = pop.get(1)!.result;
    expect([one.switchedAtStep, one.steps], 'seed 1 switches and stops early').toEqual([250, 300]);
    expect([two.switchedAtStep, two.steps], 'seed 2 never switches').toEqual([null, 600]);
    expect(pop.get(0)!.order, 'seed 1 is handed over when it stops, before the others finish').toBe(0);
    expect(pop.get(2)!.result.steps).toBe(400);
    expect(one.atSwitch!.step).toBe(250);
  }, 120_000);

  it('matches alone for a universal model on full-sequence loss, and keeps no tensors when done', async () => {
    const arm = tinyArm({ ...CURRICULUM, model: 'universal', loss: 'full-sequence', maxSteps: 100 });
    const before = tf.memory().numTensors;
    await expectSameAsAlone([3, 4, 5].map((seed) => ({ arm, seed })));
    expect(tf.memory().numTensors).toBe(before);
  }, 120_000);

  it('refuses a seed listed twice, and arms of different shapes', async () => {
    await expect(trainPopulation([1, 1].map((seed) => ({ arm: tinyArm(), seed })), { onSeedDone: () => {} })).rejects.toThrow(/each seed of an arm once/);
    await expect(trainPopulation([{ arm: tinyArm(), seed: 1 }, { arm: tinyArm({ dModel: 32 }), seed: 1 }], { onSeedDone: () => {} })).rejects.toThrow(/cannot share a population.*dModel/);
  });
});
