/**
 * The result cache: `<cache>/<key>/` holds job.json, record.json, checkpoint/, probe.json,
 * staircase.svg and summary.json. A worker builds the folder as `<cache>/.tmp-<key>-<pid>/`
 * and renames it into place, so a job folder either is complete or does not exist; a finished
 * folder is never rewritten (a rename onto a non-empty folder fails).
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import type { SeedSummary } from '../claims/seed-summary.ts';

/** The cache folder when neither `--cache` nor STAIRCASE_CACHE_DIR says otherwise (relative to the cwd). */
export const DEFAULT_CACHE_DIR = '.staircase/cache';

/** Files of a finished job folder; summary.json is written last, inside the temporary folder. */
export const JOB_FILES = { job: 'job.json', record: 'record.json', checkpoint: 'checkpoint', probe: 'probe.json', svg: 'staircase.svg', summary: 'summary.json' } as const;

/** `--cache DIR`, else env STAIRCASE_CACHE_DIR, else `.staircase/cache`; absolute, against `cwd`. */
export function resolveCacheDir(flag?: string, env: NodeJS.ProcessEnv = process.env, cwd: string = process.cwd()): string {
  const chosen = flag ?? (env.STAIRCASE_CACHE_DIR || undefined) ?? DEFAULT_CACHE_DIR;
  return path.resolve(cwd, chosen);
}

/** The finished folder of a job. */
export function jobDir(cacheDir: string, key: string): string {
  return path.join(cacheDir, key);
}

/** A worker's temporary folder (its pid tells a later sweep whether it is still alive). */
export function tmpJobDir(cacheDir: string, key: string, pid: number = process.pid): string {
  return path.join(cacheDir, `.tmp-${key}-${pid}`);
}

/** The summary of a finished job, or null when the job has not finished. */
export function readCachedSummary(cacheDir: string, key: string): SeedSummary | null {
  const file = path.join(jobDir(cacheDir, key), JOB_FILES.summary);
  if (!existsSync(file)) return null;
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as SeedSummary;
  } catch (error) {
    throw new Error(`${file}: a finished job's summary cannot be read (${(error as Error).message}); delete ${path.dirname(file)} to retrain it`);
  }
}

/**
 * Is `pid` a live process? A zombie (killed, not yet reaped: common in containers whose
 * init does not reap orphans) answers `kill(pid, 0)` but will never finish its job.
 */
function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return true; // no /proc (not Linux): trust kill(pid, 0)
  }
}

/**
 * Remove what killed workers and sweeps left: `.tmp-<key>-<pid>/` folders and `.jobs/*-<pid>.json`
 * job files whose process is gone. Live ones (another sweep on the same cache) are left alone.
 * @returns the paths removed
 */
export function removeStaleTemporaries(cacheDir: string): string[] {
  const removed: string[] = [];
  const sweep = (dir: string, pattern: RegExp): void => {
    if (!existsSync(dir)) return;
    for (const name of readdirSync(dir)) {
      const m = pattern.exec(name);
      if (!m || isAlive(Number(m[1]))) continue;
      rmSync(path.join(dir, name), { recursive: true, force: true });
      removed.push(path.join(dir, name));
    }
  };
  sweep(cacheDir, /^\.tmp-[0-9a-f]+-(\d+)(?:-incomplete)?$/);
  sweep(path.join(cacheDir, '.jobs'), /^[0-9a-f]+-(\d+)\.json$/);
  return removed;
}

/**
 * Move a finished temporary folder into `<cache>/<key>/`. When another worker finished the
 * same job first, its folder is kept and ours is discarded.
 * @returns true when ours was committed, false when the job was already complete
 */
export function commitJobDir(cacheDir: string, key: string, tmpDir: string): boolean {
  const final = jobDir(cacheDir, key);
  if (existsSync(path.join(final, JOB_FILES.summary))) {
    rmSync(tmpDir, { recursive: true, force: true });
    return false;
  }
  // A folder without summary.json is not a result (it cannot come from a rename); set it aside.
  if (existsSync(final)) {
    const aside = `${tmpJobDir(cacheDir, key)}-incomplete`;
    renameSync(final, aside);
    rmSync(aside, { recursive: true, force: true });
  }
  try {
    renameSync(tmpDir, final);
    return true;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if ((code === 'ENOTEMPTY' || code === 'EEXIST') && existsSync(path.join(final, JOB_FILES.summary))) {
      rmSync(tmpDir, { recursive: true, force: true });
      return false;
    }
    throw error;
  }
}

/** Create the cache folder (and its `.jobs/` folder for job files). */
export function ensureCacheDir(cacheDir: string): void {
  mkdirSync(path.join(cacheDir, '.jobs'), { recursive: true });
}
