/**
 * Reading a results folder (the --out of `check` or `merge`): sweep.json and the labelled seed
 * summaries of every job it lists. Used by `plan --from`, `sweep --from` and `baseline update`.
 */
import type { SeedSummary } from '../claims/seed-summary.ts';
import type { PriorRounds } from './round-plan.ts';
import { readSeedSummary } from './seed-copies.ts';
import { readSweepFile, type SweepFile } from './sweep-files.ts';

export interface ResultsDir {
  dir: string;
  sweep: SweepFile;
  /** One per listed job, labelled as it ran. */
  summaries: SeedSummary[];
}

/**
 * Read a results folder.
 * @throws ValidationError naming the folder and the problem (no sweep.json, a seed missing)
 */
export function readResultsDir(dir: string): ResultsDir {
  const sweep = readSweepFile(dir);
  return { dir, sweep, summaries: sweep.jobs.map((j) => readSeedSummary(dir, j)) };
}

/** The rounds a results folder holds, for planning the next. */
export function priorRounds(results: ResultsDir): PriorRounds {
  return { rounds: results.sweep.rounds, summaries: results.summaries, keys: results.sweep.jobs.map((j) => j.key) };
}
