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
import { mannWhitneyU } from '../stats/index.ts';
import type { Claim, Expectation, TierSpec } from './claim-types.ts';
import { boundOf, maxLooks } from './claim-types.ts';
import { rateName } from './describe-expectation.ts';
import { differenceInterval, rateInterval } from './rate-intervals.ts';

const f2 = (x: number): string => x.toFixed(2);

/** What the best and worst case of a rate claim give: `4 seeds cannot confirm sequential >= 0.8 (4/4 gives a lower bound of 0.40)`. */
function ratePower(claimText: string, side: 'atLeast' | 'atMost', threshold: number, n: number, confidence: number, sequential: boolean): string[] {
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

/** The best and worst case of a difference of rates, n seeds in each arm. */
function comparePower(exp: Extract<Expectation, { kind: 'compare' }>, n: number, confidence: number, sequential: boolean): string[] {
  const best = differenceInterval(n, n, 0, n, confidence, sequential).difference;
  const worst = differenceInterval(0, n, n, n, confidence, sequential).difference;
  const claimText = `${exp.outcome} higher in ${exp.higher} than in ${exp.lower} by > ${exp.minDifference}`;
  const out: string[] = [];
  if (!(best.lower >= exp.minDifference)) out.push(`${n} seeds per arm cannot confirm ${claimText} (${n}/${n} vs 0/${n} gives a difference lower bound of ${f2(best.lower)})`);
  if (!(worst.upper < exp.minDifference)) out.push(`${n} seeds per arm cannot refute ${claimText} (0/${n} vs ${n}/${n} gives a difference upper bound of ${f2(worst.upper)})`);
  return out;
}

/** Complete separation is the strongest evidence a rank test can see; its p is the same in both directions. */
function metricPower(exp: Extract<Expectation, { kind: 'metric' }>, n: number, alpha: number): string[] {
  const low = Array.from({ length: n }, (_, i) => i);
  const high = low.map((v) => v + n);
  const p = mannWhitneyU(low, high, { alternative: 'less' }).p;
  if (p < alpha) return [];
  return [`${n} seeds per arm cannot decide ${exp.metric}: ${exp.arms[0]} ${exp.direction} than ${exp.arms[1]} (complete separation gives one-sided p = ${p.toPrecision(2)}, alpha ${alpha.toPrecision(2)})`];
}

/** Why a tier can never decide this expectation (empty when it can). */
export function expectationPower(exp: Expectation, tier: TierSpec, confidence: number): string[] {
  const n = tier.maxSeeds;
  const sequential = tier.maxSeeds > tier.seeds;
  switch (exp.kind) {
    case 'rate': {
      const b = boundOf(exp);
      return ratePower(`${rateName(exp.outcome, exp.given)} ${b.side === 'atLeast' ? '>=' : '<='} ${b.value}`, b.side, b.value, n, confidence, sequential);
    }
    case 'ablation': {
      const b = boundOf(exp);
      const which = exp.intermediates === 'all' ? '' : ` t${exp.intermediates.join(',')}`;
      const claimText = `${exp.ablation}/${exp.mode}${which} ${b.side === 'atLeast' ? '>=' : '<='} ${b.value} in >= ${exp.atLeastFraction} of ${exp.verdict} seeds`;
      return ratePower(claimText, 'atLeast', exp.atLeastFraction, n, confidence, sequential);
    }
    case 'compare':
      return comparePower(exp, n, confidence, sequential);
    case 'metric':
      return metricPower(exp, n, (1 - confidence) / (sequential ? maxLooks(tier) : 1));
  }
}

/** Every warning of a claim, `tier smoke: expect.0: ...`, for the tiers asked (default: all of the claim's). */
export function tierWarnings(claim: Claim, tiers: readonly string[] = Object.keys(claim.tiers)): string[] {
  return tiers.flatMap((name) => {
    const tier = claim.tiers[name];
    if (!tier) return [];
    return claim.expect.flatMap((exp, i) => expectationPower(exp, tier, claim.confidence).map((w) => `tier ${name}: expect.${i}: ${w}`));
  });
}
