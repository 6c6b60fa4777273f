/**
 * How often the baseline comparison cries wolf, and how often it catches a real drop.
 *
 * Rates: exact. With n_b baseline seeds at true rate p_b and n_c current seeds at p_c, the
 * chance of a `regression` verdict is the sum over every outcome (x_c, x_b) of
 * Binomial(n_c, p_c)(x_c) * Binomial(n_b, p_b)(x_b) * [compareRate says regression]. With
 * p_c = p_b it is the false-alarm rate; with p_c = p_b - drop, the power. Metrics: a seeded
 * simulation (continuous values, shifted).
 */
import { logChoose, mulberry32 } from '../stats/index.ts';
import { compareMetric } from './compare-metric.ts';
import { rateVerdict, type CompareSettings } from './compare-rate.ts';
import type { ComparisonStatus } from '../claims/result-types.ts';

function binomialPmf(n: number, p: number): number[] {
  return Array.from({ length: n + 1 }, (_, x) => {
    if (p === 0) return x === 0 ? 1 : 0;
    if (p === 1) return x === n ? 1 : 0;
    return Math.exp(logChoose(n, x) + x * Math.log(p) + (n - x) * Math.log(1 - p));
  });
}

/** The verdict of every outcome (x_c, x_b), counted once per sizes and settings. */
const verdictGrids = new Map<string, ComparisonStatus[][]>();

function verdictGrid(nCurrent: number, nBaseline: number, settings: CompareSettings): ComparisonStatus[][] {
  const key = JSON.stringify([nCurrent, nBaseline, settings.alpha, settings.minEffect]);
  let grid = verdictGrids.get(key);
  if (!grid) {
    grid = Array.from({ length: nCurrent + 1 }, (_, xc) =>
      Array.from({ length: nBaseline + 1 }, (_, xb) => rateVerdict({ successes: xc, n: nCurrent }, { successes: xb, n: nBaseline }, 'higher', settings).status),
    );
    verdictGrids.set(key, grid);
  }
  return grid;
}

/**
 * P(the comparison says `status`) when the baseline's seeds succeed with probability
 * `pBaseline` and the current seeds with `pCurrent`; the claim wants the rate higher.
 */
export function rateVerdictProbability(opts: { nCurrent: number; nBaseline: number; pCurrent: number; pBaseline: number; status?: ComparisonStatus; settings: CompareSettings }): number {
  const status = opts.status ?? 'regression';
  const grid = verdictGrid(opts.nCurrent, opts.nBaseline, opts.settings);
  const pc = binomialPmf(opts.nCurrent, opts.pCurrent);
  const pb = binomialPmf(opts.nBaseline, opts.pBaseline);
  let total = 0;
  pc.forEach((wc, xc) => pb.forEach((wb, xb) => {
    if (grid[xc]![xb] === status) total += wc * wb;
  }));
  return total;
}

/** The largest false-alarm rate over true rates 0, 0.05, ..., 1 (baseline and current alike). */
export function worstRateFalseAlarm(n: number, settings: CompareSettings): { rate: number; atP: number } {
  let worst = { rate: 0, atP: 0 };
  for (let i = 0; i <= 20; i++) {
    const p = i / 20;
    const rate = rateVerdictProbability({ nCurrent: n, nBaseline: n, pCurrent: p, pBaseline: p, settings });
    if (rate > worst.rate) worst = { rate, atP: p };
  }
  return worst;
}

/** Power against a drop of `drop` in rate, at each baseline rate from drop to 1 in steps of 0.05. */
export function ratePowerCurve(n: number, drop: number, settings: CompareSettings): { pBaseline: number; power: number }[] {
  const out: { pBaseline: number; power: number }[] = [];
  for (let i = 0; i <= 20; i++) {
    const pBaseline = i / 20;
    if (pBaseline < drop - 1e-9) continue;
    out.push({ pBaseline, power: rateVerdictProbability({ nCurrent: n, nBaseline: n, pCurrent: Math.max(0, pBaseline - drop), pBaseline, settings }) });
  }
  return out;
}

/** A standard normal draw (Box-Muller) from a uniform source. */
function normal(rng: () => number): number {
  const u = 1 - rng();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng());
}

/**
 * Seeded simulation of the metric comparison: n values per side from N(0, 1), the current side
 * shifted by `shift` standard deviations (positive: worse, for a metric where lower is better,
 * like stepsToTarget). Returns the fraction of `regression` verdicts.
 */
export function simulateMetricRegressions(opts: { n: number; shift: number; reps: number; seed: number; settings: CompareSettings }): number {
  const rng = mulberry32(opts.seed);
  let hits = 0;
  for (let r = 0; r < opts.reps; r++) {
    const base = Array.from({ length: opts.n }, () => normal(rng));
    const cur = Array.from({ length: opts.n }, () => normal(rng) + opts.shift);
    if (compareMetric(cur, base, 'lower', opts.settings).status === 'regression') hits += 1;
  }
  return hits / opts.reps;
}
