/**
 * A scratch copy of the repository for specs that change its training code (the files a check
 * needs, copied; node_modules linked) with a claim pack from specs/ in `pack/`, and its CLI run in
 * that folder: a change there never touches the checkout the specs run from.
 */
import { execa } from 'execa';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ClaimsResults } from '../../harness/claims/result-types.ts';
import { PACKAGE_ROOT } from '../../harness/util/provenance.ts';

export const PACK = 'pack';

export interface CliRun {
  exitCode: number | undefined;
  stdout: string;
  stderr: string;
}

export interface ScratchRepo {
  dir: string;
  /** Run the copy's CLI in the copy (exit code returned, never thrown). */
  cli: (args: string[]) => Promise<CliRun>;
  /** `check --claims pack --tier smoke --out OUT --cache CACHE --jobs 2 --backend wasm [extra]`. */
  check: (out: string, cache: string, extra?: string[]) => Promise<CliRun>;
  /** OUT/results.json of a check in the copy. */
  results: (out: string) => ClaimsResults;
}

/** Copy the repository and the pack folder `fixture` (relative to the package root). */
export function makeScratchRepo(prefix: string, fixture: string): ScratchRepo {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  for (const p of ['bin', 'harness', 'schemas', path.join('specs', 'arms'), 'package.json', 'package-lock.json', 'tsconfig.json']) {
    cpSync(path.join(PACKAGE_ROOT, p), path.join(dir, p), { recursive: true });
  }
  symlinkSync(path.join(PACKAGE_ROOT, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  mkdirSync(path.join(dir, PACK));
  cpSync(path.join(PACKAGE_ROOT, fixture), path.join(dir, PACK), { recursive: true });
  const cli = async (args: string[]): Promise<CliRun> => {
    const started = performance.now();
    const r = await execa('node', [path.join(dir, 'bin', 'staircase.mjs'), ...args], { cwd: dir, reject: false, timeout: 300_000 });
    console.log(`staircase ${args.join(' ')}: exit ${r.exitCode} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    return { exitCode: r.exitCode, stdout: String(r.stdout), stderr: String(r.stderr) };
  };
  return {
    dir,
    cli,
    check: (out, cache, extra = []) => cli(['check', '--claims', PACK, '--tier', 'smoke', '--out', out, '--cache', cache, '--jobs', '2', '--backend', 'wasm', ...extra]),
    results: (out) => JSON.parse(readFileSync(path.join(dir, out, 'results.json'), 'utf8')) as ClaimsResults,
  };
}
