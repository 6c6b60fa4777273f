/**
 * The two files that say what a sweep output folder holds (docs/baselines.md):
 * - `shard.json` (schemas/shard.schema.json), in the folder of `staircase sweep` and
 *   `check --shard`: which shard of how many, of which round, the jobs it was assigned (label
 *   and key), the code and claim pack it ran.
 * - `sweep.json` (schemas/sweep.schema.json), in the folder of `check` and `merge`: every job of
 *   every round (label, key, round), and the next round's seeds if claims are still undecided.
 * The seeds themselves are in `seeds/<key>/` (seed-copies.ts).
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { writeJsonAtomic } from '../util/atomic.ts';
import { validate, ValidationError } from '../util/schema.ts';

export const SHARD_FILE = 'shard.json';
export const SWEEP_FILE = 'sweep.json';

/** One job as output folders list it: the labels it ran under and its cache key. */
export interface JobEntry {
  arm: string;
  tier: string;
  seed: number;
  key: string;
}

/** What every sweep output says about how it was made. */
interface SweepIdentity {
  tier: string;
  /** The claim pack folder as given. */
  claimsDir: string;
  /** claimsHash() of the pack. */
  claimsHash: string;
  /** trainingCodeHash() of the code that trained. */
  codeHash: string;
  /** true: no sequential stopping (maxSeeds per arm in one round, fixed-n statistics). */
  fixed: boolean;
  /** The backend request of every job (`auto`, `wasm`, ...). */
  backend: string;
}

export interface ShardFile extends SweepIdentity {
  kind: 'staircase.shard';
  version: 1;
  shard: { index: number; count: number };
  /** 1 for the first seeds, then one per round of sequential stopping. */
  round: number;
  /** keysHash() of every job of the round (all shards): shards of one round share it. */
  planHash: string;
  /** keysHash() of the jobs of the rounds before (null in round 1). */
  basedOn: string | null;
  /** The jobs this shard was assigned; each has seeds/<key>/ unless listed in `failed`. */
  jobs: JobEntry[];
  /** Assigned jobs whose worker failed (no seeds/<key>/; rerun the shard). */
  failed: JobEntry[];
  createdAt: string;
}

export interface SweepFile extends SweepIdentity {
  kind: 'staircase.sweep';
  version: 1;
  /** Rounds the folder holds (1..rounds). */
  rounds: number;
  jobs: (JobEntry & { round: number })[];
  /** The seeds the next round would add (sequential stopping), or null when every claim is decided or at maxSeeds. */
  next: { round: number; arms: { arm: string; seeds: number[] }[] } | null;
  /** The folders merged into this one ([] for a check). */
  sources: string[];
  createdAt: string;
}

/** Write shard.json or sweep.json into `dir`, schema-checked first. */
export function writeSweepFile(dir: string, data: ShardFile | SweepFile): string {
  const name = data.kind === 'staircase.shard' ? SHARD_FILE : SWEEP_FILE;
  const file = path.join(dir, name);
  validate(data.kind === 'staircase.shard' ? 'shard' : 'sweep', JSON.parse(JSON.stringify(data)), file);
  writeJsonAtomic(file, data);
  return file;
}

function readJson(file: string, what: string, fix: string): unknown {
  if (!existsSync(file)) throw new ValidationError(file, [`no ${path.basename(file)}: ${what}; ${fix}`]);
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new ValidationError(file, [`not valid JSON (${(error as Error).message}); ${fix}`]);
  }
}

/**
 * Read `dir/shard.json`.
 * @throws ValidationError naming the file and every problem (a folder without one is not a shard)
 */
export function readShardFile(dir: string): ShardFile {
  const fix = 'pass the --out folder of `staircase sweep --shard i/n` (or `check --shard i/n`), or rerun that shard';
  const raw = readJson(path.join(dir, SHARD_FILE), 'this folder is not the output of a shard', fix);
  return validate<ShardFile>('shard', raw, path.join(dir, SHARD_FILE));
}

/**
 * Read `dir/sweep.json`.
 * @throws ValidationError naming the file and every problem
 */
export function readSweepFile(dir: string): SweepFile {
  const fix = 'pass the --out folder of `staircase check` or `staircase merge` (they write results.json, seeds/ and sweep.json)';
  const raw = readJson(path.join(dir, SWEEP_FILE), 'this folder is not the output of a check or a merge', fix);
  return validate<SweepFile>('sweep', raw, path.join(dir, SWEEP_FILE));
}
