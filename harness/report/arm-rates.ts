/**
 * An expectation seen per arm: the rate (or median) of each arm it reads, with its interval, the
 * threshold it is held to, and the baseline comparison of that arm and quantity when there is one.
 * The plots, the job summary and the history file all read these rows. Everything comes from the
 * fields the expectation result describes itself with (`counted`), never from its label.
 */
import type { CountedQuantity, ExpectationResult, Span } from '../claims/result-types.ts';
import type { BaselineQuantity, ReportClaim } from './baseline-types.ts';

export interface ArmRate {
  arm: string;
  /** What is counted or measured, as baselines name it: an outcome (`sequential`), an ablation rate (`fromOnset/zero <= 0.5 (sequential seeds)`), or a metric name. */
  quantity: string;
  /** rate: successes of n; metric: a median of n values (successes null). */
  kind: 'rate' | 'metric';
  successes: number | null;
  n: number;
  estimate: number | null;
  interval: Span | null;
}

export interface ExpectationRates {
  /** Index of the expectation in its claim. */
  index: number;
  expectation: ExpectationResult;
  rates: ArmRate[];
  /** The threshold a per-arm rate is held to (rate, ablation), with its side; null when the claim tests a difference or a metric. */
  threshold: { value: number; side: 'atLeast' | 'atMost' } | null;
  /** Baseline comparison per arm (when the claim has a baseline with this arm and quantity). */
  baseline: Map<string, BaselineQuantity>;
}

/** The threshold of an expectation's per-arm rate: the first arm's side and threshold (only single-arm rates have one). */
function thresholdOf(counted: readonly CountedQuantity[]): ExpectationRates['threshold'] {
  const c = counted[0];
  return c && counted.length === 1 && c.side !== null && c.threshold !== null ? { value: c.threshold, side: c.side } : null;
}

/** Per-arm rows of every expectation of a claim. */
export function claimRates(claim: ReportClaim): ExpectationRates[] {
  return claim.expectations.map((e, index) => {
    // Rates count successes; a kind that compares per-seed values (metric) counts none.
    const kind = e.successes === null ? 'metric' : 'rate';
    const rates: ArmRate[] = e.counted.map((c) => ({
      arm: c.arm,
      quantity: c.name,
      kind,
      successes: c.x,
      n: c.n,
      estimate: e.estimates[c.arm] ?? null,
      interval: e.intervals[c.arm] ?? null,
    }));
    const baseline = new Map<string, BaselineQuantity>();
    for (const c of e.counted) {
      const b = claim.baseline?.comparisons.find((q) => q.arm === c.arm && q.quantity === c.name);
      if (b) baseline.set(c.arm, b);
    }
    return { index, expectation: e, rates, threshold: thresholdOf(e.counted), baseline };
  });
}
