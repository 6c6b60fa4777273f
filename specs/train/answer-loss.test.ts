import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../harness/backend/select.ts';
import { initModel } from '../../harness/model/build.ts';
import type { Transformer } from '../../harness/model/transformer.ts';
import { D3 } from '../../harness/task/d3.ts';
import { TrainingSampler, type Batch } from '../../harness/task/sampler.ts';
import { batchLoss, targetWeights } from '../../harness/train/loss.ts';
import { stream } from '../../harness/util/prng.ts';
import { tinyArm } from '../helpers/tiny.ts';

beforeAll(async () => {
  await initBackend('wasm');
});

/** The answer-only loss the long way: forward() at every position, weights on <predict>'s row. */
function lossOverEveryRow(model: Transformer, batch: Batch): tf.Scalar {
  const V = model.shape.vocabSize;
  const logits = tf.reshape(model.forward(batch.inputs, batch.size), [batch.size * batch.T, V]);
  return tf.neg(tf.sum(tf.mul(tf.tensor2d(targetWeights(batch, V, 'answer'), [batch.size * batch.T, V]), tf.logSoftmax(logits)))) as tf.Scalar;
}

function valueAndGrads(model: Transformer, f: () => tf.Scalar) {
  const vars = [...model.params.values()];
  const { value, grads } = tf.variableGrads(f, vars);
  const out = { loss: value.dataSync()[0]!, grads: Object.fromEntries(Object.entries(grads).map(([k, g]) => [k, g.dataSync().slice() as Float32Array])) };
  tf.dispose([value, ...Object.values(grads)]);
  return out;
}

describe('answer-only loss at <predict> alone (Transformer.forwardAt)', () => {
  for (const model of ['standard', 'universal'] as const) {
    it(`equals the loss over forward()'s rows, with the same gradient for every parameter (${model}, 3 layers, K=4)`, () => {
      const m = initModel({ ...tinyArm(), model, layers: 3, K: 4, initStd: 0.3 }, 5);
      const batch = new TrainingSampler(D3, 4, 'uniform', stream(2, 'data')).batch(24);
      const fast = valueAndGrads(m, () => batchLoss(m, batch, 'answer'));
      const slow = valueAndGrads(m, () => lossOverEveryRow(m, batch));
      expect(Math.abs(fast.loss - slow.loss)).toBeLessThan(1e-6 * Math.abs(slow.loss));
      expect(Object.keys(fast.grads).sort()).toEqual(Object.keys(slow.grads).sort());
      for (const [name, g] of Object.entries(slow.grads)) {
        const f = fast.grads[name]!;
        const scale = Math.max(...g.map(Math.abs));
        expect(scale, name).toBeGreaterThan(0); // every parameter, the last block's included, gets a gradient
        const worst = Math.max(...g.map((x, i) => Math.abs(x - f[i]!)));
        expect(worst, name).toBeLessThan(1e-5 * scale);
      }
      m.dispose();
      for (const v of m.params.values()) v.dispose();
    });
  }

  it('gives forward()\'s logits at each sequence\'s position, and refuses a position outside the sequence', () => {
    const m = initModel({ ...tinyArm(), layers: 2, K: 3, initStd: 0.3 }, 1);
    const batch = new TrainingSampler(D3, 3, 'uniform', stream(3, 'data')).batch(8);
    const V = m.shape.vocabSize;
    const positions = Int32Array.from({ length: 8 }, (_, b) => (b * 3) % batch.T); // not only <predict>
    const at = m.forwardAt(batch.inputs, 8, positions).dataSync();
    const all = m.forward(batch.inputs, 8).dataSync();
    positions.forEach((p, b) => {
      for (let v = 0; v < V; v++) expect(at[b * V + v]).toBeCloseTo(all[(b * batch.T + p) * V + v]!, 5);
    });
    expect(() => m.forwardAt(batch.inputs, 8, Int32Array.from({ length: 8 }, () => batch.T))).toThrow(/position 9 of sequence 0 is outside 0..8/);
    m.dispose();
  });
});
