import { execa } from 'execa';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { JOB_FILES } from '../../harness/sweep/cache.ts';
import { TRACE_ENV } from '../../harness/sweep/worker.ts';
import { PACKAGE_ROOT } from '../../harness/util/provenance.ts';

const CHILD = path.join(PACKAGE_ROOT, 'specs', 'sweep', 'sweep-child.ts');
const N_JOBS = 4;

/** Every file under a folder: relative path -> bytes and mtime. */
function snapshot(dir: string, rel = ''): Map<string, { bytes: Buffer; mtimeMs: number }> {
  const out = new Map<string, { bytes: Buffer; mtimeMs: number }>();
  for (const e of readdirSync(path.join(dir, rel), { withFileTypes: true })) {
    const child = path.join(rel, e.name);
    if (e.isDirectory()) for (const [k, v] of snapshot(dir, child)) out.set(k, v);
    else out.set(child, { bytes: readFileSync(path.join(dir, child)), mtimeMs: statSync(path.join(dir, child)).mtimeMs });
  }
  return out;
}

const finishedKeys = (cacheDir: string): string[] =>
  readdirSync(cacheDir).filter((n) => /^[0-9a-f]{64}$/.test(n) && existsSync(path.join(cacheDir, n, JOB_FILES.summary)));

describe('resume after kill -9', () => {
  it('keeps finished jobs byte-identical, retrains only the unfinished, and trains each job to completion once', async () => {
    const cacheDir = mkdtempSync(path.join(os.tmpdir(), 'staircase-resume-'));
    const traceFile = `${cacheDir}.trace`;
    const env = { [TRACE_ENV]: traceFile };
    const trace = (): string[][] => (existsSync(traceFile) ? readFileSync(traceFile, 'utf8').trim().split('\n').map((l) => l.split(' ')) : []);

    // 1. A sweep of 4 jobs, one at a time, in its own process group; kill -9 the group once the first
    //    result is in place and the second job's worker is writing its temporary folder.
    const child = execa('node', ['--import', 'tsx', CHILD, cacheDir, String(N_JOBS), '1'], { cwd: PACKAGE_ROOT, env, detached: true, reject: false, cleanup: false });
    const tmpDirs = (): string[] => readdirSync(cacheDir).filter((n) => n.startsWith('.tmp-'));
    const deadline = Date.now() + 150_000;
    while (!(finishedKeys(cacheDir).length && tmpDirs().length) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 25));
    expect(finishedKeys(cacheDir).length, 'a first job finished').toBeGreaterThan(0);
    // On a loaded machine the deadline can pass before the second worker (a fresh Node with tfjs)
    // has made its folder; the leftover-folder check below needs the kill to have hit one.
    const killedAWriter = tmpDirs().length > 0;
    process.kill(-child.pid!, 'SIGKILL');
    const killed = await child;
    expect(killed.signal).toBe('SIGKILL');
    await new Promise((r) => setTimeout(r, 200)); // let the kernel reap the workers

    const doneBefore = finishedKeys(cacheDir);
    const staleTmp = tmpDirs();
    expect(doneBefore.length).toBeLessThan(N_JOBS);
    const before = new Map(doneBefore.map((k) => [k, snapshot(path.join(cacheDir, k))]));
    const tracedBefore = trace();
    const abandoned = tracedBefore.filter(([ev, key]) => ev === 'start' && !tracedBefore.some(([e2, k2]) => e2 === 'commit' && k2 === key));
    expect(abandoned.length).toBeLessThanOrEqual(1);

    // 2. The same sweep again, to the end.
    const resumed = await execa('node', ['--import', 'tsx', CHILD, cacheDir, String(N_JOBS), '1'], { cwd: PACKAGE_ROOT, env, reject: false });
    expect(resumed.exitCode, resumed.stderr).toBe(0);
    const out = JSON.parse(resumed.stdout.trim().split('\n').at(-1)!) as { trained: number; cached: number; failed: number; keys: string[] };
    expect(out).toMatchObject({ trained: N_JOBS - doneBefore.length, cached: doneBefore.length, failed: 0 });

    // Finished jobs: not one byte or mtime changed.
    for (const [key, files] of before) {
      const now = snapshot(path.join(cacheDir, key));
      expect([...now.keys()].sort()).toEqual([...files.keys()].sort());
      for (const [f, { bytes, mtimeMs }] of files) {
        expect(now.get(f)!.bytes.equals(bytes), `${key}/${f} unchanged`).toBe(true);
        expect(now.get(f)!.mtimeMs, `${key}/${f} mtime`).toBe(mtimeMs);
      }
    }
    // Everything finished, nothing temporary left over.
    expect(finishedKeys(cacheDir).sort()).toEqual([...out.keys].sort());
    expect(out.keys).toHaveLength(N_JOBS);
    // (Unless the second job committed in the instant between the poll and the kill.)
    if (doneBefore.length === 1 && killedAWriter) expect(staleTmp.length, 'the kill left a worker\'s temporary folder').toBeGreaterThan(0);
    expect(tmpDirs()).toEqual([]);
    expect(readdirSync(path.join(cacheDir, '.jobs'))).toEqual([]);

    // Trainings: each job committed exactly once; the finished ones never started again; the only
    // extra start is the job the kill interrupted.
    const all = trace();
    for (const key of out.keys) expect(all.filter(([ev, k]) => ev === 'commit' && k === key), key).toHaveLength(1);
    const startsAfter = all.slice(tracedBefore.length).filter(([ev]) => ev === 'start');
    for (const key of doneBefore) expect(startsAfter.some(([, k]) => k === key)).toBe(false);
    expect(all.filter(([ev]) => ev === 'commit')).toHaveLength(N_JOBS);
    expect(all.filter(([ev]) => ev === 'start')).toHaveLength(N_JOBS + abandoned.length);
    rmSync(cacheDir, { recursive: true, force: true });
    rmSync(traceFile, { force: true });
  }, 300_000);
});
