/**
 * Fisher's exact test for a 2x2 table.
 *
 * Reference: Fisher, R. A. (1935). The Design of Experiments (lady tasting tea);
 * two-sided p-value and tolerance as in R's `fisher.test` (stats package):
 * sum of the null probabilities of all tables whose probability is
 * <= (1 + 1e-7) times that of the observed table.
 */
import { logChoose } from './special.ts';
import { assertCount } from './validate.ts';

export interface FisherResult {
  /** P(X <= a) under the null: evidence that arm 1's odds are LOWER than arm 2's. */
  pLess: number;
  /** P(X >= a) under the null: evidence that arm 1's odds are HIGHER than arm 2's. */
  pGreater: number;
  /** Two-sided p-value (R's definition, relative tolerance 1e-7). */
  pTwoSided: number;
  /** Sample odds ratio (a*d)/(b*c); Infinity when b*c = 0 < a*d, NaN when both are 0. */
  oddsRatio: number;
  /**
   * Conditional maximum-likelihood odds ratio (the `estimate` R's fisher.test
   * reports), from the noncentral hypergeometric distribution; 0 or Infinity
   * when a is at the edge of its support.
   */
  conditionalOddsRatio: number;
}

/** Relative tolerance R uses when comparing table probabilities. */
const RELATIVE_TOLERANCE = 1 + 1e-7;

/**
 * Fisher's exact test for the table [[a, b], [c, d]] with rows = arms and
 * columns = (success, failure): arm 1 has a successes and b failures, arm 2
 * has c successes and d failures. Conditions on all margins; X = the count in
 * the top-left cell is hypergeometric under H0 (equal success probabilities).
 * Uses log-factorials (log-gamma) for stability.
 * @throws Error if any cell is negative or non-integer.
 */
export function fisherExact(a: number, b: number, c: number, d: number): FisherResult {
  const { lo, hi, dens, m, n, k } = nullDensity(a, b, c, d);
  const observed = dens[a - lo] ?? 0;
  let pLess = 0;
  let pGreater = 0;
  let pTwoSided = 0;
  dens.forEach((p, i) => {
    const x = lo + i;
    if (x <= a) pLess += p;
    if (x >= a) pGreater += p;
    if (p <= observed * RELATIVE_TOLERANCE) pTwoSided += p;
  });
  return {
    pLess: Math.min(1, pLess),
    pGreater: Math.min(1, pGreater),
    pTwoSided: Math.min(1, pTwoSided),
    oddsRatio: sampleOddsRatio(a, b, c, d),
    conditionalOddsRatio: conditionalMle(a, lo, hi, m, n, k),
  };
}

/** The hypergeometric null density of the top-left cell, conditional on the margins. */
function nullDensity(a: number, b: number, c: number, d: number): { lo: number; hi: number; dens: number[]; m: number; n: number; k: number } {
  assertCount(a, 'a');
  assertCount(b, 'b');
  assertCount(c, 'c');
  assertCount(d, 'd');
  const m = a + b; // arm 1 size
  const n = c + d; // arm 2 size
  const k = a + c; // total successes
  const lo = Math.max(0, k - n);
  const hi = Math.min(k, m);
  const logDenom = logChoose(m + n, k);
  const probs: number[] = [];
  for (let x = lo; x <= hi; x++) {
    probs.push(Math.exp(logChoose(m, x) + logChoose(n, k - x) - logDenom));
  }
  const total = probs.reduce((s, p) => s + p, 0);
  return { lo, hi, dens: probs.map((p) => p / total), m, n, k }; // renormalise away rounding
}

/**
 * The one-sided p-values of fisherExact alone (no odds-ratio estimate, which costs a
 * root search): for code that runs the test many times.
 */
export function fisherOneSided(a: number, b: number, c: number, d: number): Pick<FisherResult, 'pLess' | 'pGreater'> {
  const { lo, dens } = nullDensity(a, b, c, d);
  let pLess = 0;
  let pGreater = 0;
  dens.forEach((p, i) => {
    if (lo + i <= a) pLess += p;
    if (lo + i >= a) pGreater += p;
  });
  return { pLess: Math.min(1, pLess), pGreater: Math.min(1, pGreater) };
}

function sampleOddsRatio(a: number, b: number, c: number, d: number): number {
  const num = a * d;
  const den = b * c;
  if (den === 0) return num === 0 ? NaN : Infinity;
  return num / den;
}

/** Mean of the noncentral hypergeometric distribution with log odds ratio `logPsi`. */
function noncentralMean(logPsi: number, lo: number, hi: number, m: number, n: number, k: number): number {
  const logWeights: number[] = [];
  for (let x = lo; x <= hi; x++) logWeights.push(logChoose(m, x) + logChoose(n, k - x) + x * logPsi);
  const maxLog = Math.max(...logWeights);
  let sumW = 0;
  let sumXW = 0;
  logWeights.forEach((lw, i) => {
    const w = Math.exp(lw - maxLog);
    sumW += w;
    sumXW += (lo + i) * w;
  });
  return sumXW / sumW;
}

/**
 * Conditional MLE of the odds ratio: solves E[X; psi] = a (the mean is
 * increasing in psi) by bisection on log(psi), as R's fisher.test does with uniroot.
 */
function conditionalMle(a: number, lo: number, hi: number, m: number, n: number, k: number): number {
  if (lo === hi) return NaN;
  if (a === lo) return 0;
  if (a === hi) return Infinity;
  let left = -50;
  let right = 50;
  for (let i = 0; i < 200 && right - left > 1e-13; i++) {
    const mid = (left + right) / 2;
    if (noncentralMean(mid, lo, hi, m, n, k) < a) left = mid;
    else right = mid;
  }
  return Math.exp((left + right) / 2);
}
