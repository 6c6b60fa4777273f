import { describe, expect, it } from 'vitest';
import type { SeedSummary } from '../../harness/claims/seed-summary.ts';
import { createProgress, etaSeconds, formatDuration, makeSweepReporter, renderProgress, trackProgress } from '../../harness/sweep/progress.ts';
import type { SweepEvent } from '../../harness/sweep/scheduler.ts';
import type { Job } from '../../harness/sweep/job.ts';
import { tinyJobs } from './tiny-jobs.ts';
import { stepFlops } from '../../harness/bench/step-flops.ts';

const gflops = (job: Job): number => {
  const f = stepFlops(job.arm);
  return (f.dense + f.attention) / 1e9;
};

const a = tinyJobs(3, { armName: 'curriculum', tier: 'full' });
const b = tinyJobs(2, { armName: 'answer-only', tier: 'full' });
const summary = (job: Job): SeedSummary =>
  ({ arm: job.armName, tier: job.tier, seed: job.seed, key: `k${job.armName}${job.seed}`, outcome: 'converged', verdict: 'sequential', metrics: { steps: 10 } }) as unknown as SeedSummary;
const key = (job: Job): string => `k${job.armName}${job.seed}`;

/** A round of 5 jobs, one of them cached. */
function script(): SweepEvent[] {
  return [
    { type: 'round', round: 1, concurrency: 2, jobs: [...a, ...b].map((job, i) => ({ job, key: key(job), cached: i === 3 })) },
    { type: 'job-done', round: 1, outcome: { job: b[0]!, key: key(b[0]!), summary: summary(b[0]!), cached: true, wallMs: null } },
  ];
}

function feed(): ReturnType<typeof createProgress> {
  const p = createProgress();
  for (const e of script()) trackProgress(p, e, 0);
  trackProgress(p, { type: 'job-start', round: 1, job: a[0]!, key: key(a[0]!) }, 0);
  trackProgress(p, { type: 'job-start', round: 1, job: a[1]!, key: key(a[1]!) }, 0);
  trackProgress(p, { type: 'job-done', round: 1, outcome: { job: a[0]!, key: key(a[0]!), summary: summary(a[0]!), cached: false, wallMs: 10_000 } }, 10_000);
  trackProgress(p, { type: 'job-done', round: 1, outcome: { job: a[1]!, key: key(a[1]!), summary: summary(a[1]!), cached: false, wallMs: 10_000 } }, 10_000);
  trackProgress(p, { type: 'job-start', round: 1, job: a[2]!, key: key(a[2]!) }, 10_000);
  trackProgress(p, { type: 'job-start', round: 1, job: b[1]!, key: key(b[1]!) }, 10_000);
  trackProgress(p, { type: 'job-failed', round: 1, failure: { job: b[1]!, key: key(b[1]!), exitCode: 1, signal: null, stderrTail: 'Error: boom\n  at x', wallMs: 50 } }, 11_000);
  return p;
}

describe('sweep progress', () => {
  it('estimates each arm from its own wall times, and an arm not yet seen from its step budget (a cheap arm does not make the ETA optimistic)', () => {
    const cheap = tinyJobs(3, { armName: 'control', tier: 'smoke' });
    const slow = tinyJobs(3, { armName: 'full-sequence', tier: 'smoke' });
    const p = createProgress();
    trackProgress(p, { type: 'round', round: 1, concurrency: 2, jobs: [...cheap, ...slow].map((job) => ({ job, key: key(job), cached: false })) }, 0);
    const run = (job: Job, wallMs: number) => {
      trackProgress(p, { type: 'job-start', round: 1, job, key: key(job) }, 0);
      trackProgress(p, { type: 'job-done', round: 1, outcome: { job, key: key(job), summary: summary(job), cached: false, wallMs } }, wallMs);
    };
    run(cheap[0]!, 10_000);
    run(cheap[1]!, 10_000);
    run(cheap[2]!, 10_000);
    run(slow[0]!, 300_000);
    // 2 slow jobs left at 300 s each, on 2 workers: 300 s (a pooled mean would say 2 x 82.5 / 2 = 82.5 s).
    expect(etaSeconds(p, 300_000)).toBeCloseTo(300, 6);
    // An arm with no finished job yet is costed at its step budget: every job above took 10 steps
    // of the same shape, at a median of 1 s a step (the cheap arm's 10 s / 10 steps), so 2 jobs of
    // a 400-step budget with 2 layers (`ratio` times the GFLOP a step) cost 2 x 400 x ratio s.
    const fresh = tinyJobs(2, { armName: 'unseen', tier: 'smoke', maxSteps: 400, layers: 2 });
    trackProgress(p, { type: 'round', round: 2, concurrency: 2, jobs: fresh.map((job) => ({ job, key: key(job), cached: false })) }, 300_000);
    const ratio = gflops(fresh[0]!) / gflops(cheap[0]!);
    expect(ratio).toBeGreaterThan(1.5);
    expect(etaSeconds(p, 300_000)).toBeCloseTo(300 + (2 * 400 * ratio) / 2, 6);
  });

  it('counts done / running / left per arm, and an ETA from the mean wall time of this sweep', () => {
    const p = feed();
    expect(p.arms.get('curriculum (full)')).toMatchObject({ total: 3, done: 2, running: 1, failed: 0 });
    expect(p.arms.get('answer-only (full)')).toMatchObject({ total: 2, done: 1, cached: 1, running: 0, failed: 1 });
    // Nothing left to start; the running one needs 10 s - 4 s more, on 2 workers: 3 s.
    expect(etaSeconds(p, 14_000)).toBeCloseTo(3, 6);
    const text = renderProgress(p, { claimsLine: '1/3 (curriculum-staircase: pass)', now: 14_000 });
    expect(text.split('\n')).toEqual([
      'sweep round 1: 3/5 done (1 cached), 1 running, 0 left, 1 FAILED; ETA 3s',
      '  curriculum (full)   done 2/3  running 1  left 0',
      '  answer-only (full)  done 1/2  running 0  left 0  failed 1',
      '  claims decided so far: 1/3 (curriculum-staircase: pass)',
    ]);
    expect(etaSeconds(createProgress())).toBeNull();
    expect([formatDuration(42), formatDuration(185), formatDuration(7_500)]).toEqual(['42s', '3m05s', '2h05m']);
  });

  it('prints a line per finished job off a terminal, and redraws in place on one', () => {
    const events = script();
    const rest: SweepEvent[] = [
      { type: 'job-start', round: 1, job: a[0]!, key: key(a[0]!) },
      { type: 'job-done', round: 1, outcome: { job: a[0]!, key: key(a[0]!), summary: summary(a[0]!), cached: false, wallMs: 2_500 } },
      { type: 'job-failed', round: 1, failure: { job: b[1]!, key: key(b[1]!), exitCode: 2, signal: null, stderrTail: 'staircase sweep-worker: bad', wallMs: 50 } },
    ];
    const sink = (isTTY: boolean): { stream: NodeJS.WriteStream; text: () => string } => {
      let text = '';
      const stream = { isTTY, write: (s: string) => ((text += s), true) } as unknown as NodeJS.WriteStream;
      return { stream, text: () => text };
    };
    const plain = sink(false);
    const r1 = makeSweepReporter({ stream: plain.stream, claimsLine: () => '0/2' });
    for (const e of [...events, ...rest]) r1.onEvent(e);
    expect(plain.text().split('\n')).toEqual([
      'sweep round 1: 5 jobs, 1 cached, 4 to train on 2 workers',
      '[2/5] curriculum (full) seed 1: sequential (converged, 10 steps, 2.5 s); ETA 4s',
      '  claims decided so far: 0/2',
      '[3/5] FAILED answer-only (full) seed 2 (exit 2):',
      '    staircase sweep-worker: bad',
      '',
    ]);
    const tty = sink(true);
    const r2 = makeSweepReporter({ stream: tty.stream });
    for (const e of [...events, ...rest]) r2.onEvent(e);
    r2.stop();
    expect(tty.text()).toContain('\x1b[3F\x1b[J');
    expect(tty.text()).toContain('FAILED answer-only (full) seed 2');
    expect(tty.text().trimEnd().split('\n').at(-3)).toMatch(/^sweep round 1: 2\/5 done \(1 cached\), 0 running, 2 left, 1 FAILED/);
  });
});
