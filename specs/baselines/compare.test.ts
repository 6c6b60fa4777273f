/**
 * The statistics of a baseline comparison on hand-made seed summaries: rates (Fisher exact),
 * metrics (Mann-Whitney U), the quantities a claim reads, and the claim-level statuses.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildBaseline, readBaselineFile, type BaselineFile } from '../../harness/baselines/baseline-file.ts';
import { compareClaimWithBaseline } from '../../harness/baselines/compare-claim.ts';
import { compareMetric, medianInterval } from '../../harness/baselines/compare-metric.ts';
import { compareRate } from '../../harness/baselines/compare-rate.ts';
import { claimQuantities } from '../../harness/baselines/quantities.ts';
import type { Claim } from '../../harness/claims/claim-types.ts';
import { loadClaimFile } from '../../harness/claims/load-claims.ts';
import type { SeedSummary } from '../../harness/claims/seed-summary.ts';
import { wilsonInterval } from '../../harness/stats/index.ts';
import { ValidationError } from '../../harness/util/schema.ts';
import { armSeeds, byArm, makeSeed, times, tmpDir, validClaimData, writeClaim } from '../claims-engine/helpers.ts';

const S = { alpha: 0.05, minEffect: 0.2, confidence: 0.95 };
const UA = 'universal-answer-only';
const SF = 'standard-full-sequence';

describe('compareRate (Fisher exact, one-sided)', () => {
  it('0/4 now against 4/4 is a regression at p = 1/70 when higher is better, an improvement the other way round', () => {
    const r = compareRate({ successes: 0, n: 4 }, { successes: 4, n: 4 }, 'higher', S);
    expect(r.status).toBe('regression');
    expect(r.pValue).toBeCloseTo(1 / 70, 12);
    expect(r.difference).toBe(-1);
    const w = wilsonInterval(4, 4, 0.95);
    expect(r.baseline).toEqual({ successes: 4, n: 4, estimate: 1, interval: { lower: w.lower, upper: w.upper } });
    expect(r.current.estimate).toBe(0);
    expect(compareRate({ successes: 4, n: 4 }, { successes: 0, n: 4 }, 'higher', S).status).toBe('improvement');
    expect(compareRate({ successes: 4, n: 4 }, { successes: 0, n: 4 }, 'lower', S).status).toBe('regression');
  });

  it('three seeds a side cannot reach p < 0.05 (p = 1/20), and one lost seed of four is noise', () => {
    const three = compareRate({ successes: 0, n: 3 }, { successes: 3, n: 3 }, 'higher', S);
    expect(three.pValue).toBeCloseTo(0.05, 12);
    expect(three.status).toBe('same');
    const one = compareRate({ successes: 3, n: 4 }, { successes: 4, n: 4 }, 'higher', S);
    expect(one.pValue).toBeCloseTo(0.5, 12);
    expect(one.status).toBe('same');
  });

  it('a significant drop smaller than the minimum effect is `same`; no seeds on a side is `incomparable`', () => {
    const small = compareRate({ successes: 900, n: 1000 }, { successes: 950, n: 1000 }, 'higher', S);
    expect(small.pValue!).toBeLessThan(1e-4);
    expect(small.status).toBe('same');
    expect(compareRate({ successes: 900, n: 1000 }, { successes: 950, n: 1000 }, 'higher', { ...S, minEffect: 0.05 }).status).toBe('regression');
    const none = compareRate({ successes: 0, n: 0 }, { successes: 3, n: 4 }, 'higher', S);
    expect(none).toMatchObject({ status: 'incomparable', pValue: null, current: { n: 0, estimate: null, interval: null } });
  });
});

describe('compareMetric (Mann-Whitney U, one-sided)', () => {
  it('every current value above every baseline value is a regression when lower is better (exact p = 1/70, r = 1)', () => {
    const m = compareMetric([200, 210, 220, 230], [100, 110, 120, 130], 'lower', S);
    expect(m.status).toBe('regression');
    expect(m.pValue).toBeCloseTo(1 / 70, 12);
    expect(m.effect).toBe(1);
    expect(m.current).toMatchObject({ n: 4, estimate: 215, interval: { lower: 200, upper: 230 } });
    expect(compareMetric([200, 210, 220, 230], [100, 110, 120, 130], 'higher', S).status).toBe('improvement');
  });

  it('censored values (never converged) rank last and have no median; ties only: same with no test; empty: incomparable', () => {
    const m = compareMetric([Infinity, Infinity, Infinity, Infinity], [100, 110, 120, 130], 'lower', S);
    expect(m.status).toBe('regression');
    expect(m.current).toEqual({ n: 4, estimate: null, interval: null });
    expect(compareMetric([5, 5, 5], [5, 5, 5], 'lower', S)).toMatchObject({ status: 'same', pValue: null });
    expect(compareMetric([], [5], 'lower', S).status).toBe('incomparable');
  });

  it('the minimum effect gates a metric too (rank-biserial r)', () => {
    expect(compareMetric([200, 210, 220, 230], [100, 110, 120, 130], 'lower', { ...S, minEffect: 1.01 }).status).toBe('same');
  });

  it('the median interval is the order-statistic one: [x(10), x(23)] of 32 at 95%, [min, max] below 6 values', () => {
    const values = Array.from({ length: 32 }, (_, i) => 32 - i);
    expect(medianInterval(values, 0.95)).toEqual({ lower: 10, upper: 23 });
    expect(medianInterval([3, 1, 2, 5, 4], 0.95)).toEqual({ lower: 1, upper: 5 });
    expect(medianInterval([], 0.95)).toBeNull();
  });
});

/** A claim with every expectation kind, on the two test arms. */
function richClaim(extra: Record<string, unknown> = {}): Claim {
  const data = validClaimData();
  data.expect = [
    { kind: 'rate', arm: UA, outcome: 'sequential', atLeast: 0.5 },
    { kind: 'rate', arm: SF, outcome: 'sequential', atMost: 0.2 },
    { kind: 'compare', higher: UA, lower: SF, outcome: 'staircase' },
    { kind: 'ablation', arm: UA, verdict: 'sequential', ablation: 'fromOnset', atMost: 0.5 },
    { kind: 'metric', metric: 'stepsToTarget', arms: [UA, SF], direction: 'lower' },
  ];
  return loadClaimFile(writeClaim(tmpDir(), 'test-claim.yaml', { ...data, ...extra }));
}

describe('claimQuantities', () => {
  it('reads each expectation as per-arm quantities with the direction that is better for the claim', () => {
    const qs = claimQuantities(richClaim()).map((q) => `${q.kind} ${q.arm} ${q.quantity} ${q.better}`);
    expect(qs).toEqual([
      `rate ${UA} sequential higher`,
      `rate ${SF} sequential lower`,
      `rate ${UA} staircase higher`,
      `rate ${SF} staircase lower`,
      `rate ${UA} fromOnset/zero <= 0.5 (sequential seeds) higher`,
      `metric ${UA} stepsToTarget lower`,
      `metric ${SF} stepsToTarget higher`,
    ]);
  });
});

const PROVENANCE = { resultsDir: 'r', resultsCreatedAt: '2026-01-01T00:00:00.000Z', git: { commit: 'c'.repeat(40), dirty: false }, codeHash: 'h', versions: { node: 'v20' } };

function seedsOf(ua: SeedSummary[], sf: SeedSummary[]) {
  return byArm(ua, sf);
}

describe('compareClaimWithBaseline', () => {
  const claim = richClaim();
  const good = seedsOf(armSeeds(UA, times(4, 'sequential')), armSeeds(SF, times(4, 'memorised')));
  const stored = buildBaseline(claim, 'smoke', good, PROVENANCE);
  const found = (data: BaselineFile | null) => ({ dir: 'baselines', file: 'baselines/smoke/test-claim.json', data });
  const opts = { alpha: 0.05, minEffect: 0.2 };

  it('stores every outcome and metric per arm, and the claim ablation rates', () => {
    expect(stored.arms[UA]!.rates.sequential).toEqual({ successes: 4, seeds: 4 });
    expect(stored.arms[UA]!.rates['fromOnset/zero <= 0.5 (sequential seeds)']).toEqual({ successes: 4, seeds: 4 });
    expect(stored.arms[SF]!.rates.memorised).toEqual({ successes: 4, seeds: 4 });
    expect(stored.arms[UA]!.metrics.stepsToTarget).toEqual([1001, 1002, 1003, 1004]);
    expect(stored.provenance).toMatchObject({ seeds: { [UA]: [1, 2, 3, 4], [SF]: [1, 2, 3, 4] }, backends: [{ name: 'wasm', device: 'cpu' }] });
  });

  it('the same seeds are `same` in every quantity', () => {
    const r = compareClaimWithBaseline(claim, good, found(stored), opts);
    expect(r.status).toBe('same');
    expect(r.comparisons.map((c) => c.status)).toEqual(times(7, 'same' as never));
    expect(r.reason).toMatch(/^0 regressions, 0 improvements, 7 same against baselines\/smoke\/test-claim\.json \(commit cccccccccc\)/);
  });

  it('a universal arm that stops being sequential is a regression, named in the reason', () => {
    const bad = seedsOf(armSeeds(UA, times(4, 'memorised')), armSeeds(SF, times(4, 'memorised')));
    const r = compareClaimWithBaseline(claim, bad, found(stored), opts);
    expect(r.status).toBe('regression');
    const seq = r.comparisons.find((c) => c.arm === UA && c.quantity === 'sequential')!;
    expect(seq).toMatchObject({ status: 'regression', current: { successes: 0, n: 4 }, baseline: { successes: 4, n: 4 } });
    expect(seq.pValue).toBeCloseTo(1 / 70, 12);
    // no sequential seed now: the ablation rate has nothing to judge
    expect(r.comparisons.find((c) => c.quantity.startsWith('fromOnset'))!.status).toBe('incomparable');
    expect(r.reason).toContain(`${UA} sequential: 0/4 now vs 4/4 in the baseline (p = 0.014)`);
  });

  it('a standard arm that becomes sequential is a regression of an atMost rate; better than stored is an improvement', () => {
    const worse = seedsOf(armSeeds(UA, times(4, 'sequential')), armSeeds(SF, times(4, 'sequential')));
    expect(compareClaimWithBaseline(claim, worse, found(stored), opts).comparisons.find((c) => c.arm === SF && c.quantity === 'sequential')!.status).toBe('regression');
    const weak = buildBaseline(claim, 'smoke', seedsOf(armSeeds(UA, times(4, 'memorised')), armSeeds(SF, times(4, 'memorised'))), PROVENANCE);
    expect(compareClaimWithBaseline(claim, good, found(weak), opts).status).toBe('improvement');
  });

  it('missing and stale baselines are reported, never compared', () => {
    expect(compareClaimWithBaseline(claim, good, found(null), opts)).toMatchObject({ status: 'missing', comparisons: [] });
    const old = { ...stored, claim: { ...stored.claim, version: 2 } };
    const r = compareClaimWithBaseline(claim, good, found(old), opts);
    expect(r).toMatchObject({ status: 'stale', comparisons: [] });
    expect(r.reason).toContain('is of claim version 2, the claim file is version 1');
  });

  it('another backend or device is incomparable unless the claim sets baseline.crossBackend', () => {
    const gpu = seedsOf(
      [1, 2, 3, 4].map((seed) => makeSeed({ arm: UA, seed, verdict: 'memorised', backend: { name: 'tensorflow', device: 'gpu' } })),
      [1, 2, 3, 4].map((seed) => makeSeed({ arm: SF, seed, verdict: 'memorised', backend: { name: 'tensorflow', device: 'gpu' } })),
    );
    const r = compareClaimWithBaseline(claim, gpu, found(stored), opts);
    expect(r.status).toBe('incomparable');
    expect(r.reason).toContain('this check ran on tensorflow/gpu, the baseline on wasm/cpu');
    expect(r.comparisons.every((c) => c.status === 'incomparable' && c.pValue === null)).toBe(true);
    const allowed = richClaim({ baseline: { crossBackend: true } });
    const r2 = compareClaimWithBaseline(allowed, gpu, found(stored), opts);
    expect(r2.status).toBe('regression');
    expect(r2.reason).toContain('compared across backends (tensorflow/gpu now, wasm/cpu in the baseline), as the claim allows');
  });
});

describe('readBaselineFile', () => {
  const claim = richClaim();
  const good = buildBaseline(claim, 'smoke', seedsOf(armSeeds(UA, times(4, 'sequential')), armSeeds(SF, times(4, 'memorised'))), PROVENANCE);
  const put = (data: unknown, name = 'test-claim.json', tier = 'smoke'): string => {
    const dir = path.join(tmpDir(), tier);
    mkdirSync(dir, { recursive: true });
    const file = path.join(dir, name);
    writeFileSync(file, typeof data === 'string' ? data : JSON.stringify(data));
    return file;
  };
  const problems = (fn: () => unknown): string => {
    try {
      fn();
    } catch (error) {
      if (error instanceof ValidationError) return error.message;
      throw error;
    }
    throw new Error('no error');
  };

  it('reads a good file, and returns null for none', () => {
    const file = put(good);
    expect(readBaselineFile(file, { claimId: 'test-claim', tier: 'smoke' })).toEqual(good);
    expect(readBaselineFile(path.join(path.dirname(file), 'other.json'), { claimId: 'other', tier: 'smoke' })).toBeNull();
  });

  it('names the file, the field and the fix for bad content', () => {
    const bad = JSON.parse(JSON.stringify(good)) as Record<string, unknown>;
    (bad.arms as Record<string, Record<string, unknown>>)[UA]!.rates = { sequential: { successes: 5, seeds: 4 } };
    (bad as { tier: string }).tier = 'full';
    const file = put(bad);
    const text = problems(() => readBaselineFile(file, { claimId: 'test-claim', tier: 'smoke' }));
    expect(text).toContain(file);
    expect(text).toContain('`tier` is `full` but the file is in the folder `smoke/`');
    expect(text).toContain(`\`arms.${UA}.rates.sequential\`: successes (5) exceed seeds (4); regenerate it with \`staircase baseline update --from RESULTS_DIR\``);
    const typo = put({ ...good, provenance: { ...good.provenance, comit: 'x' } });
    expect(problems(() => readBaselineFile(typo, { claimId: 'test-claim', tier: 'smoke' }))).toMatch(/unknown field `comit` in `provenance`[\s\S]*regenerate it/);
    expect(problems(() => readBaselineFile(put('{ not json'), { claimId: 'test-claim', tier: 'smoke' }))).toContain('not valid JSON');
    expect(problems(() => readBaselineFile(put(good, 'renamed.json'), { claimId: 'renamed', tier: 'smoke' }))).toContain('`claim.id` is `test-claim` but the file is named `renamed.json`');
  });
});
