/**
 * How the regression test behaves at the full tier's seed count: the false-alarm rate when
 * nothing changed stays at or below alpha, and the power against a drop of 0.3 in a rate.
 * Rates: exact (every outcome enumerated). Metrics: a seeded simulation.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_BASELINE_ALPHA, DEFAULT_MIN_EFFECT } from '../../harness/baselines/compare-rate.ts';
import { ratePowerCurve, rateVerdictProbability, simulateMetricRegressions, worstRateFalseAlarm } from '../../harness/baselines/operating-characteristics.ts';
import { loadClaimPack } from '../../harness/claims/load-claims.ts';
import { PACKAGE_ROOT } from '../../harness/util/provenance.ts';

const settings = { alpha: DEFAULT_BASELINE_ALPHA, minEffect: DEFAULT_MIN_EFFECT, confidence: 0.95 };
/** The first-round seed count of the full tier (the fewest seeds a full-tier baseline compares). */
const fullSeeds = Math.min(...loadClaimPack(path.join(PACKAGE_ROOT, 'specs', 'claims')).map((c) => c.tiers.full!.seeds));

describe(`the regression test at the full tier's ${fullSeeds} seeds per arm (alpha ${settings.alpha}, min effect ${settings.minEffect})`, () => {
  it('reads the seed count from the claim pack', () => {
    expect(fullSeeds).toBe(32);
  });

  it('rates: the false-alarm rate is <= alpha at every true rate (exact)', () => {
    const worst = worstRateFalseAlarm(fullSeeds, settings);
    console.log(`rate false-alarm rate, worst over true rates 0..1: ${worst.rate.toFixed(4)} (at rate ${worst.atP}); alpha ${settings.alpha}`);
    expect(worst.rate).toBeLessThanOrEqual(settings.alpha);
    expect(worst.rate).toBeGreaterThan(0.01); // the test is not vacuous
    // Nothing changed and nothing varies: never an alarm.
    expect(rateVerdictProbability({ nCurrent: fullSeeds, nBaseline: fullSeeds, pCurrent: 1, pBaseline: 1, settings })).toBe(0);
  });

  it('rates: power against a drop of 0.3 (exact), printed per baseline rate', () => {
    const curve = ratePowerCurve(fullSeeds, 0.3, settings);
    const at = (p: number) => curve.find((c) => Math.abs(c.pBaseline - p) < 1e-9)!.power;
    const weakest = Math.min(...curve.map((c) => c.power));
    console.log(`power for a drop of 0.3 at ${fullSeeds} seeds: 0.8 -> 0.5: ${at(0.8).toFixed(3)}; 1.0 -> 0.7: ${at(1).toFixed(3)}; weakest (baseline 0.65): ${weakest.toFixed(3)}`);
    expect(at(0.8)).toBeCloseTo(0.748, 2);
    expect(weakest).toBeGreaterThan(0.7);
    // The minimum effect only removes alarms: without it Fisher alone keeps the size <= alpha; with
    // it, a true drop of 0.1 (below the minimum effect) is flagged less than half as often.
    const noGate = { ...settings, minEffect: 0 };
    expect(worstRateFalseAlarm(fullSeeds, noGate).rate).toBeLessThanOrEqual(settings.alpha);
    const small = { nCurrent: fullSeeds, nBaseline: fullSeeds, pCurrent: 0.85, pBaseline: 0.95 };
    const ungated = rateVerdictProbability({ ...small, settings: noGate });
    const gated = rateVerdictProbability({ ...small, settings });
    console.log(`a true drop of 0.1 (0.95 -> 0.85) is flagged with probability ${gated.toFixed(3)} (${ungated.toFixed(3)} without the minimum effect)`);
    expect(gated).toBeLessThan(ungated / 2);
  });

  it('metrics: the false-alarm rate is <= alpha and a shift of 0.75 SD is caught (seeded simulation)', () => {
    const falseAlarm = simulateMetricRegressions({ n: fullSeeds, shift: 0, reps: 1000, seed: 1, settings });
    const power = simulateMetricRegressions({ n: fullSeeds, shift: 0.75, reps: 400, seed: 2, settings });
    console.log(`metric (Mann-Whitney U) false-alarm rate ${falseAlarm.toFixed(3)}, power for a 0.75 SD shift ${power.toFixed(3)}`);
    expect(falseAlarm).toBeLessThanOrEqual(settings.alpha);
    expect(power).toBeGreaterThan(0.8);
  });
});
