/**
 * The per-seed part of a results folder: `OUT/seeds/<cache-key>/{summary.json,record.json,probe.json}`,
 * copied from the result cache for every seed a check (or a merge) judged, so that a results folder
 * is self-contained: reports and dashboards read it without the cache.
 */
import { copyFileSync, existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import type { SeedSummary } from '../claims/seed-summary.ts';
import { JOB_FILES, jobDir } from '../sweep/cache.ts';
import { writeJsonAtomic } from '../util/atomic.ts';

/** The folder of per-seed files inside a results folder. */
export const SEEDS_DIR = 'seeds';

/** Files of one exported seed. */
export const SEED_FILES = { summary: 'summary.json', record: 'record.json', probe: 'probe.json' } as const;

/** What the export needs of a finished job: its key and its summary, labelled with the arm that asked for it. */
export interface ExportableSeed {
  key: string;
  summary: SeedSummary;
}

/**
 * Replace `OUT/seeds/` with one folder per cache key. When two arm labels share a key (the same
 * configuration under two names), the first label's summary is kept.
 * @returns the number of seed folders written
 * @throws when a job's record.json or probe.json is missing from the cache
 */
export function exportSeeds(outDir: string, cacheDir: string, seeds: readonly ExportableSeed[]): number {
  const target = path.join(outDir, SEEDS_DIR);
  const staging = `${target}.tmp-${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  const written = new Set<string>();
  for (const { key, summary } of seeds) {
    if (written.has(key)) continue;
    const from = jobDir(cacheDir, key);
    const to = path.join(staging, key);
    mkdirSync(to, { recursive: true });
    for (const file of [JOB_FILES.record, JOB_FILES.probe]) {
      const src = path.join(from, file);
      if (!existsSync(src)) throw new Error(`${src}: missing from the cache; the seed ${summary.arm} ${summary.seed} cannot be exported`);
      copyFileSync(src, path.join(to, file));
    }
    writeJsonAtomic(path.join(to, SEED_FILES.summary), summary);
    written.add(key);
  }
  mkdirSync(staging, { recursive: true });
  rmSync(target, { recursive: true, force: true });
  renameSync(staging, target);
  return written.size;
}
