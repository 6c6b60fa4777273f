/**
 * Checks that outputs belong to one sweep: the same tier, claim pack, code, stopping mode and
 * backend. Each problem names both folders and says what to do.
 */
import type { ShardFile, SweepFile } from './sweep-files.ts';

type Identity = Pick<ShardFile | SweepFile, 'tier' | 'claimsHash' | 'codeHash' | 'fixed' | 'backend'>;

/** Problems with treating `b` (from `bDir`) as part of the sweep `a` (from `aDir`) belongs to. */
export function identityProblems(aDir: string, a: Identity, bDir: string, b: Identity): string[] {
  const problems: string[] = [];
  if (a.codeHash !== b.codeHash) {
    problems.push(`${bDir} was trained by other code than ${aDir} (code hash ${b.codeHash.slice(0, 12)} vs ${a.codeHash.slice(0, 12)}): every shard and round of a sweep must run the same training code; rerun the shards of one commit`);
  }
  if (a.tier !== b.tier) problems.push(`${bDir} is tier \`${b.tier}\`, ${aDir} is tier \`${a.tier}\`: merge shards of one tier`);
  if (a.claimsHash !== b.claimsHash) problems.push(`${bDir} ran another claim pack than ${aDir} (the claim files changed between them): rerun the shards with one pack`);
  if (a.fixed !== b.fixed) problems.push(`${bDir} ran ${b.fixed ? 'with' : 'without'} --fixed, ${aDir} ${a.fixed ? 'with' : 'without'}: use one mode for every shard`);
  if (a.backend !== b.backend) problems.push(`${bDir} asked for backend \`${b.backend}\`, ${aDir} for \`${a.backend}\`: use one --backend for every shard`);
  return problems;
}
