/**
 * End to end, through the real CLI in a scratch copy of the repository: a check of a tiny claim
 * pack makes a baseline (`baseline update`); a second check with the unchanged code compares
 * `same` (same code hash, so the same cache keys: its seeds come from the cache, as they would in
 * CI with a warm cache; that retraining gives bit-identical runs is specs/cli/train-cli.test.ts's
 * job); a change to the training code (the default learning rate, 1e-3 -> 1e-5) that stops the
 * arm learning (every seed `failed`) is reported as a `regression` and the check exits 1, although
 * the claim itself is only inconclusive. Real training: 4 seeds of a 1-layer binary-chain arm, twice (about 50 s of
 * CPU each).
 */
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BaselineFile } from '../../harness/baselines/baseline-file.ts';
import { validate } from '../../harness/util/schema.ts';
import { makeScratchRepo, PACK, type CliRun } from '../helpers/scratch-repo.ts';

const ID = 'tiny-binary-learns';
const repo = makeScratchRepo('staircase-regression-', path.join('specs', 'baselines', 'fixtures', 'learns-pack'));
const { cli, check, results } = repo;
const scratch = repo.dir;

let base: CliRun;
let update: CliRun;
let same: CliRun;
let regressed: CliRun;

beforeAll(async () => {
  base = await check('r-base', 'cache-1', ['--no-baseline']);
  update = await cli(['baseline', 'update', '--from', 'r-base']);
  // Unchanged code: same keys, so the seeds come from the cache. baselines/smoke/ exists, so the
  // comparison is on without --baseline.
  same = await check('r-same', 'cache-1');
  const defaults = path.join(scratch, 'harness', 'train', 'defaults.ts');
  const text = readFileSync(defaults, 'utf8');
  if (!/^ {2}lr: 1e-3,$/m.test(text)) throw new Error(`${defaults}: the default learning rate line \`  lr: 1e-3,\` is gone; update this test`);
  writeFileSync(defaults, text.replace(/^ {2}lr: 1e-3,$/m, '  lr: 1e-5,'));
  regressed = await check('r-regressed', 'cache-2');
}, 600_000);

afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('baselines catch a change to the training code that changes what models learn', () => {
  it('the baseline check trains 4 seeds that all learn (none failed), and `baseline update` stores them', () => {
    expect(base.exitCode, base.stderr).toBe(0);
    expect(results('r-base').claims[0]).toMatchObject({ id: ID, status: 'pass', expectations: [{ successes: { 'tiny-binary': 0 }, n: { 'tiny-binary': 4 } }] });
    expect(results('r-base').claims[0]!.baseline).toBeUndefined();
    expect(update.exitCode, update.stderr).toBe(0);
    expect(update.stdout).toContain(`wrote ${path.join('baselines', 'smoke', `${ID}.json`)}: tiny-binary failed 0/4`);
    const stored = validate<BaselineFile>('baseline', JSON.parse(readFileSync(path.join(scratch, 'baselines', 'smoke', `${ID}.json`), 'utf8')), 'baseline');
    expect(stored.claim).toMatchObject({ id: ID, version: 1 });
    expect(stored.arms['tiny-binary']!.rates.failed).toEqual({ successes: 0, seeds: 4 });
    expect(stored.provenance).toMatchObject({ resultsDir: 'r-base', backends: [{ name: 'wasm', device: 'cpu' }], seeds: { 'tiny-binary': [1, 2, 3, 4] } });
    expect(Object.keys(stored.provenance.versions)).toEqual(expect.arrayContaining(['@tensorflow/tfjs-core', 'node', 'staircase']));
    expect(stored.provenance.codeHash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('unchanged code compares `same` and exits 0', () => {
    expect(same.exitCode, same.stdout + same.stderr).toBe(0);
    expect(same.stdout).toContain('0 seeds trained, 4 from the cache');
    const r = results('r-same');
    expect(r.summary.regressions).toBe(0);
    expect(r.claims[0]!.baseline).toMatchObject({ dir: 'baselines', status: 'same', comparisons: [{ arm: 'tiny-binary', quantity: 'failed', kind: 'rate', status: 'same', current: { successes: 0, n: 4 }, baseline: { successes: 0, n: 4 } }] });
    expect(same.stdout).toMatch(/^Baselines \(baselines\/smoke; one-sided tests at alpha 0\.05, min effect 0\.2\): 1 same$/m);
    expect(same.stdout).toMatch(/^tiny-binary-learns@1\s+tiny-binary\s+failed\s+0\/4 = 0\.00 \[0\.00, 0\.49\]\s+0\/4 = 0\.00 \[0\.00, 0\.49\]\s+1\.0\s+same$/m);
    expect(readFileSync(path.join(scratch, 'r-same', 'summary.md'), 'utf8')).toContain('#### Baselines');
  });

  it('a learning rate of 1e-5 stops the arm learning (every seed failed): `regression`, exit 1, though the claim is only inconclusive', () => {
    expect(regressed.exitCode, regressed.stdout + regressed.stderr).toBe(1);
    expect(regressed.stdout).toContain('4 seeds trained, 0 from the cache'); // new code hash, new keys
    const r = results('r-regressed');
    expect(r.summary).toMatchObject({ pass: 0, fail: 0, inconclusive: 1, regressions: 1 });
    const b = r.claims[0]!.baseline!;
    expect(b.status).toBe('regression');
    expect(b.comparisons[0]).toMatchObject({ status: 'regression', current: { successes: 4, n: 4, estimate: 1 }, baseline: { successes: 0, n: 4, estimate: 0 } });
    expect(b.comparisons[0]!.pValue).toBeCloseTo(1 / 70, 10);
    expect(b.reason).toContain('tiny-binary failed: 4/4 now vs 0/4 in the baseline (p = 0.014)');
    expect(regressed.stdout).toMatch(/^tiny-binary-learns@1\s+tiny-binary\s+failed\s+4\/4 = 1\.00 \[0\.51, 1\.00\]\s+0\/4 = 0\.00 \[0\.00, 0\.49\]\s+0\.014\s+REGRESSION$/m);
    expect(readFileSync(path.join(scratch, 'r-regressed', 'summary.md'), 'utf8')).toContain('🔻 regression');
  });

  it('--no-baseline turns the comparison off; a missing baselines folder is an error naming it', async () => {
    const off = await check('r-off', 'cache-2', ['--no-baseline']);
    expect(off.exitCode, off.stderr).toBe(0); // inconclusive, no comparison
    expect(results('r-off').claims[0]!.baseline).toBeUndefined();
    expect(results('r-off').summary.regressions).toBeUndefined();
    const nowhere = await check('r-nowhere', 'cache-2', ['--baseline', 'nowhere']);
    expect(nowhere.exitCode).toBe(2);
    expect(nowhere.stderr).toContain(`${path.join('nowhere', 'smoke')}: no such folder`);
    expect(nowhere.stderr).toContain('make them with `staircase baseline update --tier smoke --from RESULTS_DIR --out nowhere`');
  });

  it('a baseline of another claim version is stale, never compared', async () => {
    const file = path.join(scratch, PACK, `${ID}.yaml`);
    writeFileSync(file, readFileSync(file, 'utf8').replace(/^version: 1$/m, 'version: 2'));
    const stale = await check('r-stale', 'cache-2');
    expect(stale.exitCode, stale.stderr).toBe(0);
    const b = results('r-stale').claims[0]!.baseline!;
    expect(b).toMatchObject({ status: 'stale', comparisons: [] });
    expect(b.reason).toContain('is of claim version 1, the claim file is version 2');
    const refused = await cli(['baseline', 'update', '--from', 'r-base']);
    expect(refused.exitCode).toBe(1);
    expect(refused.stderr).toContain(`skip ${ID}: stale: the results are of claim version 1`);
    expect(existsSync(path.join(scratch, 'baselines', 'smoke', `${ID}.json`))).toBe(true);
  });
});
