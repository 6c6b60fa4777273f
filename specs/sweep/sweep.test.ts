import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SeedSummary } from '../../harness/claims/seed-summary.ts';
import { JOB_FILES, readCachedSummary } from '../../harness/sweep/cache.ts';
import { jobKey } from '../../harness/sweep/job.ts';
import { runSweep, sweepExitCode, type SweepEvent, type SweepResult } from '../../harness/sweep/scheduler.ts';
import { TRACE_ENV } from '../../harness/sweep/worker.ts';
import { validate } from '../../harness/util/schema.ts';
import { TINY_BACKEND, tinyJobs } from './tiny-jobs.ts';

const CODE = 'sweep-test-code';
const cacheDir = mkdtempSync(path.join(os.tmpdir(), 'staircase-sweep-'));
const traceFile = path.join(cacheDir, '..', `${path.basename(cacheDir)}.trace`);
const env = { [TRACE_ENV]: traceFile };
const traceLines = (): string[] => (existsSync(traceFile) ? readFileSync(traceFile, 'utf8').trim().split('\n').filter(Boolean) : []);

const first = tinyJobs(2);
const failing = tinyJobs(1, { firstSeed: 9, backend: { ...TINY_BACKEND, device: 'gpu' } });
const third = tinyJobs(1, { firstSeed: 3 });
const events: SweepEvent[] = [];
const seenByNextRound: SeedSummary[][] = [];
let result: SweepResult;

beforeAll(async () => {
  result = await runSweep({
    jobs: [...first, ...failing],
    concurrency: 2,
    cacheDir,
    codeHash: CODE,
    env,
    onEvent: (e) => events.push(e),
    // Round 2: one new seed, plus seed 1 again (already done: not retrained); then stop.
    nextRound: (summaries, round) => {
      seenByNextRound.push(summaries);
      return round === 1 ? [...third, first[0]!] : null;
    },
  });
});

afterAll(() => {
  rmSync(cacheDir, { recursive: true, force: true });
  rmSync(traceFile, { force: true });
});

describe('runSweep', () => {
  it('trains each job once in a worker and commits the cache layout, summary last', () => {
    expect(result.trained).toBe(3);
    expect(result.rounds).toBe(2);
    for (const job of [...first, ...third]) {
      const dir = path.join(cacheDir, jobKey(job, CODE));
      expect(readdirSync(dir).sort()).toEqual(['checkpoint', 'job.json', 'probe.json', 'record.json', 'staircase.svg', 'summary.json']);
      validate('record', JSON.parse(readFileSync(path.join(dir, JOB_FILES.record), 'utf8')), 'record.json');
      validate('probe', JSON.parse(readFileSync(path.join(dir, JOB_FILES.probe), 'utf8')), 'probe.json');
      validate('job', JSON.parse(readFileSync(path.join(dir, JOB_FILES.job), 'utf8')), 'job.json');
      const summary = JSON.parse(readFileSync(path.join(dir, JOB_FILES.summary), 'utf8')) as SeedSummary;
      expect(summary).toMatchObject({ arm: 'tiny', tier: 'test', seed: job.seed, key: jobKey(job, CODE), backend: { name: 'wasm' } });
      const mtime = (f: string): number => statSync(path.join(dir, f)).mtimeMs;
      for (const f of ['record.json', 'probe.json', 'staircase.svg']) expect(mtime(JOB_FILES.summary)).toBeGreaterThanOrEqual(mtime(f));
    }
    expect(readdirSync(cacheDir).filter((n) => n.startsWith('.tmp-'))).toEqual([]);
    expect(readdirSync(path.join(cacheDir, '.jobs'))).toEqual([]);
    expect(traceLines().filter((l) => l.startsWith('start'))).toHaveLength(3);
  });

  it('reports a failing worker with its stderr tail, caches nothing for it, and continues', () => {
    expect(result.failed).toHaveLength(1);
    const f = result.failed[0]!;
    expect(f.job.seed).toBe(9);
    expect(f.exitCode).toBe(2);
    expect(f.stderrTail).toMatch(/--device gpu was asked for/);
    expect(existsSync(path.join(cacheDir, f.key))).toBe(false);
    expect(sweepExitCode(result)).toBe(1);
    expect(events.filter((e) => e.type === 'job-failed')).toHaveLength(1);
  });

  it('runs rounds: nextRound sees every summary so far, and a repeated job is not retrained', () => {
    expect(seenByNextRound).toHaveLength(2);
    expect(seenByNextRound[0]!.map((s) => s.seed).sort()).toEqual([1, 2]);
    expect(seenByNextRound[1]!.map((s) => s.seed).sort()).toEqual([1, 1, 2, 3]);
    const round2 = events.find((e) => e.type === 'round' && e.round === 2);
    expect(round2?.type === 'round' && round2.jobs.map((j) => j.cached)).toEqual([false, true]);
    expect(events.filter((e) => e.type === 'job-start')).toHaveLength(4);
    expect(events.at(-1)?.type).toBe('finished');
  });

  it('rerunning the finished sweep trains nothing and rewrites nothing; labels follow the request', async () => {
    const dir = path.join(cacheDir, jobKey(first[0]!, CODE));
    const before = readFileSync(path.join(dir, JOB_FILES.summary));
    const mtimeBefore = statSync(path.join(dir, JOB_FILES.summary)).mtimeMs;
    const again: SweepEvent[] = [];
    const jobs = [...first, ...third, { ...first[1]!, armName: 'alias', tier: 'full' }];
    const rerun = await runSweep({ jobs, concurrency: 2, cacheDir, codeHash: CODE, env, onEvent: (e) => again.push(e) });
    expect(rerun).toMatchObject({ trained: 0, cached: 4, failed: [] });
    expect(again.filter((e) => e.type === 'job-start')).toEqual([]);
    expect(traceLines().filter((l) => l.startsWith('start'))).toHaveLength(3);
    expect(readFileSync(path.join(dir, JOB_FILES.summary))).toEqual(before);
    expect(statSync(path.join(dir, JOB_FILES.summary)).mtimeMs).toBe(mtimeBefore);
    expect(rerun.completed.at(-1)?.summary).toMatchObject({ arm: 'alias', tier: 'full', seed: 2 });
    expect(sweepExitCode(rerun)).toBe(0);
  });

  it('after a change of the training code (another code hash) nothing is found in the cache', () => {
    for (const job of [...first, ...third]) {
      expect(readCachedSummary(cacheDir, jobKey(job, CODE))).not.toBeNull();
      expect(readCachedSummary(cacheDir, jobKey(job, `${CODE}-changed`))).toBeNull();
    }
  });
});
