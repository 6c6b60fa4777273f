import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../harness/backend/select.ts';
import { train, type TrainResult } from '../../harness/train/loop.ts';
import { tinyArm } from '../helpers/tiny.ts';

beforeAll(async () => {
  await initBackend('wasm');
});

/**
 * A small curriculum arm that really learns before it switches: seed 1 first reaches 0.35 held-out
 * accuracy (chance 1/6) at step 250, in about 4 s on one core.
 */
const CURRICULUM = { K: 2, layers: 2, dModel: 32, heads: 4, batchSize: 64, evalPerK: 64, evalEvery: 25, maxSteps: 600, warmupSteps: 25, lr: 0.003, initStd: 0.05, loss: 'curriculum' as const, switchAccuracy: 0.35, fullSteps: 50 };

const timed = async (): Promise<{ r: TrainResult; elapsedMs: number }> => {
  const started = performance.now();
  const r = await train(tinyArm(CURRICULUM), 1);
  return { r, elapsedMs: performance.now() - started };
};

describe('probe at the curriculum switch', () => {
  it('probes the model in memory when it switches, the same on a second run, outside the training time', async () => {
    const first = await timed();
    const { r } = first;
    expect(r.switchedAtStep, 'the arm must switch within its budget').not.toBeNull();
    const at = r.atSwitch!;
    expect(at.step).toBe(r.switchedAtStep);
    expect(typeof at.verdict).toBe('string');
    expect(at.criticalLayers).toHaveLength(2);
    expect(at.sequentialSteps).toBeGreaterThanOrEqual(0);
    expect(at.wallMs).toBeGreaterThan(0);
    // the probe's time is left out of the training wall time
    expect(r.wallMs).toBeLessThanOrEqual(first.elapsedMs - at.wallMs + 1);
    expect(r.steps).toBe(r.switchedAtStep! + 50);

    const again = (await timed()).r;
    const { wallMs: _a, ...one } = at;
    const { wallMs: _b, ...two } = again.atSwitch!;
    expect(two).toEqual(one);
    expect(again.final).toEqual(r.final);
  });

  it('does not probe an arm that is not a curriculum', async () => {
    const r = await train(tinyArm({ maxSteps: 10 }), 1);
    expect(r.atSwitch).toBeNull();
  });
});
