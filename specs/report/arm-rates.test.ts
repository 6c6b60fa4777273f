/**
 * Per-arm rates come from what each expectation result says it counted (`counted`), never from
 * its label; results.json written before `counted` existed (the report fixture as it was then) is read
 * with it rebuilt.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { evaluateClaim } from '../../harness/claims/evaluate-claim.ts';
import { loadClaimFile } from '../../harness/claims/load-claims.ts';
import { buildResults } from '../../harness/claims/results.ts';
import { claimRates } from '../../harness/report/arm-rates.ts';
import type { ReportResults } from '../../harness/report/baseline-types.ts';
import { parseResults } from '../../harness/report/read-results.ts';
import { onsetAccuracy, type SeedSummary } from '../../harness/claims/seed-summary.ts';
import { PACKAGE_ROOT } from '../../harness/util/provenance.ts';
import { armSeeds, byArm, makeSeed, times, tmpDir, validClaimData, writeClaim } from '../claims-engine/helpers.ts';

/** The report fixture's results.json and seed summaries as committed before `counted` and the fromOnset rename (its README). */
const FIXTURE = path.join(PACKAGE_ROOT, 'specs', 'report', 'fixtures', 'legacy-report');
const UA = 'universal-answer-only';
const SF = 'standard-full-sequence';

function results(): ReportResults {
  const data = validClaimData();
  data.expect = [
    { kind: 'rate', arm: UA, outcome: 'sequential', atMost: 0.9 },
    { kind: 'ablation', arm: UA, verdict: 'sequential', ablation: 'fromOnset', atMost: 0.5 },
    { kind: 'compare', higher: UA, lower: SF, outcome: 'staircase' },
  ];
  const claim = loadClaimFile(writeClaim(tmpDir(), 'test-claim.yaml', data));
  const seeds = byArm([...armSeeds(UA, times(3, 'sequential')), makeSeed({ arm: UA, seed: 4, verdict: 'failed' })], armSeeds(SF, times(2, 'memorised')));
  const record = buildResults({ tier: 'smoke', claimsDir: 'x', backend: { name: 'wasm', device: 'cpu' }, git: null }, [evaluateClaim(claim, 'smoke', seeds)]);
  return JSON.parse(JSON.stringify(record)) as ReportResults;
}

describe('claimRates reads the self-describing fields', () => {
  it('gives each arm its counted quantity, x of the learned n, and the side of the threshold', () => {
    const [rate, ablation, compare] = claimRates(results().claims[0]!);
    expect(rate!.rates).toEqual([{ arm: UA, quantity: 'sequential', kind: 'rate', successes: 3, n: 3, estimate: 1, interval: expect.objectContaining({ upper: 1 }) }]);
    expect(rate!.threshold).toEqual({ value: 0.9, side: 'atMost' });
    expect(ablation!.rates[0]).toMatchObject({ quantity: 'fromOnset/zero <= 0.5 (sequential seeds)', successes: 3, n: 3 });
    expect(ablation!.threshold).toEqual({ value: 0.5, side: 'atLeast' }); // the share of seeds meeting the bound, held to atLeastFraction
    expect(compare!.rates.map((r) => [r.arm, r.quantity, r.successes, r.n])).toEqual([
      [UA, 'staircase', 3, 3],
      [SF, 'staircase', 0, 2],
    ]);
    expect(compare!.threshold).toBeNull();
  });

  it('does not read the label: garbling every label changes nothing', () => {
    const record = results();
    const before = claimRates(record.claims[0]!).map(({ rates, threshold }) => ({ rates, threshold }));
    for (const e of record.claims[0]!.expectations) e.label = 'x <= y >= z';
    expect(claimRates(record.claims[0]!).map(({ rates, threshold }) => ({ rates, threshold }))).toEqual(before);
  });
});

describe('results.json from before `counted`', () => {
  it('the old report fixture is read with counted rebuilt: names, sides, totals from the claim seeds, learned unknown', () => {
    const file = path.join(FIXTURE, 'results.json');
    const byId = new Map(parseResults(JSON.parse(readFileSync(file, 'utf8')), file).claims.map((c) => [c.id, c]));
    const [memorised, compare, metric] = byId.get('report-one-layer-memorises')!.expectations;
    expect(memorised!.counted).toEqual([{ arm: 'standard-k2-l1', name: 'memorised', quantity: 'memorised among all seeds (a record from before learned-seed counting)', x: 1, n: 2, side: 'atLeast', threshold: 0.5, learned: null, total: 2 }]);
    expect(compare!.counted.map((c) => [c.arm, c.name, c.side])).toEqual([
      ['universal-k2', 'staircase', null],
      ['standard-k2-l1', 'staircase', null],
    ]);
    expect(metric!.counted[0]).toMatchObject({ name: 'stepsToTarget', x: null, n: 2 });
    const ablation = byId.get('report-universal-sequential')!.expectations[1]!;
    expect(ablation.counted[0]).toMatchObject({ name: 'fromCritical/zero <= 0.5 (sequential seeds)', x: 0, n: 1, side: 'atLeast', threshold: 0.8, total: 2 });
  });

  it('its seed summaries still say fromCritical and are read through the rename', () => {
    const seeds = path.join(FIXTURE, 'seeds');
    const summaries = readdirSync(seeds).map((key) => JSON.parse(readFileSync(path.join(seeds, key, 'summary.json'), 'utf8')) as SeedSummary);
    const legacy = summaries.flatMap((s) => s.ablation).filter((a) => !('fromOnset' in a));
    expect(legacy.length).toBeGreaterThan(0);
    for (const a of legacy) expect(onsetAccuracy(a)).toEqual((a as unknown as { fromCritical: unknown }).fromCritical);
  });
});
