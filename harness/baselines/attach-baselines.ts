/**
 * Baselines in a check: find baselines/<tier>/<claim-id>.json for every claim, compare, and
 * put the comparison on each claim result (results.json `claims[].baseline`, and
 * `summary.regressions`).
 */
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import type { Claim } from '../claims/claim-types.ts';
import type { ClaimsResults } from '../claims/result-types.ts';
import type { SeedSummary } from '../claims/seed-summary.ts';
import { ValidationError } from '../util/schema.ts';
import { baselinePath, readBaselineFile } from './baseline-file.ts';
import { compareClaimWithBaseline, type FoundBaseline } from './compare-claim.ts';
import type { CompareSettings } from './compare-rate.ts';

/** Whether and where to compare with baselines, as the CLI resolved it. */
export interface BaselineOptions {
  /** The baselines folder (holding <tier>/); null: no comparison. */
  dir: string | null;
  alpha: number;
  minEffect: number;
}

/**
 * The baseline of every claim in `dir/<tier>/`, read and checked (data null when a claim has none),
 * and the files there that belong to no claim of the pack.
 * @throws ValidationError when the tier folder does not exist, or for a malformed file
 */
export function findBaselines(dir: string, tier: string, claims: readonly Claim[]): { found: Map<string, FoundBaseline>; orphans: string[] } {
  const tierDir = path.join(dir, tier);
  if (!existsSync(tierDir)) {
    throw new ValidationError(tierDir, [`no such folder: there are no baselines for tier \`${tier}\` in ${dir}; make them with \`staircase baseline update --tier ${tier} --from RESULTS_DIR --out ${dir}\`, or run without --baseline`]);
  }
  const found = new Map<string, FoundBaseline>();
  for (const claim of claims) {
    const file = baselinePath(dir, tier, claim.id);
    found.set(claim.id, { dir, file, data: readBaselineFile(file, { claimId: claim.id, tier }) });
  }
  const ids = new Set(claims.map((c) => c.id));
  const orphans = readdirSync(tierDir)
    .filter((f) => f.endsWith('.json') && !f.startsWith('_') && !ids.has(f.slice(0, -'.json'.length)))
    .map((f) => path.join(tierDir, f));
  return { found, orphans };
}

/** The results with every claim compared with its baseline, and summary.regressions. */
export function attachBaselines(
  results: ClaimsResults,
  claims: readonly Claim[],
  byArm: ReadonlyMap<string, readonly SeedSummary[]>,
  found: ReadonlyMap<string, FoundBaseline>,
  settings: Omit<CompareSettings, 'confidence'>,
): ClaimsResults {
  const byId = new Map(claims.map((c) => [c.id, c]));
  const out = results.claims.map((r) => {
    const claim = byId.get(r.id);
    const f = found.get(r.id);
    if (!claim || !f) return r;
    return { ...r, baseline: compareClaimWithBaseline(claim, byArm, f, settings) };
  });
  const regressions = out.filter((c) => c.baseline?.status === 'regression').length;
  return { ...results, claims: out, summary: { ...results.summary, regressions } };
}
