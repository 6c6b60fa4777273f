/**
 * `ablation` expectations: what ablating an intermediate's residual stream does
 * to answer accuracy, over the learned seeds with a given verdict.
 *
 * Rule: the judged seeds are the arm's seeds whose probe verdict is `verdict` (never
 * `failed`: only seeds that learned are judged, and every reason starts with "x of n seeds
 * learned within the budget"). A judged seed MEETS the bound when its `ablation`/`mode`
 * answer accuracy meets it (atLeast: acc >= bound; atMost: acc <= bound) for EVERY chosen
 * intermediate (i.e. the worst intermediate decides: min accuracy for atLeast, max for
 * atMost). With x of n judged seeds meeting it, the expectation is the rate claim
 * "fraction >= atLeastFraction", decided exactly like a `rate` expectation (Clopper-Pearson,
 * or the confidence sequence in sequential mode). Seeds with none of the chosen
 * intermediates ablated are left out and counted in the reason. No judged seed at all:
 * inconclusive, with the verdicts the seeds did get.
 *
 * Example: "zeroing from the onset layer breaks the sequential model" =
 * verdict sequential, fromOnset, zero, atMost 0.5, atLeastFraction 0.8.
 */
import { median } from 'simple-statistics';
import type { AblationExpectation } from './claim-types.ts';
import { boundOf } from './claim-types.ts';
import { ablationRateName } from './describe-expectation.ts';
import { learnedText, seedsOf, singleArmResult } from './evaluate-rates.ts';
import type { ExpectationResult } from './result-types.ts';
import { intervalVerdict, rateInterval } from './rate-intervals.ts';
import type { SeedSummary } from './seed-summary.ts';
import { learned, onsetAccuracy } from './seed-summary.ts';

/** The accuracies of one seed under the expectation's ablation, one per chosen intermediate present. */
export function ablatedAccuracies(seed: SeedSummary, exp: AblationExpectation): number[] {
  const chosen = exp.intermediates;
  const pair = (a: SeedSummary['ablation'][number]) => (exp.ablation === 'fromOnset' ? onsetAccuracy(a) : a.afterCritical);
  return seed.ablation.filter((a) => chosen === 'all' || chosen.includes(a.i)).map((a) => pair(a)[exp.mode]);
}

function verdictCounts(seeds: readonly SeedSummary[]): string {
  const counts = new Map<string, number>();
  for (const s of seeds) counts.set(s.verdict, (counts.get(s.verdict) ?? 0) + 1);
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

/** Evaluate an `ablation` expectation. */
export function evaluateAblation(exp: AblationExpectation, seedsByArm: ReadonlyMap<string, readonly SeedSummary[]>, confidence: number, sequential: boolean): ExpectationResult {
  const all = seedsOf(seedsByArm, exp.arm);
  const bound = boundOf(exp);
  const c = ablationCounts(all, exp);
  const interval = rateInterval(c.x, c.n, confidence, sequential);
  const learnedPart = learnedText(c.learned, c.total);
  const sign = bound.side === 'atLeast' ? '>=' : '<=';
  let status: ExpectationResult['status'] = 'inconclusive';
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
    const verdict = intervalVerdict(interval, exp.atLeastFraction, 'atLeast', 'more seeds that learn are needed to decide');
    status = verdict.status;
    const side = bound.side === 'atLeast' ? 'min' : 'max';
    const skipped = c.withVerdict - c.n;
    const skippedText = skipped ? ` (${skipped} without the chosen intermediates left out)` : '';
    reason = `${learnedPart}; ${c.x}/${c.n} ${exp.verdict} seeds${skippedText} meet accuracy ${sign} ${bound.value} (median over seeds of the ${side} over intermediates: ${median(c.worst).toFixed(3)}); fraction ${verdict.reason}`;
  }
  const name = ablationRateName(exp);
  const counted = { arm: exp.arm, name, quantity: `seeds meeting ${exp.ablation}/${exp.mode} ${sign} ${bound.value} among learned ${exp.verdict} seeds`, x: c.x, n: c.n, side: 'atLeast' as const, threshold: exp.atLeastFraction, learned: c.learned, total: c.total };
  return singleArmResult({ exp, counted, interval, sequential, status, reason });
}
