/**
 * The results.json contract shared with the dashboard: an optional `baseline` on each claim
 * result and an optional `summary.regressions`, validated by schemas/results.schema.json.
 */
import { describe, expect, it } from 'vitest';
import type { ClaimBaseline, ClaimsResults } from '../../harness/claims/result-types.ts';
import { validateResults } from '../../harness/claims/results.ts';

const baseline: ClaimBaseline = {
  dir: 'baselines',
  status: 'regression',
  reason: 'binary-one-layer converged: 0/4 now, 4/4 in the baseline',
  comparisons: [
    {
      arm: 'binary-one-layer',
      quantity: 'converged',
      kind: 'rate',
      current: { successes: 0, n: 4, estimate: 0, interval: { lower: 0, upper: 0.49 } },
      baseline: { successes: 4, n: 4, estimate: 1, interval: { lower: 0.51, upper: 1 } },
      pValue: 0.014,
      status: 'regression',
    },
    {
      arm: 'binary-one-layer',
      quantity: 'stepsToTarget',
      kind: 'metric',
      current: { n: 4, estimate: null, interval: null },
      baseline: { n: 4, estimate: 100, interval: { lower: 80, upper: 120 } },
      pValue: null,
      status: 'incomparable',
    },
  ],
};

function record(extra: Partial<ClaimsResults['claims'][number]> = {}): ClaimsResults {
  return {
    kind: 'staircase.results',
    version: 1,
    tier: 'smoke',
    claimsDir: 'specs/claims',
    createdAt: '2026-01-02T03:04:05.000Z',
    backend: { name: 'wasm', device: 'cpu' },
    git: null,
    claims: [{ id: 'c', version: 1, statement: 's', status: 'pass', confidence: 0.95, expectations: [], seeds: { a: [1, 2] }, ...extra }],
    summary: { pass: 1, fail: 0, inconclusive: 0, regressions: 1 },
  };
}

describe('results.json baseline fields', () => {
  it('accepts a claim with a baseline comparison and a summary with regressions, and a record with neither', () => {
    const r = record({ baseline });
    expect(validateResults(JSON.parse(JSON.stringify(r)))).toEqual(r);
    const plain = record();
    delete plain.summary.regressions;
    expect(validateResults(plain)).toEqual(plain);
  });

  it('rejects an unknown status or a missing side, naming the field', () => {
    const bad = JSON.parse(JSON.stringify(record({ baseline }))) as { claims: { baseline: { status: string; comparisons: Record<string, unknown>[] } }[] };
    bad.claims[0]!.baseline.status = 'worse';
    delete bad.claims[0]!.baseline.comparisons[0]!.baseline;
    expect(() => validateResults(bad, 'r.json')).toThrow(/`claims\.0\.baseline\.status` must be one of "same", "regression", "improvement", "stale", "missing", "incomparable"/);
    expect(() => validateResults(bad, 'r.json')).toThrow(/missing required field `baseline` in `claims\.0\.baseline\.comparisons\.0`/);
  });
});
