/**
 * `compare`: rate(higher, outcome) - rate(lower, outcome) > minDifference (a mechanism outcome:
 * each rate among its arm's learned seeds, as `rate` counts it).
 *
 * Verdict: d = rate(higher) - rate(lower); pass when the lower bound of d's interval is >=
 * minDifference, fail when its upper bound is < minDifference (the data rule out a margin that
 * large), else inconclusive. Fisher's exact one-sided p-value (H1: higher's odds are greater) is
 * reported alongside; it does not decide (with minDifference > 0 it tests a different hypothesis).
 */
import { fisherExact } from '../../stats/index.ts';
import type { SeedOutcome } from '../seed-summary.ts';
import { isMechanismOutcome, rateCounts } from '../seed-summary.ts';
import type { CountedQuantity, Status } from '../result-types.ts';
import { differenceInterval, finiteOrNull, intervalVerdict, percent } from '../rate-intervals.ts';
import type { ExpectationKind } from './kind.ts';
import { f2, tierSeeds } from './power.ts';
import { outcomeRate } from './quantity.ts';
import { learnedText, MORE_LEARNED, MORE_SEEDS, OUTCOME_PHRASES, seedsOf } from './shared.ts';

/** rate(higher, outcome) - rate(lower, outcome) > minDifference (mechanism outcomes: each rate among its arm's learned seeds). */
export interface CompareExpectation {
  kind: 'compare';
  higher: string;
  lower: string;
  outcome: SeedOutcome;
  /** Default 0. */
  minDifference: number;
}

const signed = (x: number | null): string => (x === null ? '—' : `${x >= 0 ? '+' : ''}${x.toFixed(2)}`);

export const compareKind: ExpectationKind<CompareExpectation> = {
  kind: 'compare',
  learnedOnly: (exp) => isMechanismOutcome(exp.outcome),
  defaults: { minDifference: 0 },
  armFields: (exp) => [['higher', exp.higher], ['lower', exp.lower]],
  describe: (exp) => {
    const margin = exp.minDifference > 0 ? ` by more than ${percent(exp.minDifference)}` : '';
    const among = isMechanismOutcome(exp.outcome) ? ', among the seeds that learned,' : '';
    return `The share of seeds that ${OUTCOME_PHRASES[exp.outcome]} is${among} higher for ${exp.higher} than for ${exp.lower}${margin}.`;
  },
  label: (exp) => `${exp.outcome} rate higher by > ${percent(exp.minDifference)}`,
  evaluate: (exp, seedsByArm, confidence, { sequential }) => {
    const mechanism = isMechanismOutcome(exp.outcome);
    const hi = rateCounts(seedsOf(seedsByArm, exp.higher), exp.outcome);
    const lo = rateCounts(seedsOf(seedsByArm, exp.lower), exp.outcome);
    const { difference, arm1, arm2 } = differenceInterval(hi.x, hi.n, lo.x, lo.n, confidence, sequential);
    const fisher = hi.n && lo.n ? fisherExact(hi.x, hi.n - hi.x, lo.x, lo.n - lo.x) : null;
    const among = mechanism ? 'learned seeds' : 'all seeds';
    const counted = ([[exp.higher, hi], [exp.lower, lo]] as const).map(([arm, c]): CountedQuantity => ({ arm, name: exp.outcome, quantity: `${exp.outcome} among ${among}`, x: c.x, n: c.n, side: null, threshold: null, learned: c.learned, total: c.total }));
    const learned = mechanism ? `${learnedText(hi.learned, hi.total)} in ${exp.higher}, ${lo.learned} of ${lo.total} in ${exp.lower}; ` : '';
    const noSeeds = [exp.higher, exp.lower].filter((_, i) => (i === 0 ? hi.total : lo.total) === 0);
    const notLearned = [exp.higher, exp.lower].filter((_, i) => (i === 0 ? hi.n : lo.n) === 0);
    let status: Status = 'inconclusive';
    let verdictText: string;
    if (noSeeds.length) verdictText = `no seeds of ${noSeeds.join(' and ')} yet`;
    else if (notLearned.length) verdictText = `no seed of ${notLearned.join(' and ')} learned, so the rates cannot be compared`;
    else {
      const verdict = intervalVerdict(difference, exp.minDifference, 'atLeast', mechanism ? MORE_LEARNED : MORE_SEEDS);
      status = verdict.status;
      const fisherText = fisher ? `; Fisher exact one-sided p = ${fisher.pGreater.toPrecision(3)}` : '';
      verdictText = `${exp.outcome}: ${exp.higher} ${hi.x}/${hi.n}, ${exp.lower} ${lo.x}/${lo.n}; difference ${verdict.reason}${fisherText}`;
    }
    const span = (i: { lower: number; upper: number }) => ({ lower: i.lower, upper: i.upper });
    return {
      arms: [exp.higher, exp.lower],
      counted,
      n: { [exp.higher]: hi.n, [exp.lower]: lo.n },
      successes: { [exp.higher]: hi.x, [exp.lower]: lo.x },
      estimates: { [exp.higher]: finiteOrNull(arm1.estimate), [exp.lower]: finiteOrNull(arm2.estimate) },
      intervals: { [exp.higher]: span(arm1), [exp.lower]: span(arm2) },
      estimate: finiteOrNull(difference.estimate),
      interval: span(difference),
      threshold: exp.minDifference,
      pValue: fisher ? fisher.pGreater : null,
      method: `${difference.method}; Fisher exact one-sided`,
      sequential,
      status,
      reason: `${learned}${verdictText}`,
    };
  },
  estimateCell: (e) => {
    const [a = '', b = ''] = e.arms;
    return `${e.successes?.[a] ?? 0}/${e.n[a] ?? 0} vs ${e.successes?.[b] ?? 0}/${e.n[b] ?? 0}: ${signed(e.estimate)}`;
  },
  power: (exp, tier, confidence) => {
    // The best and worst case of a difference of rates, n seeds in each arm.
    const { n, sequential } = tierSeeds(tier);
    const best = differenceInterval(n, n, 0, n, confidence, sequential).difference;
    const worst = differenceInterval(0, n, n, n, confidence, sequential).difference;
    const claimText = `${exp.outcome} higher in ${exp.higher} than in ${exp.lower} by > ${exp.minDifference}`;
    const out: string[] = [];
    if (!(best.lower >= exp.minDifference)) out.push(`${n} seeds per arm cannot confirm ${claimText} (${n}/${n} vs 0/${n} gives a difference lower bound of ${f2(best.lower)})`);
    if (!(worst.upper < exp.minDifference)) out.push(`${n} seeds per arm cannot refute ${claimText} (0/${n} vs ${n}/${n} gives a difference upper bound of ${f2(worst.upper)})`);
    return out;
  },
  quantities: (exp) => [outcomeRate(exp.higher, exp.outcome, 'higher'), outcomeRate(exp.lower, exp.outcome, 'lower')],
  legacyName: (label) => ({ name: label.split(' ')[0] ?? label, side: null }),
};
