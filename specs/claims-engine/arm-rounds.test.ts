/**
 * Which seeds the next round adds (harness/claims/arm-plan.ts nextSeeds): an arm gets roundSize
 * more, from its tier's firstSeed, while an undecided expectation reading it is decided in at least
 * 1 in 10 futures drawn from the seeds seen so far (predictSeeds, a Polya urn to maxSeeds); an arm
 * none of whose seeds learned has no future with a learned seed, so its mechanism expectations stop
 * (futility), unless an undecided expectation counts every seed (a training outcome); a rate sitting
 * on its threshold after many seeds stops, after few goes on; a claim that has failed stops.
 */
import { describe, expect, it } from 'vitest';
import { firstSeeds, nextSeeds, planArms } from '../../harness/claims/arm-plan.ts';
import { markFutile, predictSeeds, projectSeeds } from '../../harness/claims/futility.ts';
import { mulberry32 } from '../../harness/stats/prng.ts';
import { evaluateClaim } from '../../harness/claims/evaluate-claim.ts';
import { groupByArm } from '../../harness/claims/arm-plan.ts';
import { loadClaimFile } from '../../harness/claims/load-claims.ts';
import { armSeeds, makeSeed, times, tmpDir, validClaimData, writeClaim } from './helpers.ts';

const data = validClaimData();
(data.tiers as Record<string, Record<string, unknown>>).smoke = { seeds: 4, maxSeeds: 40, roundSize: 4, firstSeed: 101, overrides: { K: 2, layers: 3, dModel: 64, heads: 4 } };
const claim = loadClaimFile(writeClaim(tmpDir(), 'test-claim.yaml', data));
const plans = planArms([claim], 'smoke');
const at = (seeds: ReturnType<typeof armSeeds>) => seeds.map((s, j) => ({ ...s, seed: 101 + j }));
// 18 of 36 seeds sequential: on the rate's threshold with 4 seeds to go.
const onThreshold = [...at(armSeeds('universal-answer-only', Array.from({ length: 36 }, (_, j) => (j % 2 ? 'partial' : 'sequential')))), ...at(armSeeds('standard-full-sequence', times(4, 'failed')))];
const next = (done: ReturnType<typeof armSeeds>) => Object.fromEntries(nextSeeds([claim], 'smoke', plans, done).map((r) => [r.arm.name, r.seeds]));

describe('rounds of seeds', () => {
  it('start at the tier firstSeed', () => {
    expect(firstSeeds(plans, false).map((r) => [r.arm.name, r.seeds])).toEqual([
      ['standard-full-sequence', [101, 102, 103, 104]],
      ['universal-answer-only', [101, 102, 103, 104]],
    ]);
    expect(firstSeeds(plans, true)[0]!.seeds).toHaveLength(40);
  });

  it('project the seeds seen so far to n: their proportions, renumbered', () => {
    const seen = at(armSeeds('universal-answer-only', ['sequential', 'partial', 'sequential', 'memorised']));
    const p = projectSeeds(seen, 10, 101);
    expect(p.map((s) => s.seed)).toEqual([101, 102, 103, 104, 105, 106, 107, 108, 109, 110]);
    expect(p.map((s) => s.verdict)).toEqual(['sequential', 'partial', 'sequential', 'memorised', 'sequential', 'partial', 'sequential', 'memorised', 'sequential', 'partial']);
    expect(projectSeeds([], 10, 101)).toEqual([]);
  });

  it('draw a future of the seeds seen: they come first, then copies of seen seeds only, the same for the same stream', () => {
    const seen = at(armSeeds('universal-answer-only', ['sequential', 'partial', 'sequential', 'memorised']));
    const future = predictSeeds(seen, 40, 101, mulberry32(7));
    expect(future.map((s) => s.seed)).toEqual(Array.from({ length: 40 }, (_, i) => 101 + i));
    expect(future.slice(0, 4).map((s) => s.verdict)).toEqual(['sequential', 'partial', 'sequential', 'memorised']);
    expect(new Set(future.map((s) => s.verdict))).toEqual(new Set(['sequential', 'partial', 'memorised']));
    expect(predictSeeds(seen, 40, 101, mulberry32(7))).toEqual(future);
    // A Polya urn from 2 of 4: the futures' shares spread (Beta(2, 2)), unlike the projection's one share.
    const shares = Array.from({ length: 200 }, (_, d) => predictSeeds(seen, 40, 101, mulberry32(d)).filter((s) => s.verdict === 'sequential').length / 40);
    expect(Math.min(...shares)).toBeLessThan(0.25);
    expect(Math.max(...shares)).toBeGreaterThan(0.75);
  });

  it('add roundSize seeds to an arm whose projection decides; none to an arm that learned in no seed (futility)', () => {
    const done = [...at(armSeeds('universal-answer-only', times(4, 'sequential'))), ...at(armSeeds('standard-full-sequence', times(4, 'failed')))];
    expect(next(done)).toEqual({ 'universal-answer-only': [105, 106, 107, 108] });
  });

  it('more to an arm whose rate sits on its threshold after few seeds: 2 of 4 may end anywhere (the projection alone stopped here)', () => {
    const done = [...at(armSeeds('universal-answer-only', ['sequential', 'partial', 'sequential', 'memorised'])), ...at(armSeeds('standard-full-sequence', times(4, 'failed')))];
    expect(next(done)).toEqual({ 'universal-answer-only': [105, 106, 107, 108] });
  });

  it('none to an arm whose rate sits on its threshold after many seeds: 18 of 36, 4 more decide nothing in any future drawn', () => {
    expect(next(onThreshold)).toEqual({});
  });

  it('none to any arm of a claim that has failed, though another of its expectations is undecided', () => {
    const done = [...at(armSeeds('universal-answer-only', times(12, 'partial'))), ...at(armSeeds('standard-full-sequence', ['memorised', 'memorised', 'failed', 'failed']))];
    const byArm = groupByArm(done);
    const now = evaluateClaim(claim, 'smoke', byArm, { sequential: true });
    expect(now.expectations.map((e) => e.status)).toEqual(['fail', 'inconclusive']);
    expect(next(done)).toEqual({});
  });

  it('an arm that learned nothing goes on while an undecided expectation counts every seed (converged)', () => {
    const withConverged = structuredClone(data);
    (withConverged.expect as unknown[]).push({ kind: 'rate', arm: 'standard-full-sequence', outcome: 'converged', atMost: 0.5 });
    const c = loadClaimFile(writeClaim(tmpDir(), 'test-claim.yaml', withConverged));
    const done = [...at(armSeeds('universal-answer-only', ['sequential', 'partial', 'sequential', 'memorised'])), ...at(armSeeds('standard-full-sequence', times(4, 'failed')))];
    const rounds = Object.fromEntries(nextSeeds([c], 'smoke', planArms([c], 'smoke'), done).map((r) => [r.arm.name, r.seeds]));
    expect(rounds['standard-full-sequence']).toEqual([105, 106, 107, 108]);
  });

  it('stop at maxSeeds counted from firstSeed', () => {
    const forty = Array.from({ length: 40 }, (_, j) => makeSeed({ arm: 'universal-answer-only', seed: 101 + j, verdict: j % 4 ? 'sequential' : 'partial' }));
    expect(next([...forty, ...at(armSeeds('standard-full-sequence', ['memorised', 'failed', 'failed', 'failed']))])['universal-answer-only']).toBeUndefined();
  });
});

describe('futility in the verdict', () => {
  it('an undecided expectation that no future drawn decides says so, with the projected counts and interval', () => {
    const byArm = groupByArm(onThreshold);
    const marked = markFutile(claim, 'smoke', evaluateClaim(claim, 'smoke', byArm, { sequential: true }), plans, byArm);
    const rate = marked.expectations[0]!;
    expect(rate.status).toBe('inconclusive');
    expect(rate.futile?.seeds).toEqual({ 'universal-answer-only': 40 });
    expect(rate.futile!.interval!.lower).toBeLessThan(0.5);
    expect(rate.futile!.interval!.upper).toBeGreaterThan(0.5);
    expect(rate.reason).toMatch(/futile at this tier: carried on to maxSeeds, 0 of 200 futures drawn from the seeds seen decide it \(in the proportions seen so far, 20\/40 universal-answer-only, the interval would be \[0\.\d\d, 0\.\d\d\]\)/);
  });

  it('one the projection decides is left as it is', () => {
    const done = [...at(armSeeds('universal-answer-only', times(4, 'sequential'))), ...at(armSeeds('standard-full-sequence', times(4, 'failed')))];
    const byArm = groupByArm(done);
    const plain = evaluateClaim(claim, 'smoke', byArm, { sequential: true });
    const marked = markFutile(claim, 'smoke', plain, plans, byArm);
    expect(plain.expectations[0]!.status).toBe('inconclusive');
    expect(marked.expectations[0]).toEqual(plain.expectations[0]);
  });
});
