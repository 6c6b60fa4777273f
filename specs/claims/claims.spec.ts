/**
 * The claim pack as vitest specs: one test per expectation, run with
 *   npx vitest run --project claims            (tier from STAIRCASE_TIER, default smoke)
 * The seeds come from the same cached sweep as `staircase check` (run that first and this
 * file trains nothing). A failing expectation fails its test with the statistics in the
 * message; an inconclusive one is skipped, with its reason as the skip note.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { loadClaimPack } from '../../harness/claims/load-claims.ts';
import { expectationLabel } from '../../harness/claims/describe-expectation.ts';
import { runClaimSweep, type ClaimSweep } from '../../harness/claims/run-claims.ts';
import type { ExpectationResult } from '../../harness/claims/result-types.ts';
import type { BackendRequest } from '../../harness/backend/select.ts';

const tier = process.env.STAIRCASE_TIER ?? 'smoke';
const claims = loadClaimPack(process.env.STAIRCASE_CLAIMS ?? 'specs/claims');
let run: ClaimSweep;

beforeAll(async () => {
  run = await runClaimSweep({ claims, tier, backend: (process.env.STAIRCASE_BACKEND ?? 'auto') as BackendRequest });
  if (run.sweep.failed.length) throw new Error(`${run.sweep.failed.length} seed job(s) failed: ${run.sweep.failed.map((f) => `${f.job.armName} seed ${f.job.seed}`).join(', ')}`);
}, 24 * 3600_000);

const fmt = (x: number | null | undefined) => (x === null || x === undefined ? '-' : x.toFixed(3));

function statistics(r: ExpectationResult, seeds: Record<string, number[]>): string {
  const arms = r.arms.map((a) => `${a}: n=${r.n[a] ?? 0}${r.successes ? ` successes=${r.successes[a]}` : ''} estimate=${fmt(r.estimates[a])} seeds=[${(seeds[a] ?? []).join(',')}]`);
  return [
    r.description,
    `estimate ${fmt(r.estimate)}, interval [${fmt(r.interval?.lower)}, ${fmt(r.interval?.upper)}] (${r.method})${r.threshold !== null ? `, threshold ${r.threshold}` : ''}${r.pValue !== null ? `, p = ${r.pValue.toPrecision(3)}` : ''}`,
    ...arms,
    `status ${r.status}: ${r.reason}`,
  ].join('\n');
}

for (const claim of claims) {
  describe(`${claim.id}@${claim.version} [${tier}]: ${claim.statement}`, () => {
    claim.expect.forEach((exp, index) => {
      it(expectationLabel(exp), (ctx) => {
        const result = run.judge(claim);
        const r = result.expectations[index]!;
        const message = statistics(r, result.seeds);
        if (r.status === 'inconclusive') ctx.skip(`inconclusive: ${message.replaceAll('\n', '; ')}`);
        expect(r.status, message).toBe('pass');
      });
    });
  });
}
