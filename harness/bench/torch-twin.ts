import { execa } from 'execa';
import path from 'node:path';
import { PACKAGE_ROOT } from '../util/provenance.ts';
import type { ArmConfig } from '../train/defaults.ts';

export interface TorchTiming {
  /** Median over the timed windows. */
  stepsPerSecond: number;
  windows: number[];
  steps: number;
  wallMs: number;
  torch: string;
  threads: number;
  python: string;
}

/** The first Python that can import torch ($STAIRCASE_PYTHON, python3, /usr/bin/python3), or why none can. */
export async function findTorchPython(): Promise<{ python: string } | { reason: string }> {
  const candidates = [process.env.STAIRCASE_PYTHON, 'python3', '/usr/bin/python3'].filter((c): c is string => Boolean(c));
  for (const python of candidates) {
    const r = await execa(python, ['-c', 'import torch'], { reject: false, timeout: 60_000 });
    if (r.exitCode === 0) return { python };
  }
  return { reason: `no Python with torch among ${candidates.join(', ')} (apt-get install python3-torch libopenblas0-pthread, or set STAIRCASE_PYTHON)` };
}

/** Time the same training step in scripts/torch_twin.py, single thread with OpenBLAS. */
export async function timeTorch(python: string, arm: Partial<ArmConfig>, minMs: number): Promise<TorchTiming> {
  const script = path.join(PACKAGE_ROOT, 'scripts', 'torch_twin.py');
  const r = await execa(python, [script, JSON.stringify({ ...arm, minMs })], {
    env: { OPENBLAS_NUM_THREADS: '1', OMP_NUM_THREADS: '1' },
    timeout: 10 * 60_000,
  });
  const line = r.stdout.trim().split('\n').at(-1) ?? '';
  return { ...(JSON.parse(line) as Omit<TorchTiming, 'python'>), python };
}
