/**
 * Sweep progress: a tracker fed with the scheduler's events, a renderer (per arm: seeds done /
 * running / left, an ETA, and a line the caller supplies about claims decided so far), and a
 * reporter that redraws in place on a terminal and prints a line per finished job otherwise.
 */
import { verdictLabel } from '../claims/seed-summary.ts';
import type { SweepEvent } from './scheduler.ts';
import type { ArmConfig } from '../train/defaults.ts';
import { stepFlops } from '../bench/step-flops.ts';
import { plural } from '../util/plural.ts';
import { formatDuration } from '../util/duration.ts';
import { median } from '../util/median.ts';

export interface ArmProgress {
  /** `armName (tier)`. */
  label: string;
  total: number;
  done: number;
  cached: number;
  running: number;
  failed: number;
  /** Worker wall times of this arm's jobs trained by this sweep. */
  wallMs: number[];
  /** The arm's step budget (maxSteps) and the arithmetic of one of its steps (null until a round names it). */
  budgetSteps: number | null;
  stepFlops: number | null;
}

export interface SweepProgress {
  arms: Map<string, ArmProgress>;
  round: number;
  concurrency: number;
  /** Start times (ms, performance.now) and arm labels of the running jobs, by key. */
  running: Map<string, { since: number; label: string }>;
  /** Worker wall times of the jobs this sweep trained. */
  finishedWallMs: number[];
  /** Milliseconds per step per GFLOP of each job this sweep trained (what a seed costs here, any arm). */
  msPerStepGflop: number[];
}

/** An empty tracker. */
export function createProgress(): SweepProgress {
  return { arms: new Map(), round: 0, concurrency: 1, running: new Map(), finishedWallMs: [], msPerStepGflop: [] };
}

const armLabel = (armName: string, tier: string): string => `${armName} (${tier})`;

function arm(p: SweepProgress, armName: string, tier: string): ArmProgress {
  const label = armLabel(armName, tier);
  let a = p.arms.get(label);
  if (!a) p.arms.set(label, (a = { label, total: 0, done: 0, cached: 0, running: 0, failed: 0, wallMs: [], budgetSteps: null, stepFlops: null }));
  return a;
}

/** GFLOP of one step of an arm (dense and attention products); an external task's unknown cost counts its steps (1 "GFLOP" each). */
function gflopsPerStep(config: ArmConfig): number {
  if (config.task === 'external') return 1;
  const f = stepFlops(config);
  return (f.dense + f.attention) / 1e9;
}

/** Fold one scheduler event into the tracker. */
export function trackProgress(p: SweepProgress, e: SweepEvent, now: number = performance.now()): void {
  if (e.type === 'round') {
    p.round = e.round;
    p.concurrency = e.concurrency;
    for (const j of e.jobs) {
      const a = arm(p, j.job.armName, j.job.tier);
      a.total += 1;
      if (a.stepFlops === null) {
        a.budgetSteps = j.job.arm.maxSteps;
        a.stepFlops = gflopsPerStep(j.job.arm);
      }
    }
  } else if (e.type === 'job-start') {
    const a = arm(p, e.job.armName, e.job.tier);
    a.running += 1;
    p.running.set(e.key, { since: now, label: a.label });
  } else if (e.type === 'job-done') {
    const a = arm(p, e.outcome.job.armName, e.outcome.job.tier);
    a.done += 1;
    if (e.outcome.cached) a.cached += 1;
    else if (p.running.delete(e.outcome.key)) {
      a.running -= 1;
      if (e.outcome.wallMs !== null) {
        p.finishedWallMs.push(e.outcome.wallMs);
        a.wallMs.push(e.outcome.wallMs);
        const steps = e.outcome.summary.metrics.steps;
        if (steps && a.stepFlops) p.msPerStepGflop.push(e.outcome.wallMs / steps / a.stepFlops);
      }
    }
  } else if (e.type === 'job-failed') {
    const a = arm(p, e.failure.job.armName, e.failure.job.tier);
    a.failed += 1;
    if (p.running.delete(e.failure.key)) a.running -= 1;
  }
}

export { formatDuration };

/**
 * Seconds left over the concurrency: each arm's jobs left times that arm's mean wall time, plus
 * what the running jobs still need. Arms cost very differently (a one-layer control takes
 * seconds, a full-sequence arm its whole step budget), so an arm with no finished job yet is
 * priced at its step budget: budget x its step's GFLOP x the median milliseconds per step and
 * GFLOP of the jobs finished so far (any arm). null before any job finished.
 */
export function etaSeconds(p: SweepProgress, now: number = performance.now()): number | null {
  const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
  const known = [...p.arms.values()].filter((a) => a.wallMs.length > 0).map((a) => mean(a.wallMs));
  if (!known.length) return null;
  const fallback = mean(known);
  const rate = p.msPerStepGflop.length ? median(p.msPerStepGflop) : null;
  const armMean = (label: string): number => {
    const a = p.arms.get(label);
    if (a && a.wallMs.length) return mean(a.wallMs);
    if (a && rate !== null && a.budgetSteps !== null && a.stepFlops !== null) return a.budgetSteps * a.stepFlops * rate;
    return fallback;
  };
  let work = 0;
  for (const a of p.arms.values()) work += (a.total - a.done - a.running - a.failed) * armMean(a.label);
  for (const r of p.running.values()) work += Math.max(0, armMean(r.label) - (now - r.since));
  return work / 1000 / Math.max(1, p.concurrency);
}

/** The progress block: a total line, one line per arm, and the caller's claims line (if any). */
export function renderProgress(p: SweepProgress, opts: { claimsLine?: string; now?: number } = {}): string {
  const arms = [...p.arms.values()];
  const sum = (f: (a: ArmProgress) => number): number => arms.reduce((n, a) => n + f(a), 0);
  const total = sum((a) => a.total);
  const left = total - sum((a) => a.done) - sum((a) => a.running) - sum((a) => a.failed);
  const eta = etaSeconds(p, opts.now);
  const failed = sum((a) => a.failed);
  const lines = [
    `sweep round ${p.round}: ${sum((a) => a.done)}/${total} done (${sum((a) => a.cached)} cached), ${sum((a) => a.running)} running, ${left} left` +
      `${failed ? `, ${failed} FAILED` : ''}; ETA ${eta === null ? '?' : formatDuration(eta)}`,
  ];
  const width = Math.max(...arms.map((a) => a.label.length), 0);
  for (const a of arms) {
    lines.push(`  ${a.label.padEnd(width)}  done ${a.done}/${a.total}  running ${a.running}  left ${a.total - a.done - a.running - a.failed}${a.failed ? `  failed ${a.failed}` : ''}`);
  }
  if (opts.claimsLine) lines.push(`  claims decided so far: ${opts.claimsLine}`);
  return lines.join('\n');
}

/** One line for a finished or failed job (the non-terminal log). */
export function jobLine(p: SweepProgress, e: SweepEvent): string | null {
  const done = [...p.arms.values()].reduce((n, a) => n + a.done + a.failed, 0);
  const total = [...p.arms.values()].reduce((n, a) => n + a.total, 0);
  const eta = etaSeconds(p);
  const etaText = `ETA ${eta === null ? '?' : formatDuration(eta)}`;
  if (e.type === 'job-done' && !e.outcome.cached) {
    const s = e.outcome.summary;
    const wall = e.outcome.wallMs === null ? '' : `, ${(e.outcome.wallMs / 1000).toFixed(1)} s`;
    return `[${done}/${total}] ${armLabel(s.arm, s.tier)} seed ${s.seed}: ${verdictLabel(s.verdict)} (${s.outcome}, ${s.metrics.steps ?? '?'} steps${wall}); ${etaText}`;
  }
  if (e.type === 'population-start') {
    const seeds = e.jobs.map((j) => `${armLabel(j.job.armName, j.job.tier)} seed ${j.job.seed}`).join(', ');
    return `one worker trains ${e.jobs.length} seeds as a population: ${seeds}`;
  }
  if (e.type === 'job-failed') {
    const f = e.failure;
    const how = f.signal ? `killed by ${f.signal}` : `exit ${f.exitCode ?? '?'}`;
    return `[${done}/${total}] FAILED ${armLabel(f.job.armName, f.job.tier)} seed ${f.job.seed} (${how}):\n${f.stderrTail.replace(/^/gm, '    ')}`;
  }
  if (e.type === 'round') {
    const hits = e.jobs.filter((j) => j.cached).length;
    return `sweep round ${e.round}: ${plural(e.jobs.length, 'job')}, ${hits} cached, ${e.jobs.length - hits} to train on ${plural(e.concurrency, 'worker')}`;
  }
  return null;
}

export interface SweepReporter {
  /** Pass as runSweep's onEvent. */
  onEvent: (e: SweepEvent) => void;
  /** Stop redrawing (called on `finished` too). */
  stop: () => void;
  progress: SweepProgress;
}

/**
 * Progress output for a sweep. On a terminal the block of renderProgress is redrawn in place
 * (failures are printed above it and stay); otherwise one line per finished job.
 * @param claimsLine called at each redraw: the lead's "claims decided so far" (undefined: no line)
 */
export function makeSweepReporter(opts: { stream?: NodeJS.WriteStream; claimsLine?: () => string | undefined; redrawMs?: number } = {}): SweepReporter {
  const out = opts.stream ?? process.stderr;
  const progress = createProgress();
  let drawnLines = 0;
  let timer: NodeJS.Timeout | undefined;
  const clear = (): void => {
    if (drawnLines) out.write(`\x1b[${drawnLines}F\x1b[J`);
    drawnLines = 0;
  };
  const draw = (): void => {
    clear();
    const block = renderProgress(progress, { claimsLine: opts.claimsLine?.() });
    out.write(`${block}\n`);
    drawnLines = block.split('\n').length;
  };
  const stop = (): void => {
    if (timer) clearInterval(timer);
    timer = undefined;
  };
  const onEvent = (e: SweepEvent): void => {
    trackProgress(progress, e);
    if (!out.isTTY) {
      const line = jobLine(progress, e);
      if (line) out.write(`${line}\n`);
      const claims = e.type === 'job-done' && !e.outcome.cached ? opts.claimsLine?.() : undefined;
      if (claims) out.write(`  claims decided so far: ${claims}\n`);
    } else {
      if (e.type === 'job-failed' || e.type === 'population-start') {
        clear();
        out.write(`${jobLine(progress, e)}\n`);
      }
      draw();
      if (!timer && e.type !== 'finished') timer = setInterval(draw, opts.redrawMs ?? 1000).unref();
    }
    if (e.type === 'finished') stop();
  };
  return { onEvent, stop, progress };
}
