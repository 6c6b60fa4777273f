import * as tf from '@tensorflow/tfjs-core';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../harness/backend/select.ts';
import { initModel } from '../../harness/model/build.ts';
import { allHookNames, hookNames, type HookBinding } from '../../harness/model/hooks.ts';
import { countParams } from '../../harness/model/params.ts';
import { loadCheckpoint, saveCheckpoint } from '../../harness/train/checkpoint.ts';
import { TrainingSampler } from '../../harness/task/sampler.ts';
import { D3 } from '../../harness/task/d3.ts';
import { stream } from '../../harness/util/prng.ts';
import { tinyArm } from '../helpers/tiny.ts';

beforeAll(async () => {
  await initBackend('wasm');
});

const batchOf = (K: number, n: number, seed = 1) => new TrainingSampler(D3, K, 'uniform', stream(seed, 'data')).batch(n);
const logitsOf = (t: tf.Tensor) => {
  const out = Array.from(t.dataSync());
  t.dispose();
  return out;
};

describe('transformer', () => {
  it('maps [B*T] ids to [B, T, V] logits', () => {
    const model = initModel(tinyArm(), 1);
    const batch = batchOf(2, 4);
    const logits = tf.tidy(() => model.forward(batch.inputs, batch.size));
    expect(logits.shape).toEqual([4, 7, 10]);
    logits.dispose();
  });

  it('is causal: changing a later token leaves earlier logits unchanged', () => {
    const model = initModel(tinyArm(), 2);
    const batch = batchOf(2, 1);
    const a = logitsOf(tf.tidy(() => model.forward(batch.inputs, 1)));
    const changed = Int32Array.from(batch.inputs);
    changed[5] = (changed[5]! + 1) % 6;
    const b = logitsOf(tf.tidy(() => model.forward(changed, 1)));
    const V = 10;
    expect(b.slice(0, 5 * V)).toEqual(a.slice(0, 5 * V));
    expect(b.slice(5 * V)).not.toEqual(a.slice(5 * V));
  });

  it('universal shares one block across layers; standard has one per layer', () => {
    const std = initModel(tinyArm({ layers: 4 }), 1);
    const uni = initModel(tinyArm({ layers: 4, model: 'universal' }), 1);
    expect([...std.params.keys()].filter((k) => k.startsWith('blocks.')).length).toBe(4 * 12);
    expect([...uni.params.keys()].filter((k) => k.startsWith('blocks.')).length).toBe(12);
    expect(countParams(std.params)).toBeGreaterThan(countParams(uni.params));
  });

  it('calls read hooks at every hook point in forward order with the right shapes', () => {
    const model = initModel(tinyArm({ layers: 3 }), 1);
    const batch = batchOf(2, 3);
    const seen: { name: string; shape: number[] }[] = [];
    const hooks: HookBinding[] = [[() => true, (a, h) => void seen.push({ name: h.name, shape: a.shape })]];
    tf.tidy(() => model.forward(batch.inputs, batch.size, { hooks }));
    expect(seen.map((s) => s.name)).toEqual(allHookNames(3));
    expect(seen.find((s) => s.name === hookNames.residPost(1))!.shape).toEqual([3, 7, 16]);
    expect(seen.find((s) => s.name === hookNames.pattern(0))!.shape).toEqual([3, 2, 7, 7]);
  });

  it('applies replacing hooks per call only (no global hook state)', () => {
    const model = initModel(tinyArm(), 3);
    const batch = batchOf(2, 2);
    const plain = logitsOf(tf.tidy(() => model.forward(batch.inputs, batch.size)));
    const zeroed = logitsOf(tf.tidy(() => model.forward(batch.inputs, batch.size, { hooks: [[hookNames.residPost(1), (a) => tf.zerosLike(a)]] })));
    const again = logitsOf(tf.tidy(() => model.forward(batch.inputs, batch.size)));
    expect(zeroed).not.toEqual(plain);
    expect(again).toEqual(plain);
    // after ln_final of a zero stream every position gives the same logits
    const V = 10;
    expect(zeroed.slice(0, V)).toEqual(zeroed.slice(V, 2 * V));
  });

  it('rejects a hook that changes the activation shape', () => {
    const model = initModel(tinyArm(), 1);
    const batch = batchOf(2, 2);
    expect(() => tf.tidy(() => model.forward(batch.inputs, batch.size, { hooks: [[hookNames.embed, () => tf.zeros([1])]] }))).toThrow(/returned shape/);
  });

  it('saves and loads a checkpoint that gives identical logits', async () => {
    const arm = tinyArm({ model: 'universal' });
    const model = initModel(arm, 4);
    const dir = path.join(mkdtempSync(path.join(os.tmpdir(), 'staircase-ckpt-')), 'checkpoint');
    await saveCheckpoint(dir, arm, 4, 0, model);
    const loaded = loadCheckpoint(dir);
    expect(loaded.manifest.arm).toEqual(arm);
    const batch = batchOf(2, 8);
    const a = logitsOf(tf.tidy(() => model.forward(batch.inputs, batch.size)));
    const b = logitsOf(tf.tidy(() => loaded.model.forward(batch.inputs, batch.size)));
    expect(b).toEqual(a);
  });
});
