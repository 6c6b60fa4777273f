/**
 * `DIR/seeds/<key>/` of an output folder: each seed's summary.json, record.json and probe.json,
 * copied from the result cache (not the checkpoint), so a folder is a self-contained result that
 * merges, baselines and dashboards read without the cache.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import type { SeedSummary } from '../claims/seed-summary.ts';
import { JOB_FILES, jobDir } from '../sweep/cache.ts';
import { writeFileAtomic, writeJsonAtomic } from '../util/atomic.ts';
import { ValidationError } from '../util/schema.ts';
import type { JobEntry } from './sweep-files.ts';

export const SEEDS_DIR = 'seeds';
/** The files of a seed folder; the summary is written last. */
export const SEED_FILES = [JOB_FILES.record, JOB_FILES.probe, JOB_FILES.summary] as const;

export const seedDir = (outDir: string, key: string): string => path.join(outDir, SEEDS_DIR, key);

/** Copy one file atomically (a reader sees the old file or the new, never a part). */
function copyAtomic(from: string, to: string): void {
  writeFileAtomic(to, readFileSync(from));
}

/**
 * Write `outDir/seeds/<key>/` for every outcome from the cache, and remove folders of keys
 * that are not among them (the folder describes this run only). The summary carries the label
 * (arm, tier) of the first job with its key; sweep.json / shard.json list every label.
 */
export function writeSeedCopies(outDir: string, cacheDir: string, outcomes: readonly { key: string; summary: SeedSummary }[]): void {
  const keys = new Set<string>();
  for (const o of outcomes) {
    if (keys.has(o.key)) continue;
    keys.add(o.key);
    const dir = seedDir(outDir, o.key);
    mkdirSync(dir, { recursive: true });
    copyAtomic(path.join(jobDir(cacheDir, o.key), JOB_FILES.record), path.join(dir, JOB_FILES.record));
    // A seed of an external task has no probe.json (nothing staircase can probe).
    const probe = path.join(jobDir(cacheDir, o.key), JOB_FILES.probe);
    if (existsSync(probe)) copyAtomic(probe, path.join(dir, JOB_FILES.probe));
    else rmSync(path.join(dir, JOB_FILES.probe), { force: true });
    writeJsonAtomic(path.join(dir, JOB_FILES.summary), o.summary);
  }
  removeOtherSeeds(outDir, keys);
}

/** Remove `outDir/seeds/*` folders whose key is not in `keys`. */
export function removeOtherSeeds(outDir: string, keys: ReadonlySet<string>): void {
  const root = path.join(outDir, SEEDS_DIR);
  if (!existsSync(root)) return;
  for (const name of readdirSync(root)) if (!keys.has(name)) rmSync(path.join(root, name), { recursive: true, force: true });
}

/** Copy a seed folder from another output folder (merge). */
export function copySeedDir(fromDir: string, outDir: string, key: string): void {
  const to = seedDir(outDir, key);
  mkdirSync(to, { recursive: true });
  for (const f of SEED_FILES) copyAtomic(path.join(seedDir(fromDir, key), f), path.join(to, f));
}

/**
 * The summary of a listed job, labelled as the job ran (a key shared by two labels has one file).
 * @throws ValidationError naming the folder when the seed's files are missing or unreadable
 */
export function readSeedSummary(dir: string, job: JobEntry): SeedSummary {
  const folder = seedDir(dir, job.key);
  const missing = SEED_FILES.filter((f) => !existsSync(path.join(folder, f)));
  if (missing.length) {
    throw new ValidationError(dir, [`${job.arm} seed ${job.seed} is listed but ${path.join(SEEDS_DIR, job.key)}/ lacks ${missing.join(', ')}: the folder is incomplete; rerun the command that wrote it`]);
  }
  try {
    const summary = JSON.parse(readFileSync(path.join(folder, JOB_FILES.summary), 'utf8')) as SeedSummary;
    return { ...summary, arm: job.arm, tier: job.tier };
  } catch (error) {
    throw new ValidationError(path.join(folder, JOB_FILES.summary), [`cannot be read (${(error as Error).message}); rerun the command that wrote ${dir}`]);
  }
}
