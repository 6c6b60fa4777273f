/**
 * What claim evaluation produces: one ExpectationResult per expectation, one
 * ClaimResult per claim, and the results.json record of a check
 * (schemas/results.schema.json). Numbers that are undefined (no seeds, a
 * censored median) are null, never NaN, so the record is plain JSON.
 */
import type { Status } from '../stats/types.ts';
import type { Expectation } from './claim-types.ts';

/** The verdict of an expectation or a claim (stats/types.ts). */
export type { Status } from '../stats/types.ts';

/** A two-sided interval (or the current confidence-sequence interval). */
export interface Span {
  lower: number;
  upper: number;
}

/**
 * What an expectation counted on one arm, so that reports read numbers, never label text.
 * Mechanism outcomes (sequential, partial, memorised, staircase, sequential-at-switch),
 * ablations and `sequentialSteps` are counted among the seeds that learned; training
 * outcomes and other metrics among all seeds.
 */
export interface CountedQuantity {
  arm: string;
  /** The short name baselines and the rate history key by: an outcome (`sequential`, `sequential given sequential-at-switch`), an ablation rate (`fromOnset/zero <= 0.5 (sequential seeds)`) or a metric (`stepsToTarget`). */
  name: string;
  /** What x of n is, in words: `sequential among learned seeds`, `converged among all seeds`, `stepsToTarget of all seeds`. */
  quantity: string;
  /** Seeds counted as successes; null for a metric. */
  x: number | null;
  /** Seeds counted (a metric: seeds with a value). */
  n: number;
  /** The side this arm's rate is held to; null when the expectation tests something else (compare: the difference; metric: a shift). */
  side: 'atLeast' | 'atMost' | null;
  /** The threshold on that side; null with `side`. */
  threshold: number | null;
  /** Seeds of the arm that learned within the budget (probe verdict other than failed); null in records written before it was counted. */
  learned: number | null;
  /** Every seed of the arm that was trained. */
  total: number;
}

/** The evaluation of one expectation on the seeds at hand. */
export interface ExpectationResult {
  kind: Expectation['kind'];
  /** The expectation as a readable sentence. */
  description: string;
  /** A short form for table cells, e.g. `sequential >= 0.50`. */
  label: string;
  /** Arms read, in the order the expectation names them. */
  arms: string[];
  /** What was counted on each arm, in `arms` order (self-describing: reports read these fields). */
  counted: CountedQuantity[];
  /** Seeds judged per arm (mechanism outcomes: the learned seeds; `ablation`: the learned seeds with the verdict; `metric`: seeds with a value). */
  n: Record<string, number>;
  /** Seeds counted as successes per arm (rate, compare, ablation); null for `metric`. */
  successes: Record<string, number> | null;
  /** Per-arm estimate: the rate (rate, compare, ablation) or the median (metric; null when censored or n = 0). */
  estimates: Record<string, number | null>;
  /** Per-arm interval at the claim's confidence (sequential mode: the confidence sequence used); null for `metric`. */
  intervals: Record<string, Span | null>;
  /** The tested quantity: a rate (rate, ablation), a difference of rates (compare), a difference of medians a - b (metric). */
  estimate: number | null;
  /** Its interval (the one the verdict reads, except for `metric`, whose verdict is the Mann-Whitney test). */
  interval: Span | null;
  /** What the tested quantity is compared with (rate / fraction / minDifference); null for `metric`. */
  threshold: number | null;
  /** Fisher exact one-sided p (compare) or Mann-Whitney one-sided p in the claimed direction (metric); null otherwise. */
  pValue: number | null;
  /** The statistical method, e.g. `Clopper-Pearson 95%`, `confidence sequence 95%`. */
  method: string;
  /** true when evaluated in sequential (anytime-valid) mode. */
  sequential: boolean;
  status: Status;
  /** Why this status, in words, with the numbers. */
  reason: string;
  /**
   * Set on an inconclusive expectation that more seeds are not expected to decide (futility.ts):
   * the seeds per arm it would count at maxSeeds in the proportions seen so far, and the interval then.
   */
  futile?: { seeds: Record<string, number>; interval: Span | null };
}

/** The evaluation of a claim in one tier. */
export interface ClaimResult {
  id: string;
  version: number;
  statement: string;
  /** fail if any expectation fails, pass if all pass, else inconclusive. */
  status: Status;
  confidence: number;
  expectations: ExpectationResult[];
  /** Seed numbers used per arm. */
  seeds: Record<string, number[]>;
  /** The comparison with the stored baseline (absent when the check ran without baselines). */
  baseline?: ClaimBaseline;
}

/** A claim's verdict against its stored baseline (docs/baselines.md). */
export type BaselineStatus = 'same' | 'regression' | 'improvement' | 'stale' | 'missing' | 'incomparable';

/** The verdict of one quantity (an arm's rate of an outcome, or an arm's metric) against its baseline. */
export type ComparisonStatus = 'same' | 'regression' | 'improvement' | 'incomparable';

/** One side (this check, or the baseline) of a comparison. */
export interface BaselineSide {
  /** Seeds with the outcome (rates only). */
  successes?: number;
  /** Seeds counted (rates) or seeds with a value (metrics). */
  n: number;
  /** The rate, or the median (null when n = 0 or the median is censored). */
  estimate: number | null;
  /** Wilson interval of the rate, or the distribution-free interval of the median; null when undefined. */
  interval: Span | null;
}

/** One arm's quantity, now and in the baseline, with the one-sided test between them. */
export interface BaselineComparison {
  arm: string;
  /** The outcome (rates: `converged`, `sequential`, an ablation's pass rate, ...) or the metric name. */
  quantity: string;
  kind: 'rate' | 'metric';
  current: BaselineSide;
  baseline: BaselineSide;
  /** One-sided p (Fisher exact for rates, Mann-Whitney U for metrics) in the direction the quantity moved; null when untestable. */
  pValue: number | null;
  status: ComparisonStatus;
}

/** A claim's comparison with the baseline stored for it (baselines/<tier>/<claim-id>.json). */
export interface ClaimBaseline {
  /** The baselines folder compared with (holding <tier>/<claim-id>.json). */
  dir: string;
  /** regression if any comparison is one; else improvement if any is one; else same (stale, missing, incomparable: not compared). */
  status: BaselineStatus;
  /** Why this status, in words, with the numbers. */
  reason: string;
  comparisons: BaselineComparison[];
}

/** results.json: the output of checking a claim pack in one tier. */
export interface ClaimsResults {
  kind: 'staircase.results';
  version: 1;
  tier: string;
  claimsDir: string;
  /** ISO 8601 time of the check. */
  createdAt: string;
  /** The backend the seeds ran on (as seed summaries report it). */
  backend: { name: string; device: string };
  /** The git commit of the harness, or null outside a work tree. */
  git: { commit: string; dirty: boolean } | null;
  claims: ClaimResult[];
  /** Claims per status; `regressions`: claims whose baseline status is `regression` (present when baselines were compared). */
  summary: { pass: number; fail: number; inconclusive: number; regressions?: number };
  /** The replay of the tier's pinned seeds (present when baselines/<tier>/_replay.json exists). */
  replay?: { file: string; compared: number; changed: { arm: string; seed: number; fields: string[] }[]; notRun: { arm: string; seed: number }[] };
}
