/**
 * Exact replay of pinned seeds, end to end through the real CLI in a scratch copy of the
 * repository (the pattern of regression.test.ts): a check of a tier with `gate: replay` and
 * `firstSeed: 11` trains seeds 11 and 12; `baseline update` pins them (baselines/smoke/_replay.json);
 * a second check with the unchanged code and an EMPTY cache retrains both and finds them exactly
 * as pinned (wasm is deterministic), exit 0; then AdamW's default beta2 in harness/train/defaults.ts
 * goes from 0.98 to 0.95, one line, and the check exits 1 naming both seeds and the fields that
 * moved; `baseline update` re-pins and the next check passes again. Real training: 2 seeds of a
 * 1-layer binary-chain arm, four times (about 40 s of CPU).
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReplayFile } from '../../harness/baselines/replay.ts';
import { validate } from '../../harness/util/schema.ts';
import { makeScratchRepo, type CliRun } from '../helpers/scratch-repo.ts';

const PINS = path.join('baselines', 'smoke', '_replay.json');
const repo = makeScratchRepo('staircase-replay-', path.join('specs', 'baselines', 'fixtures', 'replay-pack'));
const { cli, check, results } = repo;
const scratch = repo.dir;
const pins = (): ReplayFile => validate<ReplayFile>('replay', JSON.parse(readFileSync(path.join(scratch, PINS), 'utf8')), PINS);

let first: CliRun;
let pin: CliRun;
let replayed: CliRun;
let changed: CliRun;
let repin: CliRun;
let after: CliRun;
let pinnedBefore: ReplayFile;

beforeAll(async () => {
  first = await check('r-first', 'cache-1', ['--no-baseline']);
  pin = await cli(['baseline', 'update', '--from', 'r-first']);
  if (pin.exitCode !== 0) throw new Error(`baseline update failed (exit ${pin.exitCode}):\n${first.stdout}\n${first.stderr}\n${pin.stdout}\n${pin.stderr}`);
  pinnedBefore = pins();
  replayed = await check('r-replayed', 'cache-2'); // empty cache: both seeds retrained
  const defaults = path.join(scratch, 'harness', 'train', 'defaults.ts');
  const text = readFileSync(defaults, 'utf8');
  if (!/^ {2}beta2: 0\.98,$/m.test(text)) throw new Error(`${defaults}: the line \`  beta2: 0.98,\` is gone; update this test`);
  writeFileSync(defaults, text.replace(/^ {2}beta2: 0\.98,$/m, '  beta2: 0.95,'));
  changed = await check('r-changed', 'cache-3');
  repin = await cli(['baseline', 'update', '--from', 'r-changed']);
  after = await check('r-after', 'cache-3');
}, 600_000);

afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('exact replay of pinned seeds', () => {
  it('a tier starts at its firstSeed, and `baseline update` pins every seed of a replay tier', () => {
    expect(first.exitCode, first.stderr).toBe(0);
    expect(results('r-first').replay).toBeUndefined();
    expect(pin.exitCode, pin.stderr).toBe(0);
    expect(pin.stdout).toContain(`pinned 2 seed(s) for exact replay: ${PINS}`);
    expect(pinnedBefore.seeds.map((s) => [s.arm, s.seed, s.backend])).toEqual([['tiny-binary', 11, 'wasm/cpu'], ['tiny-binary', 12, 'wasm/cpu']]);
    for (const s of pinnedBefore.seeds) {
      expect(s.steps).toBeGreaterThan(0);
      expect(s.steps).toBeLessThanOrEqual(150);
      expect(s.finalAccuracy).not.toBeNull();
    }
  });

  it('unchanged code retrains both seeds from an empty cache exactly as pinned: exit 0', () => {
    expect(replayed.exitCode, replayed.stdout + replayed.stderr).toBe(0);
    expect(replayed.stdout).toContain('2 seeds trained, 0 from the cache');
    expect(replayed.stdout).toContain(`Replay (${PINS}): 2 pinned seeds trained exactly as pinned`);
    expect(results('r-replayed').replay).toEqual({ file: PINS, compared: 2, changed: [], notRun: [] });
  });

  it("AdamW's beta2 0.98 -> 0.95 in harness/train: exit 1, naming both seeds and what moved", () => {
    expect(changed.exitCode, changed.stdout + changed.stderr).toBe(1);
    const r = results('r-changed');
    expect(r.replay!.compared).toBe(2);
    expect(r.replay!.changed.map((c) => c.seed)).toEqual([11, 12]);
    for (const c of r.replay!.changed) expect(c.fields.some((f) => /^finalLoss: \d.* -> \d/.test(f)), c.fields.join('; ')).toBe(true);
    expect(changed.stdout).toContain(`Replay (${PINS}): 2 of 2 pinned seeds changed`);
    expect(changed.stdout).toMatch(/^ {2}tiny-binary seed 11: .+ -> .+$/m);
    expect(changed.stdout).toContain('re-pin: npx staircase baseline update --tier smoke --from r-changed');
    expect(readFileSync(path.join(scratch, 'r-changed', 'summary.md'), 'utf8')).toContain('#### Replay of pinned seeds');
  });

  it('re-pinning is one command, after which the changed code replays clean', () => {
    expect(repin.exitCode, repin.stderr).toBe(0);
    expect(pins().seeds).not.toEqual(pinnedBefore.seeds);
    expect(after.exitCode, after.stdout + after.stderr).toBe(0);
    expect(after.stdout).toContain('0 seeds trained, 2 from the cache');
    expect(results('r-after').replay).toMatchObject({ compared: 2, changed: [] });
  });
});
