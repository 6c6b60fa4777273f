/**
 * `metric`: per-seed numbers of arm a versus arm b (one-sided Mann-Whitney U).
 *
 * Rule: one-sided Mann-Whitney U of a's values versus b's (exact without ties
 * and n <= 50, else the normal approximation with tie and continuity
 * corrections, as R's wilcox.test) at alpha = 1 - confidence: pass when the test
 * in the claimed direction gives p < alpha, fail when the test in the opposite
 * direction does, else inconclusive. In sequential mode alpha is divided by the
 * number of looks the tier allows (Bonferroni over looks; Mann-Whitney has no
 * anytime-valid form here), so repeated looks keep P(wrong verdict) <= alpha.
 * Reported: medians, their difference (a - b) and a percentile bootstrap
 * interval of it (2,000 resamples of each arm, seed 1) at the claim's confidence.
 *
 * Which seeds: `sequentialSteps` says what a model learned, so it is compared among the
 * seeds that learned only (verdict other than `failed`), and its reason starts with
 * "x of n seeds learned within the budget"; the training metrics use every seed.
 *
 * Missing values: for stepsToTarget and switchedAtStep, null means "never within
 * the step budget"; such a seed ranks above every seed with a value (a censored,
 * infinitely late time), its median may be infinite (null in the record), and no
 * bootstrap interval is given. For other metrics a null value is left out.
 */
import { median } from 'simple-statistics';
import { bootstrapDifferenceInterval, mannWhitneyU } from '../../stats/index.ts';
import { maxLooks } from '../claim-types.ts';
import type { CountedQuantity, Span, Status } from '../result-types.ts';
import { finiteOrNull, formatSpan, percent } from '../rate-intervals.ts';
import type { SeedMetric, SeedSummary } from '../seed-summary.ts';
import { isMechanismMetric, learned } from '../seed-summary.ts';
import type { Evaluated, ExpectationKind, KindOptions, SeedsByArm } from './kind.ts';
import { tierSeeds } from './power.ts';
import { flip } from './quantity.ts';
import { learnedText, seedsOf } from './shared.ts';

/** Per-seed `metric` of arms[0] is lower / higher than of arms[1] (one-sided Mann-Whitney U). */
export interface MetricExpectation {
  kind: 'metric';
  metric: SeedMetric;
  arms: [string, string];
  direction: 'lower' | 'higher';
}

const span = (i: Span): Span => ({ lower: i.lower, upper: i.upper });
const compact = (x: number | null): string => (x === null ? 'never' : `${Number(x.toPrecision(4))}`);

/** Metrics whose null means "never happened within the budget" (ranked as +infinity). */
export const CENSORED_METRICS: readonly SeedMetric[] = ['stepsToTarget', 'switchedAtStep'];

/** Values of `metric` over seeds: censored nulls as Infinity, other nulls dropped. */
export function metricValues(seeds: readonly SeedSummary[], metric: SeedMetric): number[] {
  const censored = CENSORED_METRICS.includes(metric);
  return seeds.flatMap((s) => {
    const v = s.metrics[metric];
    if (v === null) return censored ? [Infinity] : [];
    return [v];
  });
}

/** Median that allows +Infinity values (sorted middle; NaN for an empty sample). */
function medianOf(values: readonly number[]): number {
  if (values.length === 0) return NaN;
  if (values.every(Number.isFinite)) return median([...values]);
  const sorted = [...values].sort((p, q) => p - q);
  const mid = sorted.length / 2;
  return Number.isInteger(mid) ? (sorted[mid - 1]! + sorted[mid]!) / 2 : sorted[Math.floor(mid)]!;
}

/** Evaluate a `metric` expectation. */
function evaluateMetric(exp: MetricExpectation, seedsByArm: SeedsByArm, confidence: number, options: KindOptions): Evaluated {
  const [armA, armB] = exp.arms;
  const mechanism = isMechanismMetric(exp.metric);
  const seedsA = seedsOf(seedsByArm, armA);
  const seedsB = seedsOf(seedsByArm, armB);
  const judged = (seeds: readonly SeedSummary[]) => (mechanism ? seeds.filter(learned) : seeds);
  const rawA = metricValues(judged(seedsA), exp.metric);
  const rawB = metricValues(judged(seedsB), exp.metric);
  const learnedA = seedsA.filter(learned).length;
  const learnedB = seedsB.filter(learned).length;
  const count = (arm: string, raw: number[], learnedSeeds: number, total: number): CountedQuantity => ({ arm, name: exp.metric, quantity: `${exp.metric} of ${mechanism ? 'learned' : 'all'} seeds`, x: null, n: raw.length, side: null, threshold: null, learned: learnedSeeds, total });
  const counted = [count(armA, rawA, learnedA, seedsA.length), count(armB, rawB, learnedB, seedsB.length)];
  const learnedPart = mechanism ? `${learnedText(learnedA, seedsA.length)} in ${armA}, ${learnedB} of ${seedsB.length} in ${armB}; ` : '';
  if (options.sequential && !(options.looks && options.looks >= 1)) throw new Error('evaluateMetric: sequential mode needs `looks` (maxLooks(tier)) for the Bonferroni correction');
  const looks = options.sequential ? (options.looks ?? 1) : 1;
  const alpha = (1 - confidence) / looks;
  const medA = medianOf(rawA);
  const medB = medianOf(rawB);
  const allFinite = [...rawA, ...rawB].every(Number.isFinite);
  const canTest = rawA.length > 0 && rawB.length > 0;
  const interval = canTest && allFinite ? span(bootstrapDifferenceInterval(rawA, rawB, median, { confidence, resamples: 2000, seed: 1 })) : null;
  let pValue: number | null = null;
  let status: Status = 'inconclusive';
  let reason: string;
  if (!canTest) {
    reason = `${learnedPart}no ${exp.metric} values for ${rawA.length ? armB : armA} yet`;
  } else {
    // Ranks are all the test uses: a censored value becomes one above every finite value.
    const top = Math.max(0, ...[...rawA, ...rawB].filter(Number.isFinite)) + 1;
    const ranked = (xs: number[]) => xs.map((v) => (Number.isFinite(v) ? v : top));
    const claimed = exp.direction === 'lower' ? 'less' : 'greater';
    const opposite = exp.direction === 'lower' ? 'greater' : 'less';
    const p = mannWhitneyU(ranked(rawA), ranked(rawB), { alternative: claimed }).p;
    const pOpposite = mannWhitneyU(ranked(rawA), ranked(rawB), { alternative: opposite }).p;
    pValue = Number.isNaN(p) ? null : p;
    const alphaText = `alpha ${alpha.toPrecision(3)}${looks > 1 ? ` (${percent(1 - confidence)} / ${looks} looks)` : ''}`;
    if (p < alpha) status = 'pass';
    else if (pOpposite < alpha) status = 'fail';
    const pText = pValue === null ? 'every value tied, no test' : `one-sided p = ${p.toPrecision(3)} (opposite direction ${pOpposite.toPrecision(3)}), ${alphaText}`;
    const fmt = (m: number) => (Number.isFinite(m) ? `${Number(m.toPrecision(4))}` : 'never');
    const censoredText = allFinite ? '' : '; seeds that never got a value rank last';
    reason = `${learnedPart}median ${exp.metric}: ${armA} ${fmt(medA)} (n ${rawA.length}), ${armB} ${fmt(medB)} (n ${rawB.length})${interval ? `, difference ${formatSpan(interval)} (bootstrap)` : ''}; ${pText}${censoredText}`;
  }
  return {
    arms: [armA, armB],
    counted,
    n: { [armA]: rawA.length, [armB]: rawB.length },
    successes: null,
    estimates: { [armA]: finiteOrNull(medA), [armB]: finiteOrNull(medB) },
    intervals: { [armA]: null, [armB]: null },
    estimate: finiteOrNull(medA - medB),
    interval,
    threshold: null,
    pValue,
    method: `Mann-Whitney U one-sided, ${options.sequential ? `Bonferroni over ${looks} looks; ` : ''}bootstrap ${percent(confidence)} of the median difference`,
    sequential: options.sequential,
    status,
    reason,
  };
}

/** Complete separation is the strongest evidence a rank test can see; its p is the same in both directions. */
function metricPower(exp: MetricExpectation, n: number, alpha: number): string[] {
  const low = Array.from({ length: n }, (_, i) => i);
  const high = low.map((v) => v + n);
  const p = mannWhitneyU(low, high, { alternative: 'less' }).p;
  if (p < alpha) return [];
  return [`${n} seeds per arm cannot decide ${exp.metric}: ${exp.arms[0]} ${exp.direction} than ${exp.arms[1]} (complete separation gives one-sided p = ${p.toPrecision(2)}, alpha ${alpha.toPrecision(2)})`];
}

export const metricKind: ExpectationKind<MetricExpectation> = {
  kind: 'metric',
  learnedOnly: (exp) => isMechanismMetric(exp.metric),
  defaults: {},
  armFields: (exp) => [['arms.0', exp.arms[0]], ['arms.1', exp.arms[1]]],
  describe: (exp) => `${exp.arms[0]}'s ${exp.metric} is ${exp.direction} than ${exp.arms[1]}'s (per seed${isMechanismMetric(exp.metric) ? ' that learned' : ''}, one-sided Mann-Whitney U).`,
  label: (exp) => `${exp.metric}: ${exp.arms[0]} ${exp.direction === 'lower' ? '<' : '>'} ${exp.arms[1]}`,
  evaluate: evaluateMetric,
  estimateCell: (e) => `median ${compact(e.estimates[e.arms[0] ?? ''] ?? null)} vs ${compact(e.estimates[e.arms[1] ?? ''] ?? null)}`,
  power: (exp, tier, confidence) => {
    const { n, sequential } = tierSeeds(tier);
    return metricPower(exp, n, (1 - confidence) / (sequential ? maxLooks(tier) : 1));
  },
  quantities: (exp) => [
    { kind: 'metric', arm: exp.arms[0], quantity: exp.metric, better: exp.direction },
    { kind: 'metric', arm: exp.arms[1], quantity: exp.metric, better: flip(exp.direction) },
  ],
  legacyName: (label) => ({ name: label.split(':')[0] ?? label, side: null }),
};
