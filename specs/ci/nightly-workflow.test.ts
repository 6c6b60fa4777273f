/**
 * .github/workflows/claims-nightly.yml is generated (scripts/workflows/claims-nightly.mjs): the
 * committed file is the script's output, it unrolls exactly as many rounds as the nightly tier has
 * looks, and each round is planned from the merge of the rounds before it, so sequential stopping
 * in CI is the rule `staircase check` applies on one machine. The staircase calls it makes are
 * checked against `staircase --help` with the other workflows (workflows.test.ts), its expressions
 * by actionlint (actionlint.test.ts).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { maxLooks } from '../../harness/claims/claim-types.ts';
import { claimTier, loadClaimPack } from '../../harness/claims/load-claims.ts';
import { readWorkflow } from '../../harness/ci/workflow.ts';
import { PACKAGE_ROOT } from '../../harness/util/provenance.ts';
// @ts-expect-error: a plain .mjs script without types
import { nightlyWorkflow, ROUNDS } from '../../scripts/workflows/claims-nightly.mjs';

const FILE = path.join(PACKAGE_ROOT, '.github', 'workflows', 'claims-nightly.yml');
const wf = readWorkflow(FILE);
const runOf = (job: string): string => (wf.jobs[job]!.steps ?? []).flatMap((s) => (s.run ? [s.run] : [])).join('\n');

describe('claims-nightly.yml', () => {
  it('is the output of scripts/workflows/claims-nightly.mjs (run `npm run workflows` after editing the script)', () => {
    expect(readFileSync(FILE, 'utf8')).toBe((nightlyWorkflow as () => string)());
  });

  it('unrolls one round per look of the nightly tier, as many as the claim with the most (seeds, then roundSize more up to maxSeeds)', () => {
    const looks = loadClaimPack(path.join(PACKAGE_ROOT, 'specs', 'claims')).map((c) => maxLooks(claimTier(c, 'nightly')));
    expect(ROUNDS).toBe(Math.max(...looks));
    for (let r = 1; r <= (ROUNDS as number); r++) {
      expect(wf.jobs[`shards-${r}`], `round ${r}`).toBeDefined();
      expect(wf.jobs[`merge-${r}`], `round ${r}`).toBeDefined();
    }
    expect(wf.jobs[`shards-${(ROUNDS as number) + 1}`]).toBeUndefined();
  });

  it('plans each round from the merge of the rounds before it and skips a round with nothing to train', () => {
    expect(runOf('plan-1')).toContain('staircase plan --shards "$SHARDS" --tier nightly --round 1');
    for (let r = 2; r <= (ROUNDS as number); r++) {
      expect(runOf(`merge-${r - 1}`)).toContain(`staircase plan --shards "$SHARDS" --tier nightly --from out/merged --round ${r}`);
      expect(wf.jobs[`shards-${r}`]!.if).toBe(`fromJSON(needs.merge-${r - 1}.outputs.matrix).include[0]`);
      expect(runOf(`shards-${r}`)).toContain('--from out/merged');
    }
    expect(runOf(`merge-${ROUNDS}`)).not.toContain('staircase plan');
  });

  it('merges every round against the committed baselines in the report job, which runs whatever round stopped', () => {
    expect(runOf('report')).toContain('npx staircase merge out/shards/* --out out/nightly');
    expect(String(wf.jobs.report!.if)).toContain("needs.merge-1.result == 'success'");
    expect(wf.jobs.report!.needs).toEqual(Array.from({ length: ROUNDS as number }, (_, i) => `merge-${i + 1}`));
    // Intermediate merges judge without baselines and never stop the rounds on a failing claim.
    expect(runOf('merge-1')).toContain('--no-baseline || rc=$?');
  });
});
