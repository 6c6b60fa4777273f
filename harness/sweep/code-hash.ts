/**
 * The training code hash: part of every job key, so that changing the code that trains,
 * probes or summarises a seed retrains everything, and unchanged code retrains nothing.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { PACKAGE_ROOT } from '../util/provenance.ts';
import { canonicalJson } from './job.ts';

/**
 * Folders (recursively) and files, relative to the package root, whose contents determine a
 * job's result. Beyond training and probing, the summary (claims/seed-summary.ts) and the worker
 * that writes it are hashed too: a cached summary must have the shape claims read today.
 */
export const HASHED_PATHS = [
  'harness/task',
  'harness/model',
  'harness/train',
  'harness/probe',
  'harness/backend',
  'schemas/arm.schema.json',
  'schemas/checkpoint.schema.json',
  'schemas/record.schema.json',
  'schemas/probe.schema.json',
  'schemas/job.schema.json',
  'harness/claims/seed-summary.ts',
  'harness/sweep/worker.ts',
] as const;

/** The pseudo-entry that stands for the @tensorflow/* versions in package-lock.json. */
export const LOCK_ENTRY = 'package-lock.json#@tensorflow/*';

function walk(root: string, rel: string, out: string[]): void {
  const abs = path.join(root, rel);
  for (const e of readdirSync(abs, { withFileTypes: true })) {
    const child = path.posix.join(rel, e.name);
    if (e.isDirectory()) walk(root, child, out);
    else if (e.isFile()) out.push(child);
  }
}

/** The source files hashed, as sorted POSIX paths relative to `root` (what a report can list). */
export function hashedFiles(root: string = PACKAGE_ROOT): string[] {
  const out: string[] = [];
  for (const p of HASHED_PATHS) {
    const abs = path.join(root, p);
    if (!existsSync(abs)) continue;
    if (statSync(abs).isDirectory()) walk(root, p, out);
    else out.push(p);
  }
  // Leftovers of writeFileAtomic (`file.tmp-PID-RANDOM`) are not sources.
  return [...new Set(out)].filter((f) => !/\.tmp-\d+-\w+$/.test(f)).sort();
}

/** name -> version of every @tensorflow/* package in package-lock.json (nested installs included). */
export function tensorflowLockVersions(root: string = PACKAGE_ROOT): Record<string, string> {
  const file = path.join(root, 'package-lock.json');
  if (!existsSync(file)) return {};
  const lock = JSON.parse(readFileSync(file, 'utf8')) as { packages?: Record<string, { version?: string }> };
  const out: Record<string, string> = {};
  for (const [where, info] of Object.entries(lock.packages ?? {})) {
    if (/(^|\/)node_modules\/@tensorflow\/[^/]+$/.test(where)) out[where] = info.version ?? 'unknown';
  }
  return out;
}

const memo = new Map<string, string>();

/**
 * sha256 (hex) over each hashed file's path and content, in sorted order, then the
 * @tensorflow/* lock versions. Computed once per root and process.
 */
export function trainingCodeHash(root: string = PACKAGE_ROOT): string {
  const cached = memo.get(root);
  if (cached) return cached;
  const hash = createHash('sha256');
  for (const rel of hashedFiles(root)) {
    const content = readFileSync(path.join(root, rel));
    hash.update(`${rel}\0${content.length}\0`).update(content).update('\0');
  }
  hash.update(`${LOCK_ENTRY}\0${canonicalJson(tensorflowLockVersions(root))}\0`);
  const digest = hash.digest('hex');
  memo.set(root, digest);
  return digest;
}

/** Forget memoised hashes (tests that edit files between two hashes). */
export function clearCodeHashMemo(): void {
  memo.clear();
}
