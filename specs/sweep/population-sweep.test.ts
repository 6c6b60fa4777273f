import { execa } from 'execa';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JOB_FILES } from '../../harness/sweep/cache.ts';
import { jobKey } from '../../harness/sweep/job.ts';
import { packUnits, runSweep, type SweepEvent, type SweepResult } from '../../harness/sweep/scheduler.ts';
import { createProgress, jobLine } from '../../harness/sweep/progress.ts';
import { TRACE_ENV } from '../../harness/sweep/worker.ts';
import { PACKAGE_ROOT } from '../../harness/util/provenance.ts';
import type { RunRecord } from '../../harness/train/record.ts';
import { TINY_BACKEND, tinyJobs } from './tiny-jobs.ts';
import { makeJobs } from '../../harness/sweep/job.ts';
import { wasmPopulationCap } from '../../harness/train/population-key.ts';
import { tinyArm } from '../helpers/tiny.ts';

const CODE = 'population-sweep-test';
const dirs: string[] = [];
const tmp = (name: string): string => {
  const d = mkdtempSync(path.join(os.tmpdir(), `staircase-${name}-`));
  dirs.push(d, `${d}.trace`);
  return d;
};
const trace = (cacheDir: string): string[][] => {
  const f = `${cacheDir}.trace`;
  return existsSync(f) ? readFileSync(f, 'utf8').trim().split('\n').map((l) => l.split(' ')) : [];
};

// Three seeds of one tiny arm (one shape), and one seed of a two-layer arm (another shape).
const jobs = [...tinyJobs(3), ...tinyJobs(1, { armName: 'tiny-deep', layers: 2, firstSeed: 5 })];
const keyed = jobs.map((job) => ({ job, key: jobKey(job, CODE) }));
let pop: { cacheDir: string; result: SweepResult; events: SweepEvent[] };
let solo: { cacheDir: string; result: SweepResult; events: SweepEvent[] };

async function sweep(name: string, population: number) {
  const cacheDir = tmp(name);
  const events: SweepEvent[] = [];
  const result = await runSweep({ jobs, concurrency: 1, cacheDir, codeHash: CODE, population, env: { [TRACE_ENV]: `${cacheDir}.trace` }, onEvent: (e) => events.push(e) });
  return { cacheDir, result, events };
}

beforeAll(async () => {
  pop = await sweep('population', 4);
  solo = await sweep('solo', 1);
}, 240_000);

afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe('a sweep in populations', () => {
  it('packs the jobs of one shape into one worker process, and another shape into another', () => {
    const starts = trace(pop.cacheDir).filter(([ev]) => ev === 'start');
    const pidOf = (key: string) => starts.find(([, k]) => k === key)![2];
    const [a, b, c, deep] = keyed.map((k) => pidOf(k.key));
    expect(new Set([a, b, c]).size).toBe(1);
    expect(deep).not.toBe(a);
    const soloPids = new Set(trace(solo.cacheDir).filter(([ev]) => ev === 'start').map(([, , pid]) => pid));
    expect(soloPids.size, 'population 1: a process per seed').toBe(4);
    const started = pop.events.filter((e) => e.type === 'population-start');
    expect(started.map((e) => e.type === 'population-start' && e.jobs.map((j) => j.job.seed))).toEqual([[1, 2, 3]]);
    expect(jobLine(createProgress(), started[0]!)).toBe('one worker trains 3 seeds as a population: tiny (test) seed 1, tiny (test) seed 2, tiny (test) seed 3');
    expect(solo.events.some((e) => e.type === 'population-start')).toBe(false);
  });

  it('caches every seed under its own key with the records and weights of one seed per process', () => {
    expect(pop.result.failed).toEqual([]);
    expect(pop.result.trained).toBe(4);
    for (const { key } of keyed) {
      const read = (dir: string) => JSON.parse(readFileSync(path.join(dir, key, JOB_FILES.record), 'utf8')) as RunRecord;
      const [p, s] = [read(pop.cacheDir), read(solo.cacheDir)];
      const same = (r: RunRecord) => ({ curve: r.curve, final: r.final, steps: r.steps, outcome: r.outcome, curriculum: r.curriculum });
      expect(same(p)).toEqual(same(s));
      expect(p.population).toBe(key === keyed[3]!.key ? undefined : 3);
      expect(s.population).toBeUndefined();
      const weights = (dir: string) => readFileSync(path.join(dir, key, JOB_FILES.checkpoint, 'weights.bin'));
      expect(weights(pop.cacheDir).equals(weights(solo.cacheDir)), `${key}: weights.bin byte for byte`).toBe(true);
      const summary = (dir: string) => JSON.parse(readFileSync(path.join(dir, key, JOB_FILES.summary), 'utf8')) as { verdict: string; outcome: string };
      expect(summary(pop.cacheDir)).toMatchObject({ verdict: summary(solo.cacheDir).verdict, outcome: summary(solo.cacheDir).outcome });
    }
  });
});

describe('packUnits', () => {
  it('keeps shapes apart, caps a unit at the population, and spreads a round over the workers', () => {
    const many = [...tinyJobs(8), ...tinyJobs(2, { armName: 'tiny-deep', layers: 2 })].map((job) => ({ job, key: jobKey(job, CODE) }));
    const sizes = (p: number, c: number) => packUnits(many, p, c).map((u) => u.length);
    expect(sizes(1, 2)).toEqual(Array(10).fill(1));
    expect(sizes(4, 1)).toEqual([4, 4, 2]);
    expect(sizes(8, 2)).toEqual([4, 4, 2]);
    expect(sizes(8, 4)).toEqual([2, 2, 2, 2, 2]);
    for (const unit of packUnits(many, 8, 2)) expect(new Set(unit.map((u) => u.job.arm.layers)).size).toBe(1);
    // Seeds starting on full-sequence loss go apart from answer-only ones (a curriculum starts answer-only).
    const arm = (loss: 'answer-only' | 'full-sequence' | 'curriculum') => makeJobs(loss, 'test', tinyArm({ loss }), [1, 2], { backend: TINY_BACKEND });
    const mixed = [...arm('answer-only'), ...arm('full-sequence'), ...arm('curriculum')].map((job) => ({ job, key: jobKey(job, CODE) }));
    expect(packUnits(mixed, 8, 1).map((u) => u.map((j) => j.job.armName).sort())).toEqual([['answer-only', 'answer-only', 'curriculum', 'curriculum'], ['full-sequence', 'full-sequence']]);
  });

  it("on wasm, holds a unit to what the 4 GiB heap holds at the arm's size", () => {
    const full = (layers: number) => makeJobs('full-size', 'test', tinyArm({ K: 6, layers, dModel: 96, heads: 6, batchSize: 256 }), [1, 2, 3, 4, 5, 6, 7, 8], { backend: TINY_BACKEND });
    const cap8 = wasmPopulationCap(full(8)[0]!.arm);
    expect(cap8).toBeLessThan(8);
    expect(wasmPopulationCap(full(1)[0]!.arm)).toBeGreaterThan(cap8);
    const units = packUnits(full(8).map((job) => ({ job, key: jobKey(job, CODE) })), 8, 1);
    expect(Math.max(...units.map((u) => u.length))).toBe(cap8);
    expect(units.flat()).toHaveLength(8);
  });
});

describe('resume of a population after kill -9', () => {
  it('keeps the seeds committed before the kill and retrains only the others', async () => {
    const cacheDir = tmp('population-resume');
    const env = { [TRACE_ENV]: `${cacheDir}.trace` };
    const CHILD = path.join(PACKAGE_ROOT, 'specs', 'sweep', 'sweep-child.ts');
    // One population: a 10-step seed and two 3,000-step seeds of an arm of the same shape.
    const args = ['--import', 'tsx', CHILD, cacheDir, '3', '1', '3', 'mixed-budgets'];
    const child = execa('node', args, { cwd: PACKAGE_ROOT, env, detached: true, reject: false, cleanup: false });
    const finished = () => readdirSync(cacheDir).filter((n) => /^[0-9a-f]{64}$/.test(n) && existsSync(path.join(cacheDir, n, JOB_FILES.summary)));
    const deadline = Date.now() + 120_000;
    while (!finished().length && Date.now() < deadline) await new Promise((r) => setTimeout(r, 25));
    process.kill(-child.pid!, 'SIGKILL');
    await child;
    await new Promise((r) => setTimeout(r, 200));
    const before = finished();
    expect(before.length, 'the short seed was committed while the long ones trained').toBe(1);
    const weights = readFileSync(path.join(cacheDir, before[0]!, JOB_FILES.checkpoint, 'weights.bin'));
    const starts = trace(cacheDir).filter(([ev]) => ev === 'start');
    expect(new Set(starts.map(([, , pid]) => pid)).size, 'one worker for the three').toBe(1);

    const resumed = await execa('node', ['--import', 'tsx', CHILD, cacheDir, '3', '1', '3', 'mixed-budgets'], { cwd: PACKAGE_ROOT, env, reject: false });
    expect(resumed.exitCode, resumed.stderr).toBe(0);
    const out = JSON.parse(resumed.stdout.trim().split('\n').at(-1)!) as { trained: number; cached: number; failed: number };
    expect(out).toMatchObject({ trained: 2, cached: 1, failed: 0 });
    expect(readFileSync(path.join(cacheDir, before[0]!, JOB_FILES.checkpoint, 'weights.bin')).equals(weights)).toBe(true);
    const startsAfter = trace(cacheDir).slice(starts.length).filter(([ev]) => ev === 'start');
    expect(startsAfter.some(([, k]) => k === before[0])).toBe(false);
  }, 240_000);
});
