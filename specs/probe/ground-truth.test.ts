/**
 * The probe's rules, proven on models whose mechanism is known by construction
 * (harness/ground-truth): each verdict, each step's kind, the place the chain lives and
 * whether the model generalises must come out as built. Every rule change is judged here first.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../harness/backend/select.ts';
import { groundTruthModels, type GroundTruth } from '../../harness/ground-truth/mechanisms.ts';
import { probeCheckpoint } from '../../harness/probe/run.ts';
import type { ProbeResult } from '../../harness/probe/result.ts';
import { validate } from '../../harness/util/schema.ts';

const SEED = 1;
let models: GroundTruth[] = [];

beforeAll(async () => {
  await initBackend('wasm');
  models = groundTruthModels({ seed: SEED });
});

const probe = (gt: GroundTruth): Promise<ProbeResult> => probeCheckpoint(gt.model, { arm: gt.arm, seed: SEED, step: 0 }, { settings: { nProblems: 512 } });

describe('the probe on ground-truth models', () => {
  for (const id of ['sequential-op-K3', 'sequential-op-K6', 'sequential-g-K3', 'lookup-early-K3', 'lookup-late-K3', 'mixed-K3']) {
    it(`${id}: verdict, step kinds, chain position and generalisation as built`, async () => {
      const gt = models.find((m) => m.id === id)!;
      const result = await probe(gt);
      validate('probe', JSON.parse(JSON.stringify(result)), `${id}/probe.json`);
      expect(result.ablation.baselineAccuracy).toBe(1);
      expect(result.verdict).toBe(gt.expected.verdict);
      expect(result.evidence.stepKinds).toEqual(gt.expected.stepKinds);
      expect(result.evidence.generalises).toBe(gt.expected.generalises);
      // The chain's place: every needed intermediate is judged where the model carries it.
      const needed = result.evidence.steps.filter((s) => s.kind === 'sequential' || s.kind === 'combined').filter((s) => s.where !== null);
      if (gt.expected.chainPosition === null) expect(needed).toEqual([]);
      else for (const s of needed) expect(s.where).toBe(gt.expected.chainPosition);
    });
  }

  it('a lookup does not generalise: its held-out accuracy is near chance while its training accuracy is 1', async () => {
    const r = await probe(models.find((m) => m.id === 'lookup-late-K3')!);
    expect(r.generalisation!.train.accuracy).toBe(1);
    expect(r.generalisation!.heldOut.accuracy).toBeLessThan(0.3);
    expect(r.criticalLayers.at(-1)).toBe(3); // the answer first appears at layer K
  });
});
