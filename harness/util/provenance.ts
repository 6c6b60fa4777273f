import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The package root (where package.json and schemas/ live). */
export const PACKAGE_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

const require = createRequire(import.meta.url);

export function packageVersion(name: string): string {
  try {
    if (name === 'staircase') return (require(path.join(PACKAGE_ROOT, 'package.json')) as { version: string }).version;
    return (require(`${name}/package.json`) as { version: string }).version;
  } catch {
    return 'unknown';
  }
}

export interface GitInfo {
  commit: string;
  dirty: boolean;
}

/** The git commit of the package checkout, or null outside a git work tree. */
export function gitInfo(cwd = PACKAGE_ROOT): GitInfo | null {
  try {
    const commit = execFileSync('git', ['rev-parse', 'HEAD'], { cwd, stdio: ['ignore', 'pipe', 'ignore'] }).toString().trim();
    const status = execFileSync('git', ['status', '--porcelain', '--untracked-files=no'], { cwd, stdio: ['ignore', 'pipe', 'ignore'] }).toString();
    return { commit, dirty: status.trim().length > 0 };
  } catch {
    return null;
  }
}

export interface HostInfo {
  platform: string;
  arch: string;
  cpus: number;
  cpuModel: string;
  node: string;
}

export function hostInfo(): HostInfo {
  const cpus = os.cpus();
  return { platform: process.platform, arch: process.arch, cpus: cpus.length, cpuModel: cpus[0]?.model ?? 'unknown', node: process.version };
}
