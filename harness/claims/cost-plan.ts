/**
 * What a check will cost before it runs (`staircase check --dry-run`): per arm, the seeds of the
 * first round and at most, how many are cached already, the measured seconds per training step and
 * the steps a seed takes, and from those the CPU time of the first round and of the worst case
 * (every arm to maxSeeds). A step's cost is measured: from the records of finished seeds of the
 * same configuration in the cache (their wall time over their steps), else by timing steps of a
 * fresh model of the arm here (harness/bench/measure.ts). Steps per seed: the median of those
 * records, else the arm's budget (maxSteps), which a seed that never converges spends in full.
 * With an external trainer only its own cached runs count; without any, a step of staircase's own
 * trainer stands in (labelled so), and an external task (nothing staircase can time) is unknown.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { StepTimer } from '../bench/measure.ts';
import type { ArmConfig } from '../train/defaults.ts';
import { canonicalJson, jobKey, makeJobs, type BackendChoice } from '../sweep/job.ts';
import type { ArmPlan } from './arm-plan.ts';
import { formatDuration } from '../util/duration.ts';
import { median } from '../util/median.ts';
import { formatTable } from '../util/text-table.ts';

export interface ArmCost {
  arm: string;
  firstSeeds: number;
  maxSeeds: number;
  /** Seeds of the first round already in the cache (they cost nothing). */
  cached: number;
  /** null: unknown (an external task with no cached run). */
  msPerStep: number | null;
  /** Where msPerStep comes from: `N cached runs`, `timed here` or why it is unknown. */
  stepSource: string;
  /** Median steps of cached runs of this configuration, else the budget. */
  stepsPerSeed: number;
  budgetSteps: number;
  /** CPU seconds to train the first round's uncached seeds, and every seed up to maxSeeds (each at stepsPerSeed). */
  firstRoundSeconds: number;
  maxSeconds: number;
}

/** An arm's configuration apart from its name: runs of one shape cost the same per step. */
const shapeOf = (a: ArmConfig): string => canonicalJson({ ...a, name: '', description: '' });

interface CachedRun {
  arm: ArmConfig;
  wallMs: number;
  steps: number;
  /** The record's external trainer (null: staircase's own). */
  trainer: string | null;
}

/** Wall time and steps of every finished run in the cache, with its arm configuration. */
function cachedRuns(cacheDir: string): CachedRun[] {
  if (!existsSync(cacheDir)) return [];
  const runs: CachedRun[] = [];
  for (const key of readdirSync(cacheDir)) {
    const dir = path.join(cacheDir, key);
    if (key.startsWith('.') || !existsSync(path.join(dir, 'summary.json')) || !existsSync(path.join(dir, 'record.json'))) continue;
    try {
      const record = JSON.parse(readFileSync(path.join(dir, 'record.json'), 'utf8')) as { arm: ArmConfig; wallMs: number; steps: number; trainer?: { name: string } };
      if (record.steps > 0 && record.wallMs > 0) runs.push({ arm: record.arm, wallMs: record.wallMs, steps: record.steps, trainer: record.trainer?.name ?? null });
    } catch {
      // A record this version cannot read tells nothing about cost.
    }
  }
  return runs;
}

/** Milliseconds per step of a fresh model of `arm` on the active backend (a few seconds of steps). */
async function timeStep(arm: ArmConfig): Promise<number> {
  const timer = await StepTimer.start(arm, { warmup: 2, warmupMs: 1500, timeEval: false });
  await timer.window();
  const t = await timer.finish();
  return 1000 / t.stepsPerSecond;
}

/** The cost of each arm of a plan. `timed` caches step times by configuration across arms. */
export async function armCosts(plans: readonly ArmPlan[], opts: { cacheDir: string; codeHash: string; backend: BackendChoice; tier: string; fixed: boolean }): Promise<ArmCost[]> {
  const runs = cachedRuns(opts.cacheDir);
  const timed = new Map<string, number>();
  const out: ArmCost[] = [];
  for (const plan of plans) {
    const firstSeeds = opts.fixed ? plan.maxSeeds : plan.seeds;
    const seeds = Array.from({ length: plan.maxSeeds }, (_, i) => plan.firstSeed + i);
    const jobs = makeJobs(plan.name, opts.tier, plan.arm, seeds, { backend: opts.backend });
    const isCached = jobs.map((j) => existsSync(path.join(opts.cacheDir, jobKey(j, opts.codeHash), 'summary.json')));
    const cached = isCached.slice(0, firstSeeds).filter(Boolean).length;
    const cachedAll = isCached.filter(Boolean).length;
    const shape = shapeOf(plan.arm);
    const trainer = opts.backend.trainer ?? null;
    // A trainer's record names it by its own name (staircase-torch for `torch`): runs of another trainer do not count.
    const mine = runs.filter((r) => shapeOf(r.arm) === shape && (trainer === null ? r.trainer === null : r.trainer !== null));
    const timeable = plan.arm.task !== 'external';
    if (!mine.length && timeable && !timed.has(shape)) timed.set(shape, await timeStep(plan.arm));
    const msPerStep = mine.length ? median(mine.map((r) => r.wallMs / r.steps)) : timeable ? timed.get(shape)! : null;
    const stepsPerSeed = mine.length ? median(mine.map((r) => r.steps)) : plan.arm.maxSteps;
    const seedSeconds = msPerStep === null ? NaN : (msPerStep * stepsPerSeed) / 1000;
    const unknownWhy = `unknown: ${trainer?.name ?? 'the trainer'}'s own task, no cached run yet`;
    out.push({
      arm: plan.name,
      firstSeeds,
      maxSeeds: plan.maxSeeds,
      cached,
      msPerStep,
      stepSource: mine.length ? `${mine.length} cached run${mine.length === 1 ? '' : 's'}` : !timeable ? unknownWhy : trainer ? "timed here, staircase's own trainer standing in" : 'timed here',
      stepsPerSeed,
      budgetSteps: plan.arm.maxSteps,
      firstRoundSeconds: (firstSeeds - cached) * seedSeconds,
      maxSeconds: (plan.maxSeeds - cachedAll) * seedSeconds,
    });
  }
  return out;
}

/** The dry run's table and totals; `jobs` workers share the CPU time. */
export function renderCosts(costs: readonly ArmCost[], jobs: number): string {
  const rows = costs.map((c) => [
    c.arm,
    `${c.firstSeeds} / ${c.maxSeeds}`,
    String(c.cached),
    c.msPerStep === null ? c.stepSource : `${c.msPerStep.toFixed(0)} ms (${c.stepSource})`,
    `${Math.round(c.stepsPerSeed)} / ${c.budgetSteps}`,
    Number.isNaN(c.firstRoundSeconds) ? '?' : formatDuration(c.firstRoundSeconds),
    Number.isNaN(c.maxSeconds) ? '?' : formatDuration(c.maxSeconds),
  ]);
  const known = costs.filter((c) => c.msPerStep !== null);
  const first = known.reduce((s, c) => s + c.firstRoundSeconds, 0);
  const max = known.reduce((s, c) => s + c.maxSeconds, 0);
  const unknown = costs.length - known.length;
  const table = formatTable(['arm', 'seeds first / max', 'cached', 'per step', 'steps per seed / budget', 'CPU round 1', 'CPU at max'], rows, ['left', 'right', 'right', 'right', 'right', 'right', 'right']);
  return [
    table,
    '',
    `round 1: ${formatDuration(first)} of CPU, about ${formatDuration(first / jobs)} on ${jobs} worker${jobs === 1 ? '' : 's'}; every arm to maxSeeds: ${formatDuration(max)} of CPU, about ${formatDuration(max / jobs)}${unknown ? ` (not counting ${unknown} arm${unknown === 1 ? '' : 's'} of unknown cost: a first round measures it)` : ''}`,
    'Sequential stopping ends an arm between the two once its claims are decided. A step is priced from cached runs of the same configuration where there are any (their steps per seed too), else timed here, with the budget as the steps; the probe adds a few seconds per seed.',
  ].join('\n');
}
