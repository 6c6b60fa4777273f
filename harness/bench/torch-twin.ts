import { execa, type ResultPromise } from 'execa';
import { createInterface } from 'node:readline';
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

/**
 * The twin kept running (its "serve" mode): warmed up once, then one timed window per call, so the
 * bench can alternate them with its own windows.
 */
export class TorchTwin {
  private constructor(
    private readonly child: ResultPromise,
    private readonly lines: AsyncIterator<string>,
    readonly torch: string,
    readonly threads: number,
    readonly python: string,
  ) {}

  static async start(python: string, arm: Partial<ArmConfig>): Promise<TorchTwin> {
    const script = path.join(PACKAGE_ROOT, 'scripts', 'torch_twin.py');
    const child = execa(python, [script, JSON.stringify({ ...arm, serve: true })], {
      env: { OPENBLAS_NUM_THREADS: '1', OMP_NUM_THREADS: '1' },
      timeout: 60 * 60_000,
      stdin: 'pipe',
      stdout: 'pipe',
      buffer: { stdout: false, stderr: true },
    });
    child.catch(() => undefined); // a failure shows as a closed stdout in next()
    const lines = createInterface({ input: child.stdout! })[Symbol.asyncIterator]();
    const ready = await TorchTwin.next(lines, child);
    return new TorchTwin(child, lines, String(ready.torch), Number(ready.threads), python);
  }

  private static async next(lines: AsyncIterator<string>, child: ResultPromise): Promise<Record<string, unknown>> {
    const { value, done } = await lines.next();
    if (done) {
      const r = await child.catch((e: unknown) => e as { stderr?: string });
      throw new Error(`the PyTorch twin (scripts/torch_twin.py) stopped: ${String((r as { stderr?: string }).stderr ?? '').trim().split('\n').at(-1)}`);
    }
    return JSON.parse(value as string) as Record<string, unknown>;
  }

  /** One timed window of at least minMs: steps, wall ms and steps/s. */
  async window(minMs: number): Promise<{ stepsPerSecond: number; steps: number; wallMs: number }> {
    this.child.stdin!.write(`${JSON.stringify({ minMs })}\n`);
    return (await TorchTwin.next(this.lines, this.child)) as { stepsPerSecond: number; steps: number; wallMs: number };
  }

  async close(): Promise<void> {
    this.child.stdin!.end();
    await this.child.catch(() => undefined);
  }
}
