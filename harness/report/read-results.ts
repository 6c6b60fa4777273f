/**
 * Reading a results folder, checked once here: `results.json` (schemas/results.schema.json, plus
 * the optional baseline fields), and `seeds/<key>/{summary,record,probe}.json` for the seeds the
 * claims judged. Everything downstream works on the typed ReportInput.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { withCounted } from '../claims/legacy-results.ts';
import { validateResults } from '../claims/results.ts';
import type { SeedSummary } from '../claims/seed-summary.ts';
import type { ProbeResult } from '../probe/result.ts';
import type { RunRecord } from '../train/record.ts';
import { validate, ValidationError } from '../util/schema.ts';
import { BASELINE_STATUSES, type ReportResults } from './baseline-types.ts';
import { JOB_FILES } from '../sweep/cache.ts';
import { SEEDS_DIR } from '../shards/seed-copies.ts';

/** One exported seed. record and probe are null when the folder lacks them. */
export interface ReportSeed {
  key: string;
  summary: SeedSummary;
  record: RunRecord | null;
  probe: ProbeResult | null;
}

export interface ReportInput {
  /** The results folder read. */
  dir: string;
  results: ReportResults;
  /** The seeds the claims judged, by arm then seed number. */
  seeds: ReportSeed[];
}

function readJson(file: string): unknown {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as unknown;
  } catch (error) {
    throw new ValidationError(file, [existsSync(file) ? `not valid JSON (${(error as Error).message})` : 'no such file (a results folder holds results.json, written by `staircase check` or `staircase merge`)']);
  }
}

const isObject = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);

/** Problems of a `baseline` field (its format belongs to the baseline comparison; only what reports read is checked). */
function baselineProblems(b: unknown, where: string): string[] {
  if (!isObject(b)) return [`\`${where}\` must be an object`];
  const problems: string[] = [];
  if (typeof b.dir !== 'string') problems.push(`\`${where}.dir\` must be a string`);
  if (!(BASELINE_STATUSES as readonly unknown[]).includes(b.status)) problems.push(`\`${where}.status\` must be one of ${BASELINE_STATUSES.join(', ')}`);
  if (typeof b.reason !== 'string') problems.push(`\`${where}.reason\` must be a string`);
  if (!Array.isArray(b.comparisons)) problems.push(`\`${where}.comparisons\` must be an array`);
  else
    b.comparisons.forEach((c: unknown, j) => {
      const at = `${where}.comparisons.${j}`;
      if (!isObject(c)) return void problems.push(`\`${at}\` must be an object`);
      if (typeof c.arm !== 'string' || typeof c.quantity !== 'string') problems.push(`\`${at}\` needs string \`arm\` and \`quantity\``);
      if (!(BASELINE_STATUSES as readonly unknown[]).includes(c.status)) problems.push(`\`${at}.status\` must be one of ${BASELINE_STATUSES.join(', ')}`);
      for (const side of ['current', 'baseline'] as const) {
        const s = c[side];
        if (!isObject(s) || typeof s.n !== 'number') problems.push(`\`${at}.${side}\` must be an object with a number \`n\``);
      }
    });
  return problems;
}

/**
 * Check results.json: the record against its schema (with the optional `baseline` of each claim
 * and `summary.regressions` set aside), and those two fields against what reports read.
 * @throws ValidationError naming the file and every problem
 */
export function parseResults(raw: unknown, file: string): ReportResults {
  const data = withCounted(raw); // a record from before `counted`: rebuilt, so reports read one shape
  if (!isObject(data) || !Array.isArray(data.claims) || !isObject(data.summary)) return validateResults(data, file) as ReportResults;
  const problems: string[] = [];
  const claims = data.claims.map((c: unknown, j) => {
    if (!isObject(c) || !('baseline' in c)) return c;
    const { baseline, ...rest } = c;
    problems.push(...baselineProblems(baseline, `claims.${j}.baseline`));
    return rest;
  });
  const { regressions, ...summary } = data.summary;
  if (regressions !== undefined && !(Number.isInteger(regressions) && (regressions as number) >= 0)) problems.push('`summary.regressions` must be a non-negative integer');
  validateResults({ ...data, claims, summary }, file);
  if (problems.length) throw new ValidationError(file, problems);
  return data as unknown as ReportResults;
}

/** (arm, seed) pairs the claims judged. */
function judgedSeeds(results: ReportResults): Set<string> {
  return new Set(results.claims.flatMap((c) => Object.entries(c.seeds).flatMap(([arm, seeds]) => seeds.map((s) => `${arm}\0${s}`))));
}

/** Read the seeds folder: the seeds the claims judged, sorted by arm and seed (others are ignored). */
export function readSeeds(dir: string, results: ReportResults): ReportSeed[] {
  const seedsDir = path.join(dir, SEEDS_DIR);
  if (!existsSync(seedsDir)) return [];
  const wanted = judgedSeeds(results);
  const out: ReportSeed[] = [];
  for (const key of readdirSync(seedsDir).sort()) {
    const folder = path.join(seedsDir, key);
    const summaryFile = path.join(folder, JOB_FILES.summary);
    if (!existsSync(summaryFile)) continue;
    const summary = readJson(summaryFile) as SeedSummary;
    if (!isObject(summary) || typeof summary.arm !== 'string' || typeof summary.seed !== 'number') throw new ValidationError(summaryFile, ['not a seed summary (needs `arm` and `seed`)']);
    if (!wanted.has(`${summary.arm}\0${summary.seed}`)) continue;
    const recordFile = path.join(folder, JOB_FILES.record);
    const probeFile = path.join(folder, JOB_FILES.probe);
    out.push({
      key,
      summary,
      record: existsSync(recordFile) ? validate<RunRecord>('record', readJson(recordFile), recordFile) : null,
      probe: existsSync(probeFile) ? validate<ProbeResult>('probe', readJson(probeFile), probeFile) : null,
    });
  }
  return out.sort((a, b) => (a.summary.arm < b.summary.arm ? -1 : a.summary.arm > b.summary.arm ? 1 : a.summary.seed - b.summary.seed));
}

/**
 * Read a results folder.
 * @throws ValidationError when results.json is missing or invalid, or a seed file is invalid
 */
export function readResultsDir(dir: string): ReportInput {
  const file = path.join(dir, 'results.json');
  const results = parseResults(readJson(file), file);
  return { dir, results, seeds: readSeeds(dir, results) };
}
