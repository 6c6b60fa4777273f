/**
 * The rate history: a JSON-lines file, one line per check (commit, date, tier, backend and every
 * per-arm rate with its interval), appended by `staircase report --append-history FILE`. The
 * dashboard draws each rate across commits from it.
 */
import { appendFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Span, Status } from '../claims/result-types.ts';
import { ValidationError } from '../util/schema.ts';
import { claimRates } from './arm-rates.ts';
import type { ReportResults } from './baseline-types.ts';

/** One per-arm rate of one expectation in one run. */
export interface HistoryRate {
  claim: string;
  version: number;
  /** Index of the expectation in the claim. */
  expectation: number;
  label: string;
  arm: string;
  quantity: string;
  successes: number;
  n: number;
  estimate: number | null;
  interval: Span | null;
  /** The expectation's verdict in that run. */
  status: Status;
}

/** One line of the history file. */
export interface HistoryEntry {
  kind: 'staircase.history';
  version: 1;
  commit: string | null;
  dirty: boolean;
  /** results.json's createdAt. */
  date: string;
  tier: string;
  /** `name/device`. */
  backend: string;
  rates: HistoryRate[];
}

/** The history line of a results record: every rate-like expectation (rate, compare, ablation), per arm. */
export function historyEntry(results: ReportResults): HistoryEntry {
  const rates = results.claims.flatMap((claim) =>
    claimRates(claim).flatMap((er) =>
      er.rates
        .filter((r) => r.kind === 'rate' && r.successes !== null)
        .map((r) => ({
          claim: claim.id,
          version: claim.version,
          expectation: er.index,
          label: er.expectation.label,
          arm: r.arm,
          quantity: r.quantity,
          successes: r.successes!,
          n: r.n,
          estimate: r.estimate,
          interval: r.interval,
          status: er.expectation.status,
        })),
    ),
  );
  return {
    kind: 'staircase.history',
    version: 1,
    commit: results.git?.commit ?? null,
    dirty: results.git?.dirty ?? false,
    date: results.createdAt,
    tier: results.tier,
    backend: `${results.backend.name}/${results.backend.device}`,
    rates,
  };
}

/** The same run (a rerun of `report` must not add it twice). */
export const sameRun = (a: HistoryEntry, b: HistoryEntry): boolean => a.date === b.date && a.commit === b.commit && a.tier === b.tier;

/** `entries` with `current` appended unless it is there already. */
export const withRun = (entries: readonly HistoryEntry[], current: HistoryEntry): HistoryEntry[] => (entries.some((e) => sameRun(e, current)) ? [...entries] : [...entries, current]);

/**
 * Read a history file (a missing file is an empty history).
 * @throws ValidationError naming the file and line of a line that is not a history entry
 */
export function readHistory(file: string): HistoryEntry[] {
  if (!existsSync(file)) return [];
  const problems: string[] = [];
  const entries: HistoryEntry[] = [];
  readFileSync(file, 'utf8')
    .split('\n')
    .forEach((line, j) => {
      if (!line.trim()) return;
      try {
        const e = JSON.parse(line) as HistoryEntry;
        if (e.kind !== 'staircase.history' || e.version !== 1 || typeof e.date !== 'string' || typeof e.tier !== 'string' || !Array.isArray(e.rates)) throw new Error('not a staircase.history version 1 entry');
        entries.push(e);
      } catch (error) {
        problems.push(`line ${j + 1}: ${(error as Error).message}`);
      }
    });
  if (problems.length) throw new ValidationError(file, problems);
  return entries;
}

/**
 * Append this run's entry unless the file already has it.
 * @returns true when a line was appended
 */
export function appendHistory(file: string, entry: HistoryEntry): boolean {
  if (readHistory(file).some((e) => sameRun(e, entry))) return false;
  mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  appendFileSync(file, `${JSON.stringify(entry)}\n`);
  return true;
}

/** The entries of one tier in date order, with `current` last unless it is already there. */
export function tierHistory(entries: readonly HistoryEntry[], current: HistoryEntry): HistoryEntry[] {
  return withRun(
    entries.filter((e) => e.tier === current.tier),
    current,
  ).sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
}

/** One point of a rate's history. */
export interface HistoryPoint {
  commit: string | null;
  date: string;
  rate: HistoryRate;
}

/** The history of one arm's rate in one expectation of one claim version (a new version starts a new history). */
export function rateSeries(entries: readonly HistoryEntry[], claim: string, version: number, expectation: number, arm: string): HistoryPoint[] {
  return entries.flatMap((e) => {
    const rate = e.rates.find((r) => r.claim === claim && r.version === version && r.expectation === expectation && r.arm === arm);
    return rate ? [{ commit: e.commit, date: e.date, rate }] : [];
  });
}
