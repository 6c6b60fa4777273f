/**
 * staircase agree's statistics: Holm's adjustment against R's p.adjust, and the comparison of two
 * results folders (the report fixture, made by `npm run fixtures:report`) read as a user's would be.
 */
import { cpSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { compareTrainers, holmAdjust, renderAgreement } from '../../harness/agreement/trainer-agreement.ts';
import { rateCounts } from '../../harness/claims/seed-summary.ts';
import { readResultsDir } from '../../harness/report/read-results.ts';
import { PACKAGE_ROOT } from '../../harness/util/provenance.ts';

const FIXTURE = path.join(PACKAGE_ROOT, 'fixtures', 'report', 'results');
const tmp = mkdtempSync(path.join(os.tmpdir(), 'staircase-agree-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('holmAdjust', () => {
  it("equals R's p.adjust(p, 'holm')", () => {
    // R 4.3: p.adjust(c(0.01, 0.02, 0.03, 0.04, 0.05), "holm") -> 0.05 0.08 0.09 0.09 0.09
    holmAdjust([0.01, 0.02, 0.03, 0.04, 0.05]).forEach((p, i) => expect(p).toBeCloseTo([0.05, 0.08, 0.09, 0.09, 0.09][i]!, 12));
    // Order is the input's; values are capped at 1: p.adjust(c(0.5, 0.001, 0.2), "holm") -> 0.5 0.003 0.4
    holmAdjust([0.5, 0.001, 0.2]).forEach((p, i) => expect(p).toBeCloseTo([0.5, 0.003, 0.4][i]!, 12));
    expect(holmAdjust([0.9, 0.8])).toEqual([1, 1]);
  });
});

describe('compareTrainers', () => {
  it('a folder against itself: every rate as claims count it, every p 1, nothing differs', () => {
    const a = readResultsDir(FIXTURE);
    const g = compareTrainers(a, a);
    expect(g.rates.length).toBeGreaterThan(0);
    for (const r of g.rates) {
      const c = rateCounts(a.seeds.map((s) => s.summary).filter((s) => s.arm === r.arm), r.outcome);
      expect(r.a).toEqual({ x: c.x, n: c.n });
      expect(r.b).toEqual(r.a);
      // An outcome with seeds to count on both sides is tested (p 1 against itself); one without is incomparable.
      expect(r.p).toBe(r.a.n ? 1 : null);
      expect(r.status).toBe(r.a.n ? 'agree' : 'incomparable');
    }
    expect(g.a.trainer).toBe('tfjs');
    expect(g.paired).toEqual({ n: a.seeds.length, sameOutcome: a.seeds.length, sameVerdict: a.seeds.length, differing: [] });
    expect(renderAgreement(g)).toContain('No rate differs');
  });

  it('--same-seeds compares only the seeds both folders hold', () => {
    const copy = path.join(tmp, 'subset');
    cpSync(FIXTURE, copy, { recursive: true });
    const seeds = readdirSync(path.join(copy, 'seeds'));
    rmSync(path.join(copy, 'seeds', seeds[0]!), { recursive: true });
    const full = readResultsDir(FIXTURE);
    const part = readResultsDir(copy);
    const all = compareTrainers(full, part);
    const same = compareTrainers(full, part, { sameSeeds: true });
    expect(all.a.seeds).toBe(seeds.length);
    expect(same.a.seeds).toBe(seeds.length - 1);
    expect(same.b.seeds).toBe(seeds.length - 1);
    expect(renderAgreement(same)).toContain('--same-seeds');
  });
});
