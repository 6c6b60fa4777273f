/**
 * Building and checking results.json, the record of one claim check
 * (schemas/results.schema.json).
 */
import { validate } from '../util/schema.ts';
import { withCounted } from './legacy-results.ts';
import type { ClaimResult, ClaimsResults } from './result-types.ts';

/** What a check knows besides the claim results. */
export interface ResultsContext {
  tier: string;
  claimsDir: string;
  backend: { name: string; device: string };
  git: { commit: string; dirty: boolean } | null;
  /** Defaults to now. */
  createdAt?: Date;
}

/** Assemble the results record; `summary` counts claims by status. */
export function buildResults(context: ResultsContext, claims: readonly ClaimResult[]): ClaimsResults {
  const summary = { pass: 0, fail: 0, inconclusive: 0 };
  for (const c of claims) summary[c.status] += 1;
  return {
    kind: 'staircase.results',
    version: 1,
    tier: context.tier,
    claimsDir: context.claimsDir,
    createdAt: (context.createdAt ?? new Date()).toISOString(),
    backend: context.backend,
    git: context.git,
    claims: [...claims],
    summary,
  };
}

/**
 * Check a results record (e.g. read back from results.json) against the schema. A record
 * written before expectation results carried `counted` is read with it rebuilt
 * (legacy-results.ts), so old results folders and fixtures stay readable.
 * @throws ValidationError naming `file` and every bad field.
 */
export function validateResults(data: unknown, file = 'results.json'): ClaimsResults {
  return validate<ClaimsResults>('results', withCounted(data), file);
}
