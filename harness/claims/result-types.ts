/**
 * What claim evaluation produces: one ExpectationResult per expectation, one
 * ClaimResult per claim, and the results.json record of a check
 * (schemas/results.schema.json). Numbers that are undefined (no seeds, a
 * censored median) are null, never NaN, so the record is plain JSON.
 */
import type { Expectation } from './claim-types.ts';

/** The verdict of an expectation or a claim. */
export type Status = 'pass' | 'fail' | 'inconclusive';

/** A two-sided interval (or the current confidence-sequence interval). */
export interface Span {
  lower: number;
  upper: number;
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
  /** Seeds judged per arm (for `ablation`: the seeds with the verdict; for `metric`: seeds with a value). */
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
  /** The statistical method, e.g. `Wilson 95%`, `confidence sequence 95%`. */
  method: string;
  /** true when evaluated in sequential (anytime-valid) mode. */
  sequential: boolean;
  status: Status;
  /** Why this status, in words, with the numbers. */
  reason: string;
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
  summary: { pass: number; fail: number; inconclusive: number };
}
