/**
 * What several kinds share: how outcomes read in words, which seeds count, and the result of a
 * rate judged on one arm (`rate`, and `ablation`'s fraction of seeds).
 */
import type { CountedQuantity, Status } from '../result-types.ts';
import { finiteOrNull, type RateInterval } from '../rate-intervals.ts';
import type { SeedOutcome, SeedSummary } from '../seed-summary.ts';
import { isMechanismOutcome } from '../seed-summary.ts';
import type { Evaluated, SeedsByArm } from './kind.ts';

/** What a seed with `outcome` does, as a verb phrase ("are sequential"). */
export const OUTCOME_PHRASES: Record<SeedOutcome, string> = {
  sequential: 'are sequential (one composition step per layer)',
  partial: 'are partially sequential',
  memorised: 'memorise (converge without the sequential algorithm)',
  failed: 'fail (do not reach the target accuracy)',
  converged: 'converge (reach the target accuracy)',
  budget: 'run out of steps before the target accuracy',
  diverged: 'diverge (NaN/Inf loss)',
  staircase: 'show a logit-lens staircase',
  'sequential-at-switch': 'were sequential at the switch to full-sequence loss',
};

/** `universal-curriculum's seeds` + ` that learned` for a mechanism outcome (counted among learned seeds only). */
export function seedsPhrase(arm: string, outcome: SeedOutcome, given?: SeedOutcome): string {
  if (given !== undefined) return `${arm}'s seeds that learned and ${OUTCOME_PHRASES[given]}`;
  return isMechanismOutcome(outcome) ? `${arm}'s seeds that learned` : `${arm}'s seeds`;
}

/** `>=` or `<=`. */
export const sign = (side: 'atLeast' | 'atMost'): string => (side === 'atLeast' ? '>=' : '<=');

/** The name of a rate: the outcome, or `sequential given sequential-at-switch`. */
export const rateName = (outcome: SeedOutcome, given?: SeedOutcome): string => (given === undefined ? outcome : `${outcome} given ${given}`);

/** Seeds of `arm` (empty when the arm has none yet). */
export const seedsOf = (seedsByArm: SeedsByArm, arm: string): readonly SeedSummary[] => seedsByArm.get(arm) ?? [];

export const MORE_SEEDS = 'more seeds are needed to decide';
export const MORE_LEARNED = 'more seeds that learn are needed to decide';

/** `3 of 4 seeds learned within the budget`: how every mechanism reason starts. */
export const learnedText = (learned: number, total: number): string => `${learned} of ${total} seeds learned within the budget`;

/** The result of an expectation judged as one arm's rate x/n. */
export function singleArmResult(r: { counted: CountedQuantity & { x: number }; interval: RateInterval; sequential: boolean; status: Status; reason: string }): Evaluated {
  const { arm, x, n } = r.counted;
  const span = { lower: r.interval.lower, upper: r.interval.upper };
  const estimate = finiteOrNull(r.interval.estimate);
  return {
    arms: [arm],
    counted: [r.counted],
    n: { [arm]: n },
    successes: { [arm]: x },
    estimates: { [arm]: estimate },
    intervals: { [arm]: span },
    estimate,
    interval: span,
    threshold: r.counted.threshold,
    pValue: null,
    method: r.interval.method,
    sequential: r.sequential,
    status: r.status,
    reason: r.reason,
  };
}

/** The estimate cell of a one-arm rate: `3/4 = 0.75`. */
export function rateCell(e: { arms: string[]; successes: Record<string, number> | null; n: Record<string, number>; estimate: number | null }): string {
  const a = e.arms[0] ?? '';
  return `${e.successes?.[a] ?? 0}/${e.n[a] ?? 0} = ${e.estimate === null ? '—' : e.estimate.toFixed(2)}`;
}
