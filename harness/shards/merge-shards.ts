/**
 * Combining shard outputs into one sweep: every shard of every round present exactly once,
 * all from one code hash, claim pack, tier, stopping mode and backend, each round planned
 * from the rounds before it. Every problem names the folder (or the missing shard) and the fix.
 */
import path from 'node:path';
import type { SeedSummary } from '../claims/seed-summary.ts';
import { ValidationError } from '../util/schema.ts';
import { keysHash } from './hashes.ts';
import { identityProblems } from './same-sweep.ts';
import { readSeedSummary } from './seed-copies.ts';
import { readShardFile, type JobEntry, type ShardFile } from './sweep-files.ts';

export interface MergedJob extends JobEntry {
  round: number;
  /** The shard folder holding seeds/<key>/. */
  dir: string;
}

export interface MergedSweep {
  /** The identity every shard shares (from the first). */
  first: ShardFile;
  rounds: number;
  jobs: MergedJob[];
  summaries: SeedSummary[];
  sources: string[];
}

const shardName = (s: ShardFile): string => `shard ${s.shard.index}/${s.shard.count} of round ${s.round}`;

/** Problems within one round's shards. */
function roundProblems(round: number, shards: { dir: string; file: ShardFile }[]): string[] {
  const problems: string[] = [];
  const [head] = shards;
  if (!head) return problems;
  for (const s of shards.slice(1)) {
    if (s.file.shard.count !== head.file.shard.count) problems.push(`round ${round}: ${s.dir} is shard ${s.file.shard.index}/${s.file.shard.count} but ${head.dir} is ${head.file.shard.index}/${head.file.shard.count}: the shards of a round must be split the same way; rerun them with one --shard i/n count`);
    else if (s.file.planHash !== head.file.planHash || s.file.basedOn !== head.file.basedOn) {
      problems.push(`round ${round}: ${s.dir} and ${head.dir} planned different jobs (a different --from folder, or \`auto\` resolving to another backend on their runners): rerun the round's shards from one results folder on alike runners`);
    }
  }
  if (problems.length) return problems;
  const count = head.file.shard.count;
  const byIndex = new Map<number, string[]>();
  for (const s of shards) byIndex.set(s.file.shard.index, [...(byIndex.get(s.file.shard.index) ?? []), s.dir]);
  for (let i = 1; i <= count; i++) {
    const dirs = byIndex.get(i) ?? [];
    if (dirs.length === 0) problems.push(`shard ${i}/${count} of round ${round} is missing: pass its output folder too (\`staircase sweep --shard ${i}/${count}${round > 1 ? ' --from RESULTS_DIR' : ''}\` writes it)`);
    if (dirs.length > 1) problems.push(`shard ${i}/${count} of round ${round} is given twice: ${dirs.join(' and ')}; pass each shard once`);
  }
  if (problems.length) return problems;
  const keys = shards.flatMap((s) => s.file.jobs.map((j) => j.key));
  if (keysHash(keys) !== head.file.planHash) problems.push(`round ${round}: the jobs of shards 1..${count} do not add up to the round's plan; rerun the round's shards`);
  return problems;
}

/**
 * Read and check shard folders, and collect their jobs and labelled summaries.
 * @throws ValidationError listing every problem, naming folders and missing shards
 */
export function mergeShardDirs(dirs: readonly string[]): MergedSweep {
  if (dirs.length === 0) throw new ValidationError('merge', ['no shard folders given: pass the --out folder of every shard, e.g. `staircase merge out/shard-* --out merged`']);
  const problems: string[] = [];
  const shards: { dir: string; file: ShardFile }[] = [];
  const seen = new Map<string, string>();
  for (const dir of dirs) {
    const abs = path.resolve(dir);
    if (seen.has(abs)) {
      problems.push(`${dir} is given twice (as ${seen.get(abs)} too); pass each shard folder once`);
      continue;
    }
    seen.set(abs, dir);
    try {
      shards.push({ dir, file: readShardFile(dir) });
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      problems.push(...error.problems.map((p) => `${error.file}: ${p}`));
    }
  }
  if (problems.length) throw new ValidationError('merge', problems);
  const head = shards[0]!;
  for (const s of shards.slice(1)) problems.push(...identityProblems(head.dir, head.file, s.dir, s.file));
  for (const s of shards) {
    if (s.file.failed.length) problems.push(`${s.dir} (${shardName(s.file)}) has ${s.file.failed.length} failed job(s): ${s.file.failed.map((f) => `${f.arm} seed ${f.seed}`).join(', ')}; rerun that shard (finished seeds come from its cache)`);
  }
  if (problems.length) throw new ValidationError('merge', problems);

  const rounds = Math.max(...shards.map((s) => s.file.round));
  const keysBefore: string[] = [];
  for (let r = 1; r <= rounds; r++) {
    const inRound = shards.filter((s) => s.file.round === r);
    if (inRound.length === 0) {
      problems.push(`round ${r} is missing: the folders given hold rounds up to ${rounds}; pass the shard folders of every round`);
      continue;
    }
    problems.push(...roundProblems(r, inRound));
    const basedOn = inRound[0]!.file.basedOn;
    const expected = r === 1 ? null : keysHash(keysBefore);
    if (basedOn !== expected) {
      problems.push(
        r === 1
          ? `${inRound[0]!.dir}: round 1 claims to follow earlier rounds; pass the shards of every round`
          : `round ${r} was planned from other results than rounds 1..${r - 1} given here: pass the shard folders of exactly the rounds that were merged into the --from folder of round ${r}`,
      );
    }
    keysBefore.push(...inRound.flatMap((s) => s.file.jobs.map((j) => j.key)));
  }
  if (problems.length) throw new ValidationError('merge', problems);

  const jobs: MergedJob[] = shards
    .flatMap((s) => s.file.jobs.map((j) => ({ ...j, round: s.file.round, dir: s.dir })))
    .sort((a, b) => a.round - b.round || a.arm.localeCompare(b.arm) || a.seed - b.seed);
  const summaries = jobs.map((j) => readSeedSummary(j.dir, j));
  return { first: head.file, rounds, jobs, summaries, sources: shards.map((s) => s.dir) };
}
