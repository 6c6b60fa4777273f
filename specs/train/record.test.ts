import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend, type BackendInfo } from '../../harness/backend/select.ts';
import { train } from '../../harness/train/loop.ts';
import { buildRecord } from '../../harness/train/record.ts';
import { heldOutSet } from '../../harness/task/sampler.ts';
import { D3 } from '../../harness/task/d3.ts';
import { PACKAGE_ROOT } from '../../harness/util/provenance.ts';
import { validate } from '../../harness/util/schema.ts';
import { tinyArm } from '../helpers/tiny.ts';

let backend: BackendInfo;
beforeAll(async () => {
  backend = await initBackend('wasm');
});

describe('run record', () => {
  it('names the held-out set and reports held-out and training-problem accuracy at length K', async () => {
    const arm = tinyArm({ K: 3, maxSteps: 10 });
    const r = await train(arm, 4);
    const record = buildRecord(arm, 4, backend, r, new Date());
    validate('record', JSON.parse(JSON.stringify(record)), 'record.json');

    const set = heldOutSet(D3, 3, 4, 0.2);
    expect(record.heldOutLengths).toEqual([2, 3]);
    expect(record.heldOut).toEqual({
      fraction: 0.2,
      rule: 'hash',
      streamSeed: record.streams.eval,
      countByK: [0, set.countByK[1], set.countByK[2]],
      // evalPerK = 32 held-out problems of each length >= 2; the 36 problems of length 1
      evalCountByK: [36, 32, 32],
      trainEvalCount: 256,
      adjusted: [],
    });
    expect(Object.keys(record.streams)).toEqual(['init', 'data', 'eval', 'eval-train']);
    expect(record.final.perK.map((p) => [p.k, p.n, p.heldOut])).toEqual([
      [1, 36, false],
      [2, 32, true],
      [3, 32, true],
    ]);
    for (const point of record.curve) expect(point.trainAccuracy).toBeGreaterThanOrEqual(0);
    expect(record.final.trainAccuracy).toBe(record.curve.at(-1)!.trainAccuracy);
    expect(record.final.answerAccuracy).toBe(record.final.perK[2]!.accuracy);
    expect(record.curriculum).toEqual({ switchedAtStep: null, atSwitch: null });
  });

  it('trains the binary task, whose tiny lengths may need one problem moved, and says so', async () => {
    // seed 7: no length-2 problem of the 8 hashes under 0.2, so the lowest-hash one is held out
    const arm = tinyArm({ task: 'binary', K: 3, maxSteps: 10 });
    const r = await train(arm, 7);
    const record = buildRecord(arm, 7, backend, r, new Date());
    validate('record', JSON.parse(JSON.stringify(record)), 'record.json');
    expect(record.heldOut).toMatchObject({
      countByK: [0, 1, 3],
      evalCountByK: [4, 1, 3],
      trainEvalCount: 13,
      adjusted: [{ k: 2, rule: 'lowest-hash-held-out', key: '0:1,0' }],
    });
    expect(record.final.perK.map((p) => p.heldOut)).toEqual([false, true, true]);
  });

  it('the record schema describes every field', () => {
    const schema = JSON.parse(readFileSync(path.join(PACKAGE_ROOT, 'schemas', 'record.schema.json'), 'utf8')) as unknown;
    const undescribed: string[] = [];
    const walk = (node: unknown, at: string): void => {
      if (!node || typeof node !== 'object') return;
      const n = node as { properties?: Record<string, { description?: string }>; items?: unknown; anyOf?: unknown[] };
      for (const [key, value] of Object.entries(n.properties ?? {})) {
        if (!value.description) undescribed.push(`${at}.${key}`);
        walk(value, `${at}.${key}`);
      }
      walk(n.items, `${at}[]`);
      for (const alt of n.anyOf ?? []) walk(alt, at);
    };
    walk(schema, '');
    expect(undescribed).toEqual([]);
  });
});
