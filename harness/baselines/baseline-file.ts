/**
 * baselines/<tier>/<claim-id>.json (schemas/baseline.schema.json): what a claim's arms learned
 * in a stored check. Built from seed summaries; read back with every problem named (file,
 * field, fix).
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Claim } from '../claims/claim-types.ts';
import type { SeedMetric, SeedSummary } from '../claims/seed-summary.ts';
import { SEED_METRICS, SEED_OUTCOMES, hasOutcome } from '../claims/seed-summary.ts';
import { validate, ValidationError } from '../util/schema.ts';
import { storedRatesOf } from './quantities.ts';

/** The folder of baselines when `--baseline` names none (relative to the working directory). */
export const DEFAULT_BASELINES_DIR = 'baselines';

export interface BackendName {
  name: string;
  device: string;
}

export interface BaselineCount {
  successes: number;
  seeds: number;
}

export interface BaselineArm {
  seeds: number[];
  backends: BackendName[];
  /** Every seed outcome, plus the ablation rates the claim reads. */
  rates: Record<string, BaselineCount>;
  /** Every seed metric, one value per seed (in `seeds` order). */
  metrics: Record<string, (number | null)[]>;
}

export interface BaselineFile {
  kind: 'staircase.baseline';
  version: 1;
  claim: { id: string; version: number; statement: string };
  tier: string;
  provenance: {
    createdAt: string;
    resultsDir: string;
    resultsCreatedAt: string;
    git: { commit: string; dirty: boolean } | null;
    codeHash: string;
    backends: BackendName[];
    versions: Record<string, string>;
    seeds: Record<string, number[]>;
  };
  arms: Record<string, BaselineArm>;
}

/** baselines/<tier>/<claim-id>.json under `dir`. */
export const baselinePath = (dir: string, tier: string, claimId: string): string => path.join(dir, tier, `${claimId}.json`);

/** Distinct backends of some seeds, sorted. */
export function backendsOf(seeds: readonly SeedSummary[]): BackendName[] {
  const names = [...new Set(seeds.map((s) => `${s.backend.name}/${s.backend.device}`))].sort();
  return names.map((n) => {
    const [name, device] = n.split('/') as [string, string];
    return { name, device };
  });
}

/** One arm's entry: outcome counts, the claim's ablation rates, metrics per seed. */
export function baselineArm(claim: Claim, arm: string, seeds: readonly SeedSummary[]): BaselineArm {
  const sorted = [...seeds].sort((a, b) => a.seed - b.seed);
  const rates: Record<string, BaselineCount> = {};
  for (const outcome of SEED_OUTCOMES) rates[outcome] = { successes: sorted.filter((s) => hasOutcome(s, outcome)).length, seeds: sorted.length };
  for (const q of storedRatesOf(claim).get(arm) ?? []) {
    const c = q.count(sorted);
    rates[q.quantity] = { successes: c.successes, seeds: c.n };
  }
  const metrics: Record<string, (number | null)[]> = {};
  for (const m of SEED_METRICS) metrics[m] = sorted.map((s) => s.metrics[m]);
  return { seeds: sorted.map((s) => s.seed), backends: backendsOf(sorted), rates, metrics };
}

/** What a baseline records besides the seeds. */
export interface BaselineProvenance {
  resultsDir: string;
  resultsCreatedAt: string;
  git: { commit: string; dirty: boolean } | null;
  codeHash: string;
  versions: Record<string, string>;
  createdAt?: Date;
}

/** The baseline of `claim` at `tier` from its arms' seed summaries. */
export function buildBaseline(claim: Claim, tier: string, byArm: ReadonlyMap<string, readonly SeedSummary[]>, provenance: BaselineProvenance): BaselineFile {
  const arms: Record<string, BaselineArm> = {};
  const seeds: Record<string, number[]> = {};
  const all: SeedSummary[] = [];
  for (const arm of Object.keys(claim.arms)) {
    const list = byArm.get(arm) ?? [];
    arms[arm] = baselineArm(claim, arm, list);
    seeds[arm] = arms[arm].seeds;
    all.push(...list);
  }
  return {
    kind: 'staircase.baseline',
    version: 1,
    claim: { id: claim.id, version: claim.version, statement: claim.statement },
    tier,
    provenance: {
      createdAt: (provenance.createdAt ?? new Date()).toISOString(),
      resultsDir: provenance.resultsDir,
      resultsCreatedAt: provenance.resultsCreatedAt,
      git: provenance.git,
      codeHash: provenance.codeHash,
      backends: backendsOf(all),
      versions: provenance.versions,
      seeds,
    },
    arms,
  };
}

const REGENERATE = 'regenerate it with `staircase baseline update --from RESULTS_DIR`';

/** Problems the schema cannot see: the file's place, counts within their seeds, one metric value per seed. */
function consistencyProblems(data: BaselineFile, expected: { claimId: string; tier: string }): string[] {
  const problems: string[] = [];
  if (data.claim.id !== expected.claimId) problems.push(`\`claim.id\` is \`${data.claim.id}\` but the file is named \`${expected.claimId}.json\`: a baseline is stored as <tier>/<claim-id>.json; rename the file or ${REGENERATE}`);
  if (data.tier !== expected.tier) problems.push(`\`tier\` is \`${data.tier}\` but the file is in the folder \`${expected.tier}/\`: move it to \`${data.tier}/\` or ${REGENERATE}`);
  for (const [arm, a] of Object.entries(data.arms)) {
    for (const [q, c] of Object.entries(a.rates)) if (c.successes > c.seeds) problems.push(`\`arms.${arm}.rates.${q}\`: successes (${c.successes}) exceed seeds (${c.seeds}); ${REGENERATE}`);
    for (const [m, values] of Object.entries(a.metrics)) {
      if (values.length !== a.seeds.length) problems.push(`\`arms.${arm}.metrics.${m}\` has ${values.length} values for ${a.seeds.length} seeds (one per seed, in \`seeds\` order); ${REGENERATE}`);
    }
    if (!(SEED_METRICS as readonly string[]).every((m) => m in a.metrics)) {
      const missing = SEED_METRICS.filter((m: SeedMetric) => !(m in a.metrics));
      problems.push(`\`arms.${arm}.metrics\` lacks ${missing.map((m) => `\`${m}\``).join(', ')}; ${REGENERATE}`);
    }
  }
  return problems;
}

/**
 * Read and check a baseline file.
 * @returns null when the file does not exist
 * @throws ValidationError naming the file, every bad field and the fix
 */
export function readBaselineFile(file: string, expected: { claimId: string; tier: string }): BaselineFile | null {
  if (!existsSync(file)) return null;
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new ValidationError(file, [`not valid JSON (${(error as Error).message}); ${REGENERATE}`]);
  }
  let data: BaselineFile;
  try {
    data = validate<BaselineFile>('baseline', raw, file);
  } catch (error) {
    if (error instanceof ValidationError) throw new ValidationError(file, [...error.problems, `(schemas/baseline.schema.json; ${REGENERATE})`]);
    throw error;
  }
  const problems = consistencyProblems(data, expected);
  if (problems.length) throw new ValidationError(file, problems);
  return data;
}
