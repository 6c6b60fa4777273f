/**
 * `rate`: the fraction of an arm's seeds with an outcome is at least / at most a threshold.
 *
 * Which seeds count: a training outcome (converged, budget, diverged, failed) is counted among
 * all seeds of the arm; a mechanism outcome (sequential, partial, memorised, staircase,
 * sequential-at-switch) among the seeds that learned (verdict other than `failed`), and with
 * `given` among the learned seeds that have `given`. A seed that never reached its target says
 * nothing about what models learn, so an arm that did not learn can never make a mechanism
 * expectation pass or fail: with no learned seed it is inconclusive, and every mechanism reason
 * starts with "x of n seeds learned within the budget".
 *
 * Verdict: x of n counted seeds have the outcome; the rate's interval (rate-intervals.ts) against
 * the threshold: pass when it lies wholly on the claim's side, fail when wholly on the other
 * side, else inconclusive.
 */
import type { MechanismOutcome, SeedOutcome } from '../seed-summary.ts';
import { isMechanismOutcome, MECHANISM_OUTCOMES, rateCounts } from '../seed-summary.ts';
import { boundOf } from '../claim-types.ts';
import type { CountedQuantity, Status } from '../result-types.ts';
import { intervalVerdict, percent, rateInterval } from '../rate-intervals.ts';
import type { ExpectationKind } from './kind.ts';
import { outcomeRate } from './quantity.ts';
import { learnedText, MORE_LEARNED, MORE_SEEDS, OUTCOME_PHRASES, rateCell, rateName, seedsOf, seedsPhrase, sign, singleArmResult } from './shared.ts';
import { ratePower } from './power.ts';

/**
 * The fraction of `arm`'s seeds with `outcome` is at least / at most a threshold in (0, 1).
 * A mechanism outcome is counted among the seeds that learned; with `given`, among the seeds
 * that learned and have `given` (e.g. sequential given sequential-at-switch).
 */
export interface RateExpectation {
  kind: 'rate';
  arm: string;
  outcome: SeedOutcome;
  /** Condition: count only the learned seeds with this outcome. */
  given?: MechanismOutcome;
  atLeast?: number;
  atMost?: number;
}

export const rateKind: ExpectationKind<RateExpectation> = {
  kind: 'rate',
  defaults: {},
  learnedOnly: (exp) => isMechanismOutcome(exp.outcome) || exp.given !== undefined,
  armFields: (exp) => [['arm', exp.arm]],
  describe: (exp) => {
    const b = boundOf(exp);
    return `${b.side === 'atLeast' ? 'At least' : 'At most'} ${percent(b.value)} of ${seedsPhrase(exp.arm, exp.outcome, exp.given)} ${OUTCOME_PHRASES[exp.outcome]}.`;
  },
  label: (exp) => {
    const b = boundOf(exp);
    return `${rateName(exp.outcome, exp.given)} ${sign(b.side)} ${percent(b.value)}`;
  },
  evaluate: (exp, seedsByArm, confidence, { sequential }) => {
    const c = rateCounts(seedsOf(seedsByArm, exp.arm), exp.outcome, exp.given);
    const mechanism = isMechanismOutcome(exp.outcome) || exp.given !== undefined;
    const bound = boundOf(exp);
    const interval = rateInterval(c.x, c.n, confidence, sequential);
    const among = !mechanism ? 'all seeds' : exp.given ? `learned seeds that are ${exp.given}` : 'learned seeds';
    const counted: CountedQuantity & { x: number } = { arm: exp.arm, name: rateName(exp.outcome, exp.given), quantity: `${exp.outcome} among ${among}`, x: c.x, n: c.n, side: bound.side, threshold: bound.value, learned: c.learned, total: c.total };
    let status: Status = 'inconclusive';
    let reason: string;
    if (c.total === 0) {
      reason = `no seeds of ${exp.arm} yet`;
    } else if (!mechanism) {
      const verdict = intervalVerdict(interval, bound.value, bound.side, MORE_SEEDS);
      status = verdict.status;
      reason = `${c.x}/${c.n} seeds ${exp.outcome}; ${verdict.reason}`;
    } else if (c.learned === 0) {
      reason = `${learnedText(0, c.total)}, so what ${exp.arm}'s models learn cannot be judged`;
    } else if (c.n === 0) {
      reason = `${learnedText(c.learned, c.total)}, none of them ${exp.given}, so the rate given ${exp.given} cannot be judged`;
    } else {
      const verdict = intervalVerdict(interval, bound.value, bound.side, MORE_LEARNED);
      status = verdict.status;
      const given = exp.given ? `, ${c.n} of them ${exp.given}` : '';
      reason = `${learnedText(c.learned, c.total)}${given}; ${c.x}/${c.n} ${exp.given ? 'of those' : 'learned seeds'} ${exp.outcome}; ${verdict.reason}`;
    }
    return singleArmResult({ counted, interval, sequential, status, reason });
  },
  estimateCell: rateCell,
  power: (exp, tier, confidence) => {
    const b = boundOf(exp);
    return ratePower(`${rateName(exp.outcome, exp.given)} ${sign(b.side)} ${b.value}`, b.side, b.value, tier, confidence);
  },
  quantities: (exp) => [outcomeRate(exp.arm, exp.outcome, boundOf(exp).side === 'atLeast' ? 'higher' : 'lower', exp.given)],
  problems: (exp, index) => {
    // `given` conditions a mechanism rate on another mechanism outcome: a training outcome or the outcome itself makes no sense.
    if (exp.given === undefined) return [];
    const p = `expect.${index}`;
    if (!isMechanismOutcome(exp.outcome)) return [`\`${p}.outcome\`: \`${exp.outcome}\` is a training outcome (counted among all seeds), but \`given\` counts among the learned seeds with \`${exp.given}\`; use one of ${MECHANISM_OUTCOMES.join(', ')}, or drop \`given\``];
    if (exp.outcome === exp.given) return [`\`${p}.given\` equals \`outcome\` (\`${exp.outcome}\`): that rate is 1 by definition`];
    return [];
  },
  armProblems: (exp, index, arm) => {
    // `sequential-at-switch` (as outcome or given) needs a curriculum arm: only a curriculum probes at the switch.
    if (exp.arm !== arm.name || arm.config.loss === 'curriculum') return [];
    const field = exp.outcome === 'sequential-at-switch' ? 'outcome' : exp.given === 'sequential-at-switch' ? 'given' : null;
    if (!field) return [];
    return [`\`expect.${index}.${field}\`: \`sequential-at-switch\` needs a curriculum arm, but \`${arm.name}\` trains with loss \`${arm.config.loss}\` in tier \`${arm.tier}\` (no switch, so no probe at it)`];
  },
  legacyName: (label) => ({ name: label.split(' ')[0] ?? label, side: label.includes(' <= ') ? 'atMost' : 'atLeast' }),
};
