import { readFileSync, statSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../harness/backend/select.ts';
import { loadCheckpoint } from '../../harness/train/checkpoint.ts';
import { probeCheckpoint } from '../../harness/probe/run.ts';
import { readRunOutcome } from '../../harness/probe/run.ts';
import type { ProbeResult } from '../../harness/probe/result.ts';
import { PACKAGE_ROOT } from '../../harness/util/provenance.ts';
import FIXTURES from '../../scripts/fixtures.json' with { type: 'json' };

const FIXTURE_DIR = path.join(PACKAGE_ROOT, 'fixtures');

beforeAll(async () => {
  await initBackend('wasm');
});

/** Re-probe a committed checkpoint (fixtures/ is produced by `npm run fixtures`). */
async function reprobe(name: string): Promise<{ golden: ProbeResult; fresh: ProbeResult }> {
  const dir = path.join(FIXTURE_DIR, name);
  const golden = JSON.parse(readFileSync(path.join(dir, 'probe.json'), 'utf8')) as ProbeResult;
  const { manifest, model } = loadCheckpoint(path.join(dir, 'checkpoint'));
  const fresh = await probeCheckpoint(model, manifest, { run: readRunOutcome(path.join(dir, 'record.json')), checkpointDir: null });
  return { golden, fresh };
}

describe('probe on trained fixtures', () => {
  it('the fixtures are small (< 2 MB in total)', () => {
    let bytes = 0;
    const walk = (d: string): void => {
      for (const e of readdirSync(d, { withFileTypes: true })) {
        const p = path.join(d, e.name);
        if (e.isDirectory()) walk(p);
        else bytes += statSync(p).size;
      }
    };
    walk(FIXTURE_DIR);
    expect(bytes).toBeLessThan(2 * 1024 * 1024);
  });

  for (const fixture of FIXTURES) {
    it(`${fixture.name}: the probe says ${fixture.verdict}, with the golden lens, critical layers and ablations`, async () => {
      const { golden, fresh } = await reprobe(fixture.name);
      expect(fresh.verdict).toBe(fixture.verdict);
      expect(fresh.verdict).toBe(golden.verdict);
      expect(fresh.criticalLayers).toEqual(golden.criticalLayers);
      expect(fresh.sequentialSteps).toBe(golden.sequentialSteps);
      fresh.logitLens.mass.forEach((row, l) => row.forEach((m, j) => expect(m).toBeCloseTo(golden.logitLens.mass[l]![j]!, 4)));
      fresh.ablation.perIntermediate.forEach((a, j) => {
        const g = golden.ablation.perIntermediate[j]!;
        expect(a.layer).toBe(g.layer);
        expect(a.fromOnset.zero).toBeCloseTo(g.fromOnset.zero, 4);
        expect(a.afterCritical.zero).toBeCloseTo(g.afterCritical.zero, 4);
      });
    });
  }

  it('ablating from the onset breaks the sequential fixture and not the memorised one', async () => {
    const seq = (await reprobe('sequential-k3')).fresh;
    const mem = (await reprobe('memorised-k2-l1')).fresh;
    const drop = (r: ProbeResult) => r.ablation.baselineAccuracy - Math.max(...r.ablation.perIntermediate.map((a) => a.fromOnset.zero));
    expect(drop(seq)).toBeGreaterThanOrEqual(0.3);
    expect(drop(mem)).toBeLessThan(0.05);
    // zeroing after the critical layer leaves the sequential model's accuracy high
    for (const a of seq.ablation.perIntermediate) expect(a.afterCritical.zero).toBeGreaterThan(0.9);
    // the sequential fixture shows a staircase; the memorised one decodes the answer before the causal bound
    expect(seq.staircase).toBe(true);
    expect(mem.evidence.answerBeforeCausalBound).toBe(true);
  });
});
