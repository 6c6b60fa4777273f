/**
 * Expectations in words: a sentence for reports and a short label for table cells.
 */
import type { Expectation } from './claim-types.ts';
import { boundOf } from './claim-types.ts';
import type { SeedOutcome } from './seed-summary.ts';
import { isMechanismMetric, isMechanismOutcome } from './seed-summary.ts';

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
function seedsPhrase(arm: string, outcome: SeedOutcome, given?: SeedOutcome): string {
  if (given !== undefined) return `${arm}'s seeds that learned and ${OUTCOME_PHRASES[given]}`;
  return isMechanismOutcome(outcome) ? `${arm}'s seeds that learned` : `${arm}'s seeds`;
}

/** 0.5 -> "50%". */
export const percent = (x: number): string => `${Number((x * 100).toFixed(1))}%`;

function intermediatesText(list: 'all' | number[]): string {
  return list === 'all' ? 'every intermediate t_i' : list.map((i) => `t_${i}`).join(', ');
}

/** The expectation as one readable sentence. */
export function describeExpectation(exp: Expectation): string {
  switch (exp.kind) {
    case 'rate': {
      const b = boundOf(exp);
      return `${b.side === 'atLeast' ? 'At least' : 'At most'} ${percent(b.value)} of ${seedsPhrase(exp.arm, exp.outcome, exp.given)} ${OUTCOME_PHRASES[exp.outcome]}.`;
    }
    case 'compare': {
      const margin = exp.minDifference > 0 ? ` by more than ${percent(exp.minDifference)}` : '';
      const among = isMechanismOutcome(exp.outcome) ? ', among the seeds that learned,' : '';
      return `The share of seeds that ${OUTCOME_PHRASES[exp.outcome]} is${among} higher for ${exp.higher} than for ${exp.lower}${margin}.`;
    }
    case 'ablation': {
      const b = boundOf(exp);
      const where = exp.ablation === 'fromOnset' ? 'from its onset layer on' : 'after its critical layer';
      const bound = `${b.side === 'atLeast' ? 'at least' : 'at most'} ${b.value}`;
      return `In at least ${percent(exp.atLeastFraction)} of ${exp.arm}'s ${exp.verdict} seeds, ${exp.mode === 'zero' ? 'zeroing' : 'mean-ablating'} t_i's residual ${where} leaves answer accuracy ${bound} for ${intermediatesText(exp.intermediates)}.`;
    }
    case 'metric':
      return `${exp.arms[0]}'s ${exp.metric} is ${exp.direction} than ${exp.arms[1]}'s (per seed${isMechanismMetric(exp.metric) ? ' that learned' : ''}, one-sided Mann-Whitney U).`;
  }
}

/** A short label for a table cell, e.g. `sequential >= 50%`. */
export function expectationLabel(exp: Expectation): string {
  const sign = (side: 'atLeast' | 'atMost') => (side === 'atLeast' ? '>=' : '<=');
  switch (exp.kind) {
    case 'rate': {
      const b = boundOf(exp);
      return `${rateName(exp.outcome, exp.given)} ${sign(b.side)} ${percent(b.value)}`;
    }
    case 'compare':
      return `${exp.outcome} rate higher by > ${percent(exp.minDifference)}`;
    case 'ablation': {
      const b = boundOf(exp);
      const which = exp.intermediates === 'all' ? '' : ` t${exp.intermediates.join(',')}`;
      return `${exp.ablation}/${exp.mode}${which} ${sign(b.side)} ${b.value} in >= ${percent(exp.atLeastFraction)} of ${exp.verdict}`;
    }
    case 'metric':
      return `${exp.metric}: ${exp.arms[0]} ${exp.direction === 'lower' ? '<' : '>'} ${exp.arms[1]}`;
  }
}

/** The name of a rate: the outcome, or `sequential given sequential-at-switch`. */
export const rateName = (outcome: SeedOutcome, given?: SeedOutcome): string => (given === undefined ? outcome : `${outcome} given ${given}`);

/** The name of an ablation expectation's rate, as baselines key it, e.g. `fromOnset/zero <= 0.5 (sequential seeds)`. */
export function ablationRateName(exp: Extract<Expectation, { kind: 'ablation' }>): string {
  const b = boundOf(exp);
  const which = exp.intermediates === 'all' ? '' : ` t${exp.intermediates.join(',')}`;
  return `${exp.ablation}/${exp.mode}${which} ${b.side === 'atLeast' ? '>=' : '<='} ${b.value} (${exp.verdict} seeds)`;
}
