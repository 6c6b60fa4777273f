/**
 * Can a tier decide an expectation at all? With the tier's maxSeeds per arm (and, for an
 * expectation about what models learned, every one of them learning), take the most favourable
 * data (every seed meets an atLeast bound, none meets an atMost bound) and the least favourable;
 * when even the first cannot confirm the expectation, or the second cannot refute it, the tier
 * can only ever report it inconclusive. The rule is the one a check uses: fixed n when the tier
 * trains all its seeds at once, the anytime-valid rule when it adds seeds in rounds.
 */
import type { TierSpec } from '../claim-types.ts';
import { rateInterval } from '../rate-intervals.ts';

export const f2 = (x: number): string => x.toFixed(2);

/** Seeds per arm at the most, and whether they come in rounds. */
export const tierSeeds = (tier: TierSpec): { n: number; sequential: boolean } => ({ n: tier.maxSeeds, sequential: tier.maxSeeds > tier.seeds });

/** What the best and worst case of a rate claim give: `4 seeds cannot confirm sequential >= 0.8 (4/4 gives a lower bound of 0.40)`. */
export function ratePower(claimText: string, side: 'atLeast' | 'atMost', threshold: number, tier: TierSpec, confidence: number): string[] {
  const { n, sequential } = tierSeeds(tier);
  const all = rateInterval(n, n, confidence, sequential);
  const none = rateInterval(0, n, confidence, sequential);
  const seeds = `${n} seed${n === 1 ? '' : 's'}`;
  const out: string[] = [];
  if (side === 'atLeast') {
    if (!(all.lower >= threshold)) out.push(`${seeds} cannot confirm ${claimText} (${n}/${n} gives a lower bound of ${f2(all.lower)})`);
    if (!(none.upper < threshold)) out.push(`${seeds} cannot refute ${claimText} (0/${n} gives an upper bound of ${f2(none.upper)})`);
  } else {
    if (!(none.upper <= threshold)) out.push(`${seeds} cannot confirm ${claimText} (0/${n} gives an upper bound of ${f2(none.upper)})`);
    if (!(all.lower > threshold)) out.push(`${seeds} cannot refute ${claimText} (${n}/${n} gives a lower bound of ${f2(all.lower)})`);
  }
  return out;
}
