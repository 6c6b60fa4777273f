/**
 * Can a tier decide an expectation at all? With the tier's maxSeeds per arm (and, for an
 * expectation about what models learned, every one of them learning), take the most
 * favourable data (every seed meets an atLeast bound, none meets an atMost bound) and the
 * least favourable; when even the first cannot confirm the expectation, or the second cannot
 * refute it, the tier can only ever report it inconclusive. `staircase validate` and
 * `staircase ls` print these as warnings (exit code unchanged).
 *
 * The rule is the one a check uses: fixed n (Clopper-Pearson, exact Mann-Whitney) when the
 * tier trains all its seeds at once, the anytime-valid rule (confidence sequences, alpha
 * split over looks for metrics) when it adds seeds in rounds.
 */
import type { Claim, Expectation, TierSpec } from './claim-types.ts';
import { kindOf } from './kinds/index.ts';

/** Why a tier can never decide this expectation (empty when it can); each kind says how (kinds/power.ts). */
export const expectationPower = (exp: Expectation, tier: TierSpec, confidence: number): string[] => kindOf(exp).power(exp, tier, confidence);

/** Every warning of a claim, `tier smoke: expect.0: ...`, for the tiers asked (default: all of the claim's). */
export function tierWarnings(claim: Claim, tiers: readonly string[] = Object.keys(claim.tiers)): string[] {
  return tiers.flatMap((name) => {
    const tier = claim.tiers[name];
    if (!tier) return [];
    return claim.expect.flatMap((exp, i) => expectationPower(exp, tier, claim.confidence).map((w) => `tier ${name}: expect.${i}: ${w}`));
  });
}
