import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Claim } from '../../harness/claims/claim-types.ts';
import { maxLooks } from '../../harness/claims/claim-types.ts';
import { armsDecided, combineStatuses, evaluateClaim } from '../../harness/claims/evaluate-claim.ts';
import { loadClaimFile, loadClaimPack } from '../../harness/claims/load-claims.ts';
import { renderClaimsTable, renderMarkdownSummary } from '../../harness/claims/render-results.ts';
import { buildResults, validateResults } from '../../harness/claims/results.ts';
import { PACKAGE_ROOT } from '../../harness/util/provenance.ts';
import { ValidationError } from '../../harness/util/schema.ts';
import { armSeeds, byArm, makeSeed, times, tmpDir, validClaimData, writeClaim } from './helpers.ts';

const claim = (): Claim => loadClaimFile(writeClaim(tmpDir(), 'test-claim.yaml', validClaimData()));
const UA = 'universal-answer-only';
const SF = 'standard-full-sequence';

describe('evaluateClaim', () => {
  it('passes when every expectation passes, and records the seeds used', () => {
    const r = evaluateClaim(claim(), 'smoke', byArm(armSeeds(UA, times(8, 'sequential')), armSeeds(SF, times(8, 'memorised'))));
    expect(r.status).toBe('pass');
    expect(r.expectations.map((e) => e.status)).toEqual(['pass', 'pass']);
    expect(r.seeds).toEqual({ [UA]: [1, 2, 3, 4, 5, 6, 7, 8], [SF]: [1, 2, 3, 4, 5, 6, 7, 8] });
    expect(r).toMatchObject({ id: 'test-claim', version: 1, confidence: 0.95 });
  });

  it('fails when any expectation fails, else is inconclusive', () => {
    const failing = evaluateClaim(claim(), 'smoke', byArm(armSeeds(UA, times(8, 'memorised')), armSeeds(SF, times(8, 'memorised'))));
    expect(failing.expectations.map((e) => e.status)).toEqual(['fail', 'inconclusive']); // 0/8 vs 0/8 staircase: no difference shown
    expect(failing.status).toBe('fail');
    expect(combineStatuses(['pass', 'inconclusive'])).toBe('inconclusive');
    expect(combineStatuses(['inconclusive', 'fail'])).toBe('fail');
    expect(combineStatuses([])).toBe('inconclusive');
  });

  it('refuses seeds filed under another arm or tier, and unknown tiers', () => {
    const c = claim();
    expect(() => evaluateClaim(c, 'smoke', new Map([[UA, armSeeds(SF, ['memorised'])]]))).toThrow(/was passed as arm universal-answer-only/);
    expect(() => evaluateClaim(c, 'full', byArm(armSeeds(UA, ['memorised'])))).toThrow(/tier smoke was passed as arm .* tier full/);
    expect(() => evaluateClaim(c, 'smok', new Map())).toThrow(ValidationError);
  });
});

describe('armsDecided (sequential stopping)', () => {
  it('an arm is done when every expectation reading it is decided in sequential mode', () => {
    const c = claim();
    c.expect = [c.expect[0]!, { kind: 'rate', arm: SF, outcome: 'memorised', atLeast: 0.5 }];
    // 8/8 passes the confidence sequence at 0.5; SF's 7/7 learned seeds do not yet (but pass Clopper-Pearson)
    const seeds = byArm(armSeeds(UA, times(8, 'sequential')), armSeeds(SF, [...times(7, 'memorised'), 'failed']));
    expect(armsDecided(c, 'smoke', seeds)).toEqual([UA]);
    expect(evaluateClaim(c, 'smoke', seeds).status).toBe('pass'); // fixed n is less cautious
  });

  it('an arm shared with an undecided expectation keeps running', () => {
    const c = claim(); // the compare expectation reads both arms
    const seeds = byArm(armSeeds(UA, times(8, 'sequential')), armSeeds(SF, times(8, 'memorised')));
    expect(armsDecided(c, 'smoke', seeds)).toEqual([]); // 8 vs 8 is not enough for Bonferroni-combined sequences
    const more = byArm(armSeeds(UA, times(24, 'sequential')), armSeeds(SF, times(24, 'memorised')));
    expect(armsDecided(c, 'smoke', more)).toEqual([UA, SF]);
  });

  it('counts looks: first seeds, then one per round up to maxSeeds', () => {
    expect(maxLooks({ seeds: 4, maxSeeds: 8, roundSize: 4 })).toBe(2);
    expect(maxLooks({ seeds: 32, maxSeeds: 64, roundSize: 8 })).toBe(5);
    expect(maxLooks({ seeds: 32, maxSeeds: 64, roundSize: 5 })).toBe(8);
    expect(maxLooks({ seeds: 8, maxSeeds: 8, roundSize: 4 })).toBe(1);
  });
});

describe('results.json and its renderings', () => {
  const pack = loadClaimPack(path.join(PACKAGE_ROOT, 'specs', 'claims'));
  /** Seeds for every arm of every shipped claim: a mix of verdicts, a few null metrics. */
  const seedsFor = (c: Claim) => byArm(...Object.keys(c.arms).map((arm, k) => armSeeds(arm, ['sequential', 'memorised', k % 2 ? 'failed' : 'sequential', 'partial'])));
  const results = buildResults(
    { tier: 'smoke', claimsDir: 'specs/claims', backend: { name: 'wasm', device: 'cpu' }, git: { commit: 'a'.repeat(40), dirty: false }, createdAt: new Date('2026-01-02T03:04:05Z') },
    pack.map((c) => evaluateClaim(c, 'smoke', seedsFor(c))),
  );

  it('validates against schemas/results.schema.json and survives a JSON round trip', () => {
    expect(results.summary.pass + results.summary.fail + results.summary.inconclusive).toBe(pack.length);
    expect(validateResults(JSON.parse(JSON.stringify(results)))).toEqual(results);
    expect(results.createdAt).toBe('2026-01-02T03:04:05.000Z');
  });

  it('the schema rejects a malformed record, naming the field', () => {
    const bad = JSON.parse(JSON.stringify(results)) as Record<string, unknown>;
    (bad.summary as Record<string, unknown>).passed = 1;
    expect(() => validateResults(bad, 'r.json')).toThrow(/r\.json[\s\S]*unknown field `passed` in `summary` \(did you mean `pass`\?\)/);
  });

  it('metric results with a censored median are still valid JSON records', () => {
    const c = claim();
    c.expect = [{ kind: 'metric', metric: 'stepsToTarget', arms: [UA, SF], direction: 'lower' }];
    const seeds = byArm([1, 2, 3].map((seed) => makeSeed({ arm: UA, seed })), [1, 2, 3].map((seed) => makeSeed({ arm: SF, seed, metrics: { stepsToTarget: null } })));
    const r = buildResults({ tier: 'smoke', claimsDir: 'x', backend: { name: 'cpu', device: 'cpu' }, git: null }, [evaluateClaim(c, 'smoke', seeds)]);
    expect(validateResults(JSON.parse(JSON.stringify(r))).claims[0]!.expectations[0]!.estimates[SF]).toBeNull();
  });

  it('the terminal table shows estimate, interval, n, p and verdict in aligned columns', () => {
    const c = claim();
    const r = buildResults({ tier: 'smoke', claimsDir: 'x', backend: { name: 'wasm', device: 'cpu' }, git: null }, [
      evaluateClaim(c, 'smoke', byArm(armSeeds(UA, [...times(8, 'sequential'), 'failed']), armSeeds(SF, times(8, 'memorised')))),
    ]);
    const text = renderClaimsTable(r);
    const lines = text.split('\n');
    const header = lines.find((l) => l.startsWith('claim'))!;
    expect(header).toMatch(/^claim\s+expectation\s+arm\(s\)\s+estimate\s+interval\s+n\s+p\s+verdict$/);
    const rows = lines.filter((l) => l.includes('sequential >= 50%') || l.includes('staircase rate higher'));
    expect(rows).toHaveLength(2);
    // the failed ninth seed is left out of what UA learned: n is 8 of 9
    expect(rows[0]).toMatch(/^test-claim@1 pass\s+sequential >= 50%\s+universal-answer-only\s+8\/8 = 1\.00\s+\[0\.63, 1\.00\]\s+8 of 9\s+—\s+pass$/);
    expect(rows[1]).toContain('8/8 vs 0/8: +1.00');
    expect(rows[1]).toContain('[0.16, 1.00]');
    expect(rows[1]).toContain('8 of 9 + 8');
    expect(rows[1]).toContain('7.8e-5'); // Fisher: 1 / C(16, 8)
    expect(header.indexOf('verdict')).toBe(rows[0]!.lastIndexOf('pass')); // aligned
    expect(text).toContain('Claims: 1 pass, 0 fail, 0 inconclusive (1 claim, tier smoke)');
  });

  it('the Markdown summary is a table with the same columns plus the statements', () => {
    const md = renderMarkdownSummary(results);
    expect(md).toContain('| claim | expectation | arm(s) | estimate | interval | n | p | verdict |');
    expect(md).toContain('|---|---|---|---:|---:|---:|---:|---|');
    for (const c of pack) expect(md).toContain(c.statement);
    expect(md).toContain('commit aaaaaaaaaa');
  });
});
