import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../harness/backend/select.ts';
import { stepFloor, timeProducts } from '../../harness/bench/matmul-floor.ts';
import { stepFlops } from '../../harness/bench/step-flops.ts';
import { MATMUL_TN } from '../../harness/model/fused.ts';
import { resolveArm } from '../../harness/train/config.ts';
import { Trainer } from '../../harness/train/trainer.ts';

const small = { K: 2, layers: 2, dModel: 32, heads: 2, batchSize: 8 } as const;

describe('matMul floor', () => {
  beforeAll(async () => {
    await initBackend('wasm');
  });

  it("counts the FLOPs of the products a real training step runs (tf.profile's BatchMatMul kernels)", async () => {
    // Answer-only runs the last block at <predict> alone; full-sequence at every position.
    for (const [model, loss] of [['standard', 'answer-only'], ['universal', 'answer-only'], ['standard', 'full-sequence']] as const) {
      const trainer = new Trainer(resolveArm([{ source: 'test', values: { ...small, model, loss, maxSteps: 100 } }]), 1);
      const phase = loss === 'answer-only' ? 'answer' : 'full';
      await trainer.step(phase);
      const info = await tf.profile(async () => {
        await trainer.step(phase);
      });
      let dense = 0;
      let attention = 0;
      // Weight gradients x^T @ dy run as StaircaseMatMulTN (a stored [K, M]): the same size formula holds.
      for (const k of info.kernels.filter((x) => x.name === 'BatchMatMul' || x.name === MATMUL_TN)) {
        const [a, b] = k.inputShapes as number[][];
        const batch = a!.length === 3 ? a![0]! : 1;
        // Shapes as stored (transpose flags only swap which dims pair): m*k*n is the product of the
        // output dims and the shared dim, i.e. sqrt(|a|*|b|*|out|) / batch.
        const size = (s: number[]) => s.reduce((x, y) => x * y, 1);
        const out = k.outputShapes[0] as number[];
        const flops = 2 * Math.sqrt((size(a!) * size(b!) * size(out)) / batch);
        const inner = Math.round(flops / (2 * size(out)));
        // The bias and LayerNorm gradients' sums as x^T @ ones[N, 1] are not products of the model.
        if (b![b!.length - 1] === 1 && inner > 1) continue;
        if (batch > 1) attention += flops;
        else dense += flops;
      }
      const counted = stepFlops({ ...small, model, loss });
      expect(counted.attention).toBeCloseTo(attention, 0);
      // The embedding's one-hot input gets a (discarded) gradient product too: [N, d] x [d, V].
      expect(Math.abs(counted.dense - dense) / dense).toBeLessThan(0.03);
      trainer.disposeOptimizer();
      for (const v of trainer.model.params.values()) v.dispose();
      trainer.model.dispose();
    }
  }, 60_000);

  it('times products and turns FLOPs into a floor that grows with the work', async () => {
    const flops = stepFlops(small);
    const rates = await timeProducts(flops.shapes, 100);
    expect(rates.map((r) => r.kind)).toEqual(['dense', 'attention']);
    for (const r of rates) expect(r.gflops).toBeGreaterThan(0);
    const floor = stepFloor(flops, rates, 10);
    expect(floor.floorMs).toBeCloseTo(1000 * (flops.dense / (rates[0]!.gflops * 1e9) + flops.attention / (rates[1]!.gflops * 1e9)), 6);
    expect(floor.shareOfStep).toBeCloseTo(floor.floorMs / 100, 9);
    const twice = stepFloor({ ...flops, dense: 2 * flops.dense, attention: 2 * flops.attention }, rates, null);
    expect(twice.floorMs).toBeCloseTo(2 * floor.floorMs, 6);
    expect(twice.shareOfStep).toBeNull();
  }, 60_000);
});
