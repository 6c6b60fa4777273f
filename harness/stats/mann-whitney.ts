/**
 * Mann-Whitney U / Wilcoxon rank-sum test, following R's `wilcox.test`
 * (stats package) for two independent samples.
 *
 * References: Mann, H. B. & Whitney, D. R. (1947). Ann. Math. Statist. 18, 50-60.
 * Hollander, M. & Wolfe, D. A. (1973). Nonparametric Statistical Methods, pp. 68-75
 * (the reference R cites). The exact null distribution is counted with the
 * recursion f(m, n, u) = f(m - 1, n, u - n) + f(m, n - 1, u).
 */
import { normalCdf } from './normal.ts';
import { assertFiniteSample } from './validate.ts';

export type Alternative = 'two-sided' | 'less' | 'greater';

export interface MannWhitneyOptions {
  /** 'greater': xs tend to be larger than ys. Default 'two-sided'. */
  alternative?: Alternative;
  /**
   * Force the exact (true) or normal (false) method. Default: exact when there
   * are no ties and both samples have at most 50 values (R uses < 50).
   * Exact is impossible with ties; asking for it then throws.
   */
  exact?: boolean;
  /** Continuity correction for the normal approximation (default true, as R). */
  correct?: boolean;
}

export interface MannWhitneyResult {
  /** U for xs: #pairs with x > y plus half the tied pairs (R's W). */
  u: number;
  /** p-value; NaN when every value is tied (R reports NA). */
  p: number;
  method: 'exact' | 'normal';
}

/** Largest sample size for which the exact method is the default. */
export const EXACT_MAX_SIZE = 50;

/**
 * Mann-Whitney U test of xs versus ys.
 * @throws Error if either sample is empty or contains non-finite numbers.
 */
export function mannWhitneyU(
  xs: readonly number[],
  ys: readonly number[],
  options: MannWhitneyOptions = {},
): MannWhitneyResult {
  assertFiniteSample(xs, 'xs');
  assertFiniteSample(ys, 'ys');
  const alternative = options.alternative ?? 'two-sided';
  if (alternative !== 'two-sided' && alternative !== 'less' && alternative !== 'greater') {
    throw new Error(`alternative must be 'two-sided', 'less' or 'greater', got ${String(alternative)}`);
  }
  const m = xs.length;
  const n = ys.length;
  let u = 0;
  for (const x of xs) for (const y of ys) u += x > y ? 1 : x === y ? 0.5 : 0;
  const tieSizes = tieGroupSizes([...xs, ...ys]);
  const hasTies = tieSizes.some((t) => t > 1);
  const exact = options.exact ?? (!hasTies && m <= EXACT_MAX_SIZE && n <= EXACT_MAX_SIZE);
  if (exact) {
    if (hasTies) throw new Error('mannWhitneyU: the exact p-value is not available with ties');
    return { u, p: exactPValue(u, m, n, alternative), method: 'exact' };
  }
  return { u, p: normalPValue(u, m, n, tieSizes, alternative, options.correct ?? true), method: 'normal' };
}

/** Sizes of groups of equal values (1 for untied values). */
function tieGroupSizes(values: number[]): number[] {
  const counts = new Map<number, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return [...counts.values()];
}

/**
 * Null probability mass of U for sample sizes (m, n), index u = 0..m*n.
 * Dynamic programme over (i, j) using only additions of non-negative counts
 * (stable in floating point even when the counts exceed 2^53).
 */
export function mannWhitneyNullDistribution(m: number, n: number): number[] {
  // prev[j] = counts for (i - 1, j); cur[j] = counts for (i, j)
  let prev: number[][] = [];
  for (let j = 0; j <= n; j++) prev.push([1]); // i = 0: U = 0 with count 1
  for (let i = 1; i <= m; i++) {
    const cur: number[][] = [[1]]; // j = 0: U = 0 with count 1
    for (let j = 1; j <= n; j++) {
      const counts = new Array<number>(i * j + 1).fill(0);
      const fromX = prev[j] ?? []; // last element is an x, larger than all j ys: adds j
      const fromY = cur[j - 1] ?? []; // last element is a y: adds nothing
      fromX.forEach((c, u) => (counts[u + j] = (counts[u + j] ?? 0) + c));
      fromY.forEach((c, u) => (counts[u] = (counts[u] ?? 0) + c));
      cur.push(counts);
    }
    prev = cur;
  }
  const counts = prev[n] ?? [1];
  const total = counts.reduce((s, c) => s + c, 0);
  return counts.map((c) => c / total);
}

/** P(U <= q) from a null mass array. */
function cdfAt(mass: number[], q: number): number {
  let s = 0;
  for (let u = 0; u <= q && u < mass.length; u++) s += mass[u] ?? 0;
  return Math.min(1, s);
}

/** P(U >= q) from a null mass array, summed directly (no 1 - cdf cancellation). */
function upperTailAt(mass: number[], q: number): number {
  let s = 0;
  for (let u = Math.max(0, q); u < mass.length; u++) s += mass[u] ?? 0;
  return Math.min(1, s);
}

/** Null distributions already counted, by `m,n` (a sweep of tests at one size counts it once). */
const nullMemo = new Map<string, number[]>();

function memoNullDistribution(m: number, n: number): number[] {
  const key = `${m},${n}`;
  let mass = nullMemo.get(key);
  if (!mass) {
    mass = mannWhitneyNullDistribution(m, n);
    nullMemo.set(key, mass);
  }
  return mass;
}

/** Exact p-value as R's wilcox.test computes it (no ties, so U is an integer). */
function exactPValue(u: number, m: number, n: number, alternative: Alternative): number {
  const mass = memoNullDistribution(m, n);
  const upper = (q: number) => upperTailAt(mass, q); // P(U >= q)
  if (alternative === 'greater') return upper(u);
  if (alternative === 'less') return cdfAt(mass, u);
  const p = u > (m * n) / 2 ? upper(u) : cdfAt(mass, u);
  return Math.min(1, 2 * p);
}

/** Normal approximation with tie-corrected variance and continuity correction (R's formula). */
function normalPValue(
  u: number,
  m: number,
  n: number,
  tieSizes: number[],
  alternative: Alternative,
  correct: boolean,
): number {
  const N = m + n;
  const tieTerm = tieSizes.reduce((s, t) => s + t ** 3 - t, 0);
  const sigma = Math.sqrt(((m * n) / 12) * (N + 1 - tieTerm / (N * (N - 1))));
  const centred = u - (m * n) / 2;
  let correction = 0;
  if (correct) {
    if (alternative === 'two-sided') correction = Math.sign(centred) * 0.5;
    else correction = alternative === 'greater' ? 0.5 : -0.5;
  }
  if (!(sigma > 0)) return NaN;
  const z = (centred - correction) / sigma;
  if (alternative === 'less') return normalCdf(z);
  if (alternative === 'greater') return normalCdf(-z);
  return Math.min(1, 2 * Math.min(normalCdf(z), normalCdf(-z)));
}
