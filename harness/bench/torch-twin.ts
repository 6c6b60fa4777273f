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
  /** Seeds trained at once as one batched model (scripts/torch_twin.py's "population"; 1 when absent): seed-steps/s = population x stepsPerSecond. */
  population?: number;
}

/** One timed window of the twin: a step trains all `population` seeds once. */
export interface TorchWindow {
  stepsPerSecond: number;
  steps: number;
  wallMs: number;
  /** Seeds per step (1: the single-model step). */
  population: number;
  /** population x stepsPerSecond. */
  seedStepsPerSecond: number;
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
    /** Seeds trained at once as one batched model (1: the single-model step). */
    readonly population: number,
  ) {}

  /**
   * Start the twin for `arm`. `opts.population` P > 1 trains P independent seeds (own inits, own
   * batches) as one batched model (vmap over stacked parameters; scripts/torch_twin.py says how).
   * `opts.warmupMs` shortens the warm-up before the first window (default 5000, as the bench's own).
   */
  static async start(python: string, arm: Partial<ArmConfig>, opts: { population?: number; warmupMs?: number } = {}): Promise<TorchTwin> {
    const population = opts.population ?? 1;
    if (!Number.isInteger(population) || population < 1) throw new Error(`TorchTwin: population must be an integer >= 1, got ${population}`);
    const script = path.join(PACKAGE_ROOT, 'scripts', 'torch_twin.py');
    // P = 1 sends the config exactly as before (no "population" key): the single-model step.
    const config = { ...arm, ...(population > 1 ? { population } : {}), ...(opts.warmupMs === undefined ? {} : { warmupMs: opts.warmupMs }), serve: true };
    const child = execa(python, [script, JSON.stringify(config)], {
      env: { OPENBLAS_NUM_THREADS: '1', OMP_NUM_THREADS: '1' },
      timeout: 60 * 60_000,
      stdin: 'pipe',
      stdout: 'pipe',
      buffer: { stdout: false, stderr: true },
    });
    child.catch(() => undefined); // a failure shows as a closed stdout in next()
    const lines = createInterface({ input: child.stdout! })[Symbol.asyncIterator]();
    const ready = await TorchTwin.next(lines, child);
    return new TorchTwin(child, lines, String(ready.torch), Number(ready.threads), python, Number(ready.population));
  }

  private static async next(lines: AsyncIterator<string>, child: ResultPromise): Promise<Record<string, unknown>> {
    const { value, done } = await lines.next();
    if (done) {
      const r = await child.catch((e: unknown) => e as { stderr?: string });
      throw new Error(`the PyTorch twin (scripts/torch_twin.py) stopped: ${String((r as { stderr?: string }).stderr ?? '').trim().split('\n').at(-1)}`);
    }
    return JSON.parse(value as string) as Record<string, unknown>;
  }

  /** One timed window of at least minMs: steps (each trains every seed of the population once), wall ms, steps/s and seed-steps/s. */
  async window(minMs: number): Promise<TorchWindow> {
    this.child.stdin!.write(`${JSON.stringify({ minMs })}\n`);
    return (await TorchTwin.next(this.lines, this.child)) as unknown as TorchWindow;
  }

  async close(): Promise<void> {
    this.child.stdin!.end();
    await this.child.catch(() => undefined);
  }
}
