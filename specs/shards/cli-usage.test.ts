/**
 * The new commands teach (--help with examples) and refuse bad input with the flag, the file and
 * the fix. Run in-process through main() (no training happens in these paths).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../harness/cli.ts';
import { resolveBaselineOptions, withBaselineDefault } from '../../harness/cli/baseline-flags.ts';
import { tmpDir } from '../claims-engine/helpers.ts';

async function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const log = vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => void out.push(a.join(' ')));
  const error = vi.spyOn(console, 'error').mockImplementation((...a: unknown[]) => void err.push(a.join(' ')));
  try {
    const code = await main(args);
    return { code, out: out.join('\n'), err: err.join('\n') };
  } finally {
    log.mockRestore();
    error.mockRestore();
  }
}

afterEach(() => vi.restoreAllMocks());

describe('--help of sweep, merge, plan, baseline', () => {
  it.each([
    ['sweep', 'staircase sweep --tier full --shard 2/3'],
    ['merge', 'staircase merge out/r1-1 out/r1-2 out/r1-3 --out merged'],
    ['plan', 'staircase plan --shards 4 --tier full --from merged-1 --round 2'],
    ['baseline', 'staircase baseline update --from out/smoke'],
    ['check', '--baseline [DIR]'],
  ])('%s --help exits 0 with examples', async (command, example) => {
    const r = await run([command, '--help']);
    expect(r.code).toBe(0);
    expect(r.out).toContain(example);
    expect(r.out).toMatch(/Examples/);
  });

  it('the command list names the new commands', async () => {
    const r = await run(['--help']);
    for (const c of ['sweep', 'merge', 'plan', 'baseline']) expect(r.out).toMatch(new RegExp(`^  ${c}\\s+\\S`, 'm'));
  });
});

describe('bad input', () => {
  it('names the missing flag or folder and the fix', async () => {
    expect(await run(['merge', 'a'])).toMatchObject({ code: 2, err: expect.stringContaining('merge needs --out DIR') });
    expect(await run(['merge', '--out', 'x'])).toMatchObject({ code: 2, err: expect.stringContaining('merge needs the shard folders') });
    expect(await run(['plan', '--tier', 'smoke'])).toMatchObject({ code: 2, err: expect.stringContaining('plan needs --shards N') });
    expect(await run(['baseline', 'update'])).toMatchObject({ code: 2, err: expect.stringContaining('baseline update needs --from RESULTS_DIR') });
    expect(await run(['baseline', 'updte'])).toMatchObject({ code: 2, err: expect.stringContaining("unknown subcommand 'updte' (did you mean 'update'?)") });
    expect(await run(['sweep', '--shard', '4/3'])).toMatchObject({ code: 2, err: expect.stringContaining('--shard: a shard is i/n with 1 <= i <= n') });
    expect(await run(['check', '--from', 'x'])).toMatchObject({ code: 2, err: expect.stringContaining('--from plans the round after a results folder and needs --shard i/n') });
    const notResults = tmpDir();
    const r = await run(['plan', '--shards', '2', '--from', notResults]);
    expect(r.code).toBe(2);
    expect(r.err).toContain(`${path.join(notResults, 'sweep.json')}: no sweep.json`);
    expect(r.err).toContain('no sweep.json: this folder is not the output of a check or a merge; pass the --out folder of `staircase check` or `staircase merge`');
    const noResults = await run(['baseline', 'update', '--from', notResults]);
    expect(noResults.err).toContain(`${path.join(notResults, 'results.json')}: no such file: --from must be the --out folder of \`staircase check\` or \`staircase merge\``);
  });

  it('plan prints round 1 of the shipped pack as a matrix', async () => {
    const r = await run(['plan', '--shards', '3', '--tier', 'smoke']);
    expect(r.code).toBe(0);
    const matrix = JSON.parse(r.out) as { include: { shard: string; round: number; args: string }[] };
    expect(matrix.include.map((e) => e.shard)).toEqual(['1/3', '2/3', '3/3']);
    expect(matrix.include[2]).toMatchObject({ round: 1, tier: 'smoke', args: '--tier smoke --claims specs/claims --shard 3/3' });
    expect(r.err).toMatch(/^plan: round 1, \d+ jobs over 3 shard\(s\)/);
    expect(await run(['plan', '--shards', '3', '--round', '2'])).toMatchObject({ code: 2, err: expect.stringContaining('--round 2: the planned round is 1') });
  });
});

describe('baseline flags', () => {
  /** A pack of one claim, `a`. */
  const PACK = { dir: 'pack', claimIds: ['a'] };

  it("--baseline alone means the default folder; on by default only when baselines/<tier>/ exists, unless all it holds is another pack's baselines", () => {
    expect(withBaselineDefault(['--baseline'])).toEqual(['--baseline=baselines']);
    expect(withBaselineDefault(['--baseline', '--tier', 'x'])).toEqual(['--baseline=baselines', '--tier', 'x']);
    expect(withBaselineDefault(['--baseline', 'dir'])).toEqual(['--baseline', 'dir']);
    const cwd = tmpDir();
    expect(resolveBaselineOptions({}, 'smoke', PACK, cwd)).toEqual({ dir: null, alpha: 0.05, minEffect: 0.2 });
    mkdirSync(path.join(cwd, 'baselines', 'smoke'), { recursive: true });
    writeFileSync(path.join(cwd, 'baselines', 'smoke', '.keep'), '');
    expect(resolveBaselineOptions({}, 'smoke', PACK, cwd).dir).toBe('baselines');
    writeFileSync(path.join(cwd, 'baselines', 'smoke', 'a.json'), '{}');
    expect(resolveBaselineOptions({}, 'smoke', PACK, cwd).dir).toBe('baselines');
    // A pack none of whose claims has a baseline there is not compared with another pack's baselines, unless --baseline names them.
    expect(resolveBaselineOptions({}, 'smoke', { dir: 'my-pack', claimIds: ['c'] }, cwd)).toEqual({
      dir: null,
      alpha: 0.05,
      minEffect: 0.2,
      note: 'note: no baseline comparison: baselines/smoke/ holds baselines of another pack, none of a claim in my-pack; give --baseline DIR to compare this pack with DIR/smoke/',
    });
    expect(resolveBaselineOptions({ baseline: 'baselines' }, 'smoke', { dir: 'my-pack', claimIds: ['c'] }, cwd).dir).toBe('baselines');
    expect(resolveBaselineOptions({ 'no-baseline': true }, 'smoke', PACK, cwd).dir).toBeNull();
    expect(resolveBaselineOptions({ baseline: 'b2', 'baseline-alpha': '0.01', 'min-effect': '0' }, 'smoke', PACK, cwd)).toEqual({ dir: 'b2', alpha: 0.01, minEffect: 0 });
    expect(() => resolveBaselineOptions({ 'baseline-alpha': '5' }, 'smoke', PACK, cwd)).toThrow("--baseline-alpha must be a number in (0, 1), got '5'");
    expect(() => resolveBaselineOptions({ baseline: 'b', 'no-baseline': true }, 'smoke', PACK, cwd)).toThrow('contradict');
  });
});
