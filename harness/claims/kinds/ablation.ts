/**
 * `ablation`: what ablating an intermediate's residual stream does to answer accuracy, over the
 * learned seeds with a given verdict.
 *
 * Rule: the judged seeds are the arm's seeds whose probe verdict is `verdict` (never `failed`:
 * only seeds that learned are judged, and every reason starts with "x of n seeds learned within
 * the budget"). A judged seed MEETS the bound when its `ablation`/`mode` answer accuracy meets it
 * (atLeast: acc >= bound; atMost: acc <= bound) for EVERY chosen intermediate (i.e. the worst
 * intermediate decides: min accuracy for atLeast, max for atMost). With x of n judged seeds
 * meeting it, the expectation is the rate claim "fraction >= atLeastFraction", decided exactly
 * like a `rate` expectation (Clopper-Pearson, or the confidence sequence in sequential mode).
 * Seeds with none of the chosen intermediates ablated are left out and counted in the reason.
 * No judged seed at all: inconclusive, with the verdicts the seeds did get.
 *
 * Example: "zeroing from the onset layer breaks the sequential model" = verdict sequential,
 * fromOnset, zero, atMost 0.5, atLeastFraction 0.8.
 */
import { median } from 'simple-statistics';
import type { Verdict } from '../../probe/verdict.ts';
import { boundOf, DEFAULT_ABLATION_FRACTION } from '../claim-types.ts';
import type { Status } from '../result-types.ts';
import { intervalVerdict, percent, rateInterval } from '../rate-intervals.ts';
import type { SeedSummary } from '../seed-summary.ts';
import { learned, onsetAccuracy, verdictLabel } from '../seed-summary.ts';
import type { ExpectationKind } from './kind.ts';
import { ratePower } from './power.ts';
import type { RateQuantity } from './quantity.ts';
import { learnedText, MORE_LEARNED, rateCell, seedsOf, sign, singleArmResult } from './shared.ts';

/**
 * Among `arm`'s seeds with `verdict`, the fraction whose `ablation`/`mode` answer accuracy meets
 * the bound (atLeast / atMost) for EVERY chosen intermediate is at least `atLeastFraction`.
 */
export interface AblationExpectation {
  kind: 'ablation';
  arm: string;
  /** Seeds judged: the learned seeds with this verdict (never `failed`: a seed that did not learn has no mechanism to ablate). */
  verdict: Exclude<Verdict, 'failed'>;
  /** `afterCritical`: t_i zeroed after its critical layer; `fromOnset`: from its onset layer a_i on (was `fromCritical`). */
  ablation: 'afterCritical' | 'fromOnset';
  /** Default `zero`. */
  mode: 'zero' | 'mean';
  /** Default `all` (every ablated t_i, i = 1..K-1). */
  intermediates: 'all' | number[];
  atLeast?: number;
  atMost?: number;
  /** Default 0.5. */
  atLeastFraction: number;
}

/** ` t1,2` for chosen intermediates, '' for all. */
const which = (exp: AblationExpectation): string => (exp.intermediates === 'all' ? '' : ` t${exp.intermediates.join(',')}`);

/** The name of an ablation expectation's rate, as baselines key it, e.g. `fromOnset/zero <= 0.5 (sequential seeds)`. */
export function ablationRateName(exp: AblationExpectation): string {
  const b = boundOf(exp);
  return `${exp.ablation}/${exp.mode}${which(exp)} ${sign(b.side)} ${b.value} (${exp.verdict} seeds)`;
}

/** The accuracies of one seed under the expectation's ablation, one per chosen intermediate present. */
export function ablatedAccuracies(seed: SeedSummary, exp: AblationExpectation): number[] {
  const chosen = exp.intermediates;
  const pair = (a: SeedSummary['ablation'][number]) => (exp.ablation === 'fromOnset' ? onsetAccuracy(a) : a.afterCritical);
  return seed.ablation.filter((a) => chosen === 'all' || chosen.includes(a.i)).map((a) => pair(a)[exp.mode]);
}

function verdictCounts(seeds: readonly SeedSummary[]): string {
  const counts = new Map<string, number>();
  for (const s of seeds) counts.set(verdictLabel(s.verdict), (counts.get(verdictLabel(s.verdict)) ?? 0) + 1);
  return [...counts].map(([v, c]) => `${c} ${v}`).join(', ');
}

/** The judged seeds of an ablation expectation and how many meet its bound (the rule in the module comment). */
export function ablationCounts(seeds: readonly SeedSummary[], exp: AblationExpectation): { x: number; n: number; worst: number[]; withVerdict: number; learned: number; total: number } {
  const withVerdict = seeds.filter((s) => learned(s) && s.verdict === exp.verdict);
  const bound = boundOf(exp);
  const perSeed = withVerdict.map((s) => ablatedAccuracies(s, exp)).filter((accs) => accs.length > 0);
  const worst = perSeed.map((accs) => (bound.side === 'atLeast' ? Math.min(...accs) : Math.max(...accs)));
  const meets = (acc: number) => (bound.side === 'atLeast' ? acc >= bound.value : acc <= bound.value);
  return { x: worst.filter(meets).length, n: perSeed.length, worst, withVerdict: withVerdict.length, learned: seeds.filter(learned).length, total: seeds.length };
}

/** The ablation's rate as a baseline quantity: the fraction of judged seeds meeting the bound; higher is better. */
function ablationRate(exp: AblationExpectation): RateQuantity {
  return {
    kind: 'rate',
    arm: exp.arm,
    quantity: ablationRateName(exp),
    better: 'higher',
    count: (seeds) => {
      const c = ablationCounts(seeds, exp);
      return { successes: c.x, n: c.n };
    },
  };
}

export const ablationKind: ExpectationKind<AblationExpectation> = {
  kind: 'ablation',
  learnedOnly: () => true,
  defaults: { mode: 'zero', intermediates: 'all', atLeastFraction: DEFAULT_ABLATION_FRACTION },
  armFields: (exp) => [['arm', exp.arm]],
  describe: (exp) => {
    const b = boundOf(exp);
    const where = exp.ablation === 'fromOnset' ? 'from its onset layer on' : 'after its critical layer';
    const bound = `${b.side === 'atLeast' ? 'at least' : 'at most'} ${b.value}`;
    const intermediates = exp.intermediates === 'all' ? 'every intermediate t_i' : exp.intermediates.map((i) => `t_${i}`).join(', ');
    return `In at least ${percent(exp.atLeastFraction)} of ${exp.arm}'s ${exp.verdict} seeds, ${exp.mode === 'zero' ? 'zeroing' : 'mean-ablating'} t_i's residual ${where} leaves answer accuracy ${bound} for ${intermediates}.`;
  },
  label: (exp) => {
    const b = boundOf(exp);
    return `${exp.ablation}/${exp.mode}${which(exp)} ${sign(b.side)} ${b.value} in >= ${percent(exp.atLeastFraction)} of ${exp.verdict}`;
  },
  evaluate: (exp, seedsByArm, confidence, { sequential }) => {
    const all = seedsOf(seedsByArm, exp.arm);
    const bound = boundOf(exp);
    const c = ablationCounts(all, exp);
    const interval = rateInterval(c.x, c.n, confidence, sequential);
    const learnedPart = learnedText(c.learned, c.total);
    let status: Status = 'inconclusive';
    let reason: string;
    if (c.total === 0) {
      reason = `no seeds of ${exp.arm} yet`;
    } else if (c.learned === 0) {
      reason = `${learnedPart}, so the ablation cannot be judged`;
    } else if (c.withVerdict === 0) {
      reason = `${learnedPart}; none of them is ${exp.verdict} (${verdictCounts(all.filter(learned))}), so the ablation cannot be judged`;
    } else if (c.n === 0) {
      reason = `${learnedPart}; the ${c.withVerdict} ${exp.verdict} seeds have none of the chosen intermediates ablated`;
    } else {
      const verdict = intervalVerdict(interval, exp.atLeastFraction, 'atLeast', MORE_LEARNED);
      status = verdict.status;
      const side = bound.side === 'atLeast' ? 'min' : 'max';
      const skipped = c.withVerdict - c.n;
      const skippedText = skipped ? ` (${skipped} without the chosen intermediates left out)` : '';
      reason = `${learnedPart}; ${c.x}/${c.n} ${exp.verdict} seeds${skippedText} meet accuracy ${sign(bound.side)} ${bound.value} (median over seeds of the ${side} over intermediates: ${median(c.worst).toFixed(3)}); fraction ${verdict.reason}`;
    }
    const counted = { arm: exp.arm, name: ablationRateName(exp), quantity: `seeds meeting ${exp.ablation}/${exp.mode} ${sign(bound.side)} ${bound.value} among learned ${exp.verdict} seeds`, x: c.x, n: c.n, side: 'atLeast' as const, threshold: exp.atLeastFraction, learned: c.learned, total: c.total };
    return singleArmResult({ counted, interval, sequential, status, reason });
  },
  estimateCell: rateCell,
  power: (exp, tier, confidence) => {
    const b = boundOf(exp);
    const claimText = `${exp.ablation}/${exp.mode}${which(exp)} ${sign(b.side)} ${b.value} in >= ${exp.atLeastFraction} of ${exp.verdict} seeds`;
    return ratePower(claimText, 'atLeast', exp.atLeastFraction, tier, confidence);
  },
  quantities: (exp) => [ablationRate(exp)],
  storedRates: (exp) => [ablationRate(exp)],
  armProblems: (exp, index, arm) => {
    if (exp.arm !== arm.name || exp.intermediates === 'all') return [];
    const bad = exp.intermediates.filter((k) => k >= arm.config.K);
    return bad.length ? [`\`expect.${index}.intermediates\`: ${bad.join(', ')} not ablated in tier \`${arm.tier}\` (K = ${arm.config.K}: t_1..t_${arm.config.K - 1} are ablated)`] : [];
  },
  legacyName: (label) => {
    const m = /^(.+?) (<=|>=) (\S+) in >= \S+ of (\S+)$/.exec(label);
    return { name: m ? `${m[1]} ${m[2]} ${m[3]} (${m[4]} seeds)` : (label.split(' ')[0] ?? label), side: 'atLeast' };
  },
};
