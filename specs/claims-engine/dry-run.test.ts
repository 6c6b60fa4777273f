/**
 * `staircase check --dry-run` and `--no-train` through the real CLI. --dry-run: before any seed exists it times steps of each
 * arm here and prices a seed at its budget; after a real check of the same pack it reads the cost
 * from the cached runs (their wall time per step and their steps) and round 1 costs nothing. The
 * tiny pack of specs/baselines/fixtures/replay-pack (2 seeds from seed 11, at most 150 steps).
 * --no-train judges what the cache holds: nothing before the check, the check's own verdicts after.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { ClaimsResults } from '../../harness/claims/result-types.ts';
import { PACKAGE_ROOT } from '../../harness/util/provenance.ts';
import { runCli } from '../helpers/cli.ts';

const dir = mkdtempSync(path.join(os.tmpdir(), 'staircase-dry-run-'));
const PACK = path.join(PACKAGE_ROOT, 'specs', 'baselines', 'fixtures', 'replay-pack');
const args = ['--claims', PACK, '--tier', 'smoke', '--cache', path.join(dir, 'cache'), '--backend', 'wasm', '--jobs', '2'];
const row = (stdout: string): string[] => stdout.split('\n').find((l) => l.startsWith('tiny-binary'))!.trim().split(/\s{2,}/);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

const results = (out: string) => JSON.parse(readFileSync(path.join(dir, out, 'results.json'), 'utf8')) as ClaimsResults;

describe('check --dry-run and --no-train', () => {
  it('prices each arm from steps timed here, then from the cached runs of a real check', async () => {
    const nothing = await runCli(['check', '--no-train', '--no-baseline', '--out', path.join(dir, 'none'), ...args]);
    expect(nothing.exitCode, nothing.stderr).toBe(0);
    expect(nothing.stdout).toContain('0 seeds trained, 0 from the cache');
    expect(results('none').claims[0]!.expectations[0]!.n).toEqual({ 'tiny-binary': 0 });
    const before = await runCli(['check', '--dry-run', ...args]);
    expect(before.exitCode, before.stderr).toBe(0);
    const [arm, seeds, cached, perStep, steps, round1] = row(before.stdout);
    expect([arm, seeds, cached]).toEqual(['tiny-binary', '2 / 2', '0']);
    expect(perStep).toMatch(/^\d+ ms \(timed here\)$/);
    expect(steps).toBe('150 / 150');
    expect(round1).not.toBe('0s');
    expect(before.stdout).toMatch(/^round 1: .+ of CPU, about .+ on 2 workers; every arm to maxSeeds: /m);

    const check = await runCli(['check', '--no-baseline', '--out', path.join(dir, 'out'), ...args]);
    expect(check.exitCode, check.stderr).toBe(0);
    const after = await runCli(['check', '--dry-run', ...args]);
    expect(after.exitCode, after.stderr).toBe(0);
    const [, , cachedAfter, perStepAfter, stepsAfter, round1After, atMax] = row(after.stdout);
    expect(cachedAfter).toBe('2');
    expect(perStepAfter).toMatch(/^\d+ ms \(2 cached runs\)$/);
    expect(Number(stepsAfter!.split(' / ')[0])).toBeLessThanOrEqual(150);
    expect([round1After, atMax]).toEqual(['0s', '0s']);

    const judged = await runCli(['check', '--no-train', '--no-baseline', '--out', path.join(dir, 'judged'), ...args]);
    expect(judged.exitCode, judged.stderr).toBe(0);
    expect(judged.stdout).toContain('0 seeds trained, 2 from the cache');
    const [a, b] = [results('out').claims[0]!, results('judged').claims[0]!];
    expect(b.status).toBe(a.status);
    expect(b.expectations[0]!.successes).toEqual(a.expectations[0]!.successes);
    expect(b.expectations[0]!.n).toEqual({ 'tiny-binary': 2 });
  }, 300_000);
});
