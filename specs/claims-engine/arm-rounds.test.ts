/**
 * Which seeds the next round adds (harness/claims/arm-plan.ts nextSeeds): an arm an undecided
 * claim still needs gets roundSize more, from its tier's firstSeed; an arm none of whose seeds
 * learned after its first round gets none (futility: its mechanism claims count learned seeds),
 * unless an undecided expectation counts every seed (a training outcome); an arm with one learned
 * seed continues.
 */
import { describe, expect, it } from 'vitest';
import { firstSeeds, nextSeeds, planArms } from '../../harness/claims/arm-plan.ts';
import { loadClaimFile } from '../../harness/claims/load-claims.ts';
import { armSeeds, makeSeed, times, tmpDir, validClaimData, writeClaim } from './helpers.ts';

const data = validClaimData();
(data.tiers as Record<string, Record<string, unknown>>).smoke = { seeds: 4, maxSeeds: 12, roundSize: 4, firstSeed: 101, overrides: { K: 2, layers: 3, dModel: 64, heads: 4 } };
const claim = loadClaimFile(writeClaim(tmpDir(), 'test-claim.yaml', data));
const plans = planArms([claim], 'smoke');
const at = (seeds: ReturnType<typeof armSeeds>) => seeds.map((s, j) => ({ ...s, seed: 101 + j }));
const next = (done: ReturnType<typeof armSeeds>) => Object.fromEntries(nextSeeds([claim], 'smoke', plans, done).map((r) => [r.arm.name, r.seeds]));

describe('rounds of seeds', () => {
  it('start at the tier firstSeed', () => {
    expect(firstSeeds(plans, false).map((r) => [r.arm.name, r.seeds])).toEqual([
      ['standard-full-sequence', [101, 102, 103, 104]],
      ['universal-answer-only', [101, 102, 103, 104]],
    ]);
    expect(firstSeeds(plans, true)[0]!.seeds).toHaveLength(12);
  });

  it('add roundSize seeds to an undecided arm, none to an arm that learned in no seed (futility)', () => {
    const done = [...at(armSeeds('universal-answer-only', ['sequential', 'partial', 'sequential', 'memorised'])), ...at(armSeeds('standard-full-sequence', times(4, 'failed')))];
    expect(next(done)).toEqual({ 'universal-answer-only': [105, 106, 107, 108] });
  });

  it('an arm that learned nothing goes on while an undecided expectation counts every seed (converged)', () => {
    const withConverged = structuredClone(data);
    (withConverged.expect as unknown[]).push({ kind: 'rate', arm: 'standard-full-sequence', outcome: 'converged', atMost: 0.5 });
    const c = loadClaimFile(writeClaim(tmpDir(), 'test-claim.yaml', withConverged));
    const done = [...at(armSeeds('universal-answer-only', ['sequential', 'partial', 'sequential', 'memorised'])), ...at(armSeeds('standard-full-sequence', times(4, 'failed')))];
    const rounds = Object.fromEntries(nextSeeds([c], 'smoke', planArms([c], 'smoke'), done).map((r) => [r.arm.name, r.seeds]));
    expect(rounds['standard-full-sequence']).toEqual([105, 106, 107, 108]);
  });

  it('one learned seed is enough to go on', () => {
    const done = [...at(armSeeds('universal-answer-only', ['sequential', 'partial', 'sequential', 'memorised'])), ...at(armSeeds('standard-full-sequence', [...times(3, 'failed'), 'memorised']))];
    expect(next(done)).toEqual({ 'universal-answer-only': [105, 106, 107, 108], 'standard-full-sequence': [105, 106, 107, 108] });
  });

  it('stop at maxSeeds counted from firstSeed', () => {
    const twelve = Array.from({ length: 12 }, (_, j) => makeSeed({ arm: 'universal-answer-only', seed: 101 + j, verdict: j % 2 ? 'sequential' : 'partial' }));
    expect(next([...twelve, ...at(armSeeds('standard-full-sequence', ['memorised', 'failed', 'failed', 'failed']))])['universal-answer-only']).toBeUndefined();
  });
});
