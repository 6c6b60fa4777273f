import { execa } from 'execa';
import path from 'node:path';
import { PACKAGE_ROOT } from '../../harness/util/provenance.ts';

/** Run the real CLI (bin/staircase.mjs) in a child process. */
export function runCli(args: string[], opts: { cwd?: string; env?: Record<string, string> } = {}) {
  return execa('node', [path.join(PACKAGE_ROOT, 'bin', 'staircase.mjs'), ...args], { reject: false, cwd: opts.cwd ?? PACKAGE_ROOT, env: opts.env, timeout: 300_000 });
}
