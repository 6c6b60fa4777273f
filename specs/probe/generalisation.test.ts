import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../harness/backend/select.ts';
import { measureGeneralisation } from '../../harness/probe/generalisation.ts';
import { D3 } from '../../harness/task/d3.ts';
import { heldOutSet } from '../../harness/task/sampler.ts';
import { resolveArm } from '../../harness/train/config.ts';
import { Trainer } from '../../harness/train/trainer.ts';
import { tinyModel } from './tiny-model.ts';

beforeAll(async () => {
  await initBackend('wasm');
});

describe('generalisation probe', () => {
  it('reads every held-out and every training length-K problem when each side has at most n', async () => {
    const { arm, model } = tinyModel({ K: 2 });
    const held = heldOutSet(D3, 2, 3, arm.heldOutFraction).countByK[1]!;
    const g = await measureGeneralisation(model, arm, 3);
    expect(g.heldOut.n).toBe(held);
    expect(g.train.n).toBe(216 - held);
    for (const side of [g.heldOut, g.train]) expect(side.accuracy).toBe(side.correct / side.n);
  });

  it('draws n problems of a side with more than n, the same on every call', async () => {
    const { arm, model } = tinyModel({ K: 3 });
    const held = heldOutSet(D3, 3, 1, arm.heldOutFraction).countByK[2]!;
    const g = await measureGeneralisation(model, arm, 1);
    expect(g.heldOut.n).toBe(held); // about 259 of 1,296: all of them
    expect(g.train.n).toBe(1024); // about 1,037: 1,024 drawn
    const small = await measureGeneralisation(model, arm, 1, { n: 16, chunk: 5 });
    expect([small.heldOut.n, small.train.n]).toEqual([16, 16]);
    expect(await measureGeneralisation(model, arm, 1, { n: 16 })).toEqual(small);
  });

  it('reads the held-out set the training run evaluated', async () => {
    const arm = resolveArm([{ source: 'test', values: { K: 2, layers: 2, dModel: 16, heads: 2, batchSize: 16, evalPerK: 256 } }]);
    const trainer = new Trainer(arm, 5);
    for (let i = 0; i < 20; i++) await trainer.step('answer');
    const evaluated = await trainer.evaluate();
    const g = await measureGeneralisation(trainer.model, arm, 5);
    // evalPerK 256 exceeds the ~43 held-out length-2 problems: training evaluated all of them
    expect(g.heldOut.n).toBe(evaluated.perK[1]!.n);
    expect(g.heldOut.accuracy).toBe(evaluated.answerAccuracy);
    // ... and its 256-problem training sample holds all ~173 length-2 training problems
    expect(g.train.accuracy).toBe(evaluated.trainAccuracy);
    trainer.disposeOptimizer();
  });

  it('refuses an arm with nothing held out at K and a model that does not match the arm', async () => {
    const { arm, model } = tinyModel({ K: 2 });
    await expect(measureGeneralisation(model, { ...arm, K: 1 }, 1)).rejects.toThrow(/only lengths >= 2 are held out/);
    await expect(measureGeneralisation(model, { ...arm, layers: 3 }, 1)).rejects.toThrow(/the model has 2 layers/);
  });
});
