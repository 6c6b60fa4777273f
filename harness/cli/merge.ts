/**
 * `staircase merge`: combine shard outputs into one results folder and judge the claims (and
 * baselines), exactly as an unsharded `check` of the same seeds would.
 */
import path from 'node:path';
import { groupByArm, planArms } from '../claims/arm-plan.ts';
import { loadClaimPack } from '../claims/load-claims.ts';
import { judgeWith } from '../claims/run-claims.ts';
import { claimsHash } from '../shards/hashes.ts';
import { mergeShardDirs } from '../shards/merge-shards.ts';
import { nextRoundOf } from '../shards/round-plan.ts';
import { copySeedDir, removeOtherSeeds } from '../shards/seed-copies.ts';
import { writeSweepFile } from '../shards/sweep-files.ts';
import { ValidationError } from '../util/schema.ts';
import { UsageError } from './args.ts';
import { BASELINE_OPTIONS, resolveBaselineOptions } from './baseline-flags.ts';
import { defineCommand, text, type Values } from './declare.ts';
import { reportClaims } from './claims-report.ts';

const options = {
  out: text('DIR', 'the results folder to write', { required: 'where the merged results go' }),
  claims: text('DIR', 'the claim pack (default: the one the shards ran, from shard.json); it must be unchanged since'),
  ...BASELINE_OPTIONS,
};

export const merge = defineCommand({
  name: 'merge',
  summary: 'combine shard outputs into one results folder and judge the claims (and baselines)',
  usage: 'SHARD_DIR... --out OUT [--claims DIR] [--baseline [DIR] | --no-baseline]',
  positionals: 'SHARD_DIR...',
  about: `Combine the output folders of \`staircase sweep --shard i/n\` (or \`check --shard i/n\`), of one
round or of several, into one results folder, and judge the claims as \`staircase check\` would:
OUT/seeds/ (the union), OUT/results.json, OUT/summary.md and OUT/sweep.json. Exit 1 when a claim
fails or a baseline comparison is a regression (as check).

Every shard of every round must be there exactly once, all trained by the same code (code hash),
for the same tier, claim pack and backend; round r must have been planned from rounds 1..r-1.
Anything else is an error that names the folder or the missing shard.

Seeds come in rounds (sequential stopping): when a claim is still undecided and its arms are
below maxSeeds, merge says which seeds the next round adds; plan it with
\`staircase plan --shards n --from OUT\`, run it with \`staircase sweep --shard i/n --from OUT\`,
and merge again with the shard folders of every round. Put a bare --baseline after the shard
folders, or write --baseline=DIR.`,
  options,
  examples: ['npx staircase merge out/r1-1 out/r1-2 out/r1-3 --out merged', 'npx staircase merge out/r1-* out/r2-* --out merged --baseline=baselines'],
  run: mergeRun,
});

async function mergeRun(values: Values<typeof options>, positionals: string[]): Promise<number> {
  if (positionals.length === 0) throw new UsageError('merge needs the shard folders to combine, e.g. `staircase merge out/shard-* --out merged`');
  const outDir = values.out;
  if (positionals.some((d) => path.resolve(d) === path.resolve(outDir))) throw new UsageError(`--out ${outDir} is also a shard folder; write the merge elsewhere`);

  const merged = mergeShardDirs(positionals);
  const { tier, fixed } = merged.first;
  const claimsDir = values.claims ?? merged.first.claimsDir;
  const claims = loadClaimPack(claimsDir);
  if (claimsHash(claims) !== merged.first.claimsHash) {
    throw new ValidationError(claimsDir, [`this claim pack differs from the one the shards ran (${merged.first.claimsDir} at the time): judge with the pack the seeds were trained for (check out that commit), or rerun the shards`]);
  }
  const baseline = resolveBaselineOptions(values, tier, { dir: claimsDir, claimIds: claims.map((c) => c.id) });
  if (baseline.note) console.error(baseline.note);

  const keys = new Set<string>();
  for (const job of merged.jobs) {
    if (keys.has(job.key)) continue;
    keys.add(job.key);
    copySeedDir(job.dir, outDir, job.key);
  }
  removeOtherSeeds(outDir, keys);
  const next = nextRoundOf(claims, tier, fixed, merged.summaries, merged.rounds);
  writeSweepFile(outDir, {
    kind: 'staircase.sweep',
    version: 1,
    tier,
    claimsDir,
    claimsHash: merged.first.claimsHash,
    codeHash: merged.first.codeHash,
    fixed,
    backend: merged.first.backend,
    rounds: merged.rounds,
    jobs: merged.jobs.map(({ dir: _dir, ...job }) => job),
    next,
    sources: merged.sources,
    createdAt: new Date().toISOString(),
  });

  const byArm = groupByArm(merged.summaries);
  const judge = judgeWith(tier, planArms(claims, tier), byArm, fixed);
  console.error(`merge: ${merged.sources.length} shard folder(s), ${merged.rounds} round(s), ${merged.jobs.length} seeds, tier ${tier}${baseline.dir ? `, baselines ${baseline.dir}/${tier}` : ''}`);
  const report = reportClaims({ claims, tier, claimsDir, outDir, summaries: merged.summaries, judge, baseline });
  console.log(`\nwrote ${path.join(outDir, 'results.json')}, summary.md, sweep.json and seeds/ (${keys.size} seeds)`);
  if (next) {
    console.log(`round ${next.round} needed (claims still undecided): ${next.arms.map((a) => `${a.arm} seeds ${a.seeds[0]}..${a.seeds[a.seeds.length - 1]}`).join(', ')}`);
    console.log(`  plan it: npx staircase plan --shards N --tier ${tier} --claims ${claimsDir} --from ${outDir}`);
  } else {
    console.log(`no further round: every claim is decided or its arms are at maxSeeds${fixed ? ' (--fixed: one round)' : ''}`);
  }
  return report.exitCode;
}
