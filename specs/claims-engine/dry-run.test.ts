/**
 * `staircase check --dry-run` through the real CLI: before any seed exists it times steps of each
 * arm here and prices a seed at its budget; after a real check of the same pack it reads the cost
 * from the cached runs (their wall time per step and their steps) and round 1 costs nothing. The
 * tiny pack of specs/baselines/fixtures/replay-pack (2 seeds from seed 11, at most 150 steps).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PACKAGE_ROOT } from '../../harness/util/provenance.ts';
import { runCli } from '../helpers/cli.ts';

const dir = mkdtempSync(path.join(os.tmpdir(), 'staircase-dry-run-'));
const PACK = path.join(PACKAGE_ROOT, 'specs', 'baselines', 'fixtures', 'replay-pack');
const args = ['--claims', PACK, '--tier', 'smoke', '--cache', path.join(dir, 'cache'), '--backend', 'wasm', '--jobs', '2'];
const row = (stdout: string): string[] => stdout.split('\n').find((l) => l.startsWith('tiny-binary'))!.trim().split(/\s{2,}/);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('check --dry-run', () => {
  it('prices each arm from steps timed here, then from the cached runs of a real check', async () => {
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
  }, 300_000);
});
