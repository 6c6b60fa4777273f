/**
 * An expectation seen per arm: the rate (or median) of each arm it reads, with its interval, the
 * threshold it is held to, and the baseline comparison of that arm and quantity when there is one.
 * The plots, the job summary and the history file all read these rows.
 */
import type { ExpectationResult, Span } from '../claims/result-types.ts';
import type { BaselineQuantity, ReportClaim } from './baseline-types.ts';

export interface ArmRate {
  arm: string;
  /** What is counted or measured: an outcome (`sequential`), `ablation:<name>/<mode>`, or a metric name. */
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

/** The quantity an expectation counts, read from its label (harness/claims/describe-expectation.ts). */
export function quantityOf(e: ExpectationResult): string {
  switch (e.kind) {
    case 'rate':
    case 'compare':
      return e.label.split(' ')[0] ?? e.label;
    case 'ablation':
      return `ablation:${e.label.split(' ')[0] ?? e.label}`;
    case 'metric':
      return e.label.split(':')[0] ?? e.label;
  }
}

function thresholdOf(e: ExpectationResult): ExpectationRates['threshold'] {
  if (e.threshold === null) return null;
  if (e.kind === 'rate') return { value: e.threshold, side: e.label.includes(' <= ') ? 'atMost' : 'atLeast' };
  // ablation: the share of seeds that meet the accuracy bound is held to at least the fraction
  if (e.kind === 'ablation') return { value: e.threshold, side: 'atLeast' };
  return null;
}

/** The baseline entry for an arm and quantity (an ablation's quantity may be named with or without its `ablation:` prefix). */
function findBaseline(claim: ReportClaim, arm: string, quantity: string): BaselineQuantity | undefined {
  return claim.baseline?.comparisons.find((c) => c.arm === arm && (c.quantity === quantity || `ablation:${c.quantity}` === quantity));
}

/** Per-arm rows of every expectation of a claim. */
export function claimRates(claim: ReportClaim): ExpectationRates[] {
  return claim.expectations.map((e, index) => {
    const quantity = quantityOf(e);
    const kind = e.kind === 'metric' ? 'metric' : 'rate';
    const rates: ArmRate[] = e.arms.map((arm) => ({
      arm,
      quantity,
      kind,
      successes: e.successes?.[arm] ?? null,
      n: e.n[arm] ?? 0,
      estimate: e.estimates[arm] ?? null,
      interval: e.intervals[arm] ?? null,
    }));
    const baseline = new Map<string, BaselineQuantity>();
    for (const arm of e.arms) {
      const b = findBaseline(claim, arm, quantity);
      if (b) baseline.set(arm, b);
    }
    return { index, expectation: e, rates, threshold: thresholdOf(e), baseline };
  });
}
