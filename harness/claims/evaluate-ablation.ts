/**
 * `ablation` expectations: what ablating an intermediate's residual stream does
 * to answer accuracy, over the seeds with a given verdict.
 *
 * Rule: the judged seeds are the arm's seeds whose probe verdict is `verdict`.
 * A judged seed MEETS the bound when its `ablation`/`mode` answer accuracy meets
 * it (atLeast: acc >= bound; atMost: acc <= bound) for EVERY chosen intermediate
 * (i.e. the worst intermediate decides: min accuracy for atLeast, max for atMost).
 * With x of n judged seeds meeting it, the expectation is the rate claim
 * "fraction >= atLeastFraction", decided exactly like a `rate` expectation
 * (Wilson, or the confidence sequence in sequential mode). Seeds with none of
 * the chosen intermediates ablated are left out and counted in the reason.
 * No judged seed at all: inconclusive, with the verdicts the seeds did get.
 *
 * Example: "zeroing from the critical layer breaks the sequential model" =
 * verdict sequential, fromCritical, zero, atMost 0.5, atLeastFraction 0.8.
 */
import { median } from 'simple-statistics';
import type { AblationExpectation } from './claim-types.ts';
import { boundOf } from './claim-types.ts';
import { seedsOf, singleArmResult } from './evaluate-rates.ts';
import type { ExpectationResult } from './result-types.ts';
import { intervalVerdict, rateInterval } from './rate-intervals.ts';
import type { SeedSummary } from './seed-summary.ts';

/** The accuracies of one seed under the expectation's ablation, one per chosen intermediate present. */
export function ablatedAccuracies(seed: SeedSummary, exp: AblationExpectation): number[] {
  const chosen = exp.intermediates;
  return seed.ablation.filter((a) => chosen === 'all' || chosen.includes(a.i)).map((a) => a[exp.ablation][exp.mode]);
}

function verdictCounts(seeds: readonly SeedSummary[]): string {
  const counts = new Map<string, number>();
  for (const s of seeds) counts.set(s.verdict, (counts.get(s.verdict) ?? 0) + 1);
  return [...counts].map(([v, c]) => `${c} ${v}`).join(', ');
}

/** The judged seeds of an ablation expectation and how many meet its bound (the rule in the module comment). */
export function ablationCounts(seeds: readonly SeedSummary[], exp: AblationExpectation): { x: number; n: number; worst: number[]; withVerdict: number } {
  const withVerdict = seeds.filter((s) => s.verdict === exp.verdict);
  const bound = boundOf(exp);
  const perSeed = withVerdict.map((s) => ablatedAccuracies(s, exp)).filter((accs) => accs.length > 0);
  const worst = perSeed.map((accs) => (bound.side === 'atLeast' ? Math.min(...accs) : Math.max(...accs)));
  const meets = (acc: number) => (bound.side === 'atLeast' ? acc >= bound.value : acc <= bound.value);
  return { x: worst.filter(meets).length, n: perSeed.length, worst, withVerdict: withVerdict.length };
}

/** Evaluate an `ablation` expectation. */
export function evaluateAblation(exp: AblationExpectation, seedsByArm: ReadonlyMap<string, readonly SeedSummary[]>, confidence: number, sequential: boolean): ExpectationResult {
  const all = seedsOf(seedsByArm, exp.arm);
  const bound = boundOf(exp);
  const { x, n, worst, withVerdict } = ablationCounts(all, exp);
  const skipped = withVerdict - n;
  const interval = rateInterval(x, n, confidence, sequential);
  let status: ExpectationResult['status'];
  let reason: string;
  if (all.length === 0) {
    status = 'inconclusive';
    reason = `no seeds of ${exp.arm} yet`;
  } else if (n === 0) {
    status = 'inconclusive';
    reason =
      withVerdict === 0
        ? `none of the ${all.length} seeds of ${exp.arm} is ${exp.verdict} (${verdictCounts(all)}), so the ablation cannot be judged`
        : `the ${withVerdict} ${exp.verdict} seeds have none of the chosen intermediates ablated`;
  } else {
    const verdict = intervalVerdict(interval, exp.atLeastFraction, 'atLeast', 'more seeds are needed to decide');
    status = verdict.status;
    const side = bound.side === 'atLeast' ? 'min' : 'max';
    const skippedText = skipped ? ` (${skipped} without the chosen intermediates left out)` : '';
    reason = `${x}/${n} ${exp.verdict} seeds${skippedText} meet accuracy ${bound.side === 'atLeast' ? '>=' : '<='} ${bound.value} (median over seeds of the ${side} over intermediates: ${median(worst).toFixed(3)}); fraction ${verdict.reason}`;
  }
  return singleArmResult({ exp, arm: exp.arm, x, n, interval, threshold: exp.atLeastFraction, sequential, status, reason });
}
