/**
 * Sharding end to end through the CLI: a tiny claim pack whose first claim needs two rounds of
 * seeds is planned (`plan --shards 3`), run as shards (`sweep` / `check --shard`), merged,
 * planned again from the merge (`plan --from`), run and merged again; the result is exactly
 * what one unsharded `check` gives (same seeds, same files, same verdicts). Then what merge
 * refuses: a missing shard, a duplicated one, shards of other code, a round without its
 * predecessor.
 */
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClaimsResults } from '../../harness/claims/result-types.ts';
import { mergeShardDirs } from '../../harness/shards/merge-shards.ts';
import type { ShardFile, SweepFile } from '../../harness/shards/sweep-files.ts';
import { PACKAGE_ROOT } from '../../harness/util/provenance.ts';
import { runCli } from '../helpers/cli.ts';

const PACK = path.join(PACKAGE_ROOT, 'specs', 'shards', 'fixtures', 'tiny-pack');
const tmp = mkdtempSync(path.join(os.tmpdir(), 'staircase-shards-'));
const at = (...p: string[]) => path.join(tmp, ...p);
const cache = at('cache');
const common = ['--claims', PACK, '--tier', 'smoke', '--backend', 'wasm'];

type Matrix = { include: { shard: string; round: number; tier: string; jobs: number; args: string }[] };
const json = <T>(file: string): T => JSON.parse(readFileSync(file, 'utf8')) as T;

const log: { args: string[]; exitCode: number | undefined; stdout: string; stderr: string }[] = [];
async function cli(args: string[]) {
  const r = await runCli(args);
  log.push({ args, exitCode: r.exitCode, stdout: String(r.stdout), stderr: String(r.stderr) });
  if (r.exitCode !== 0) throw new Error(`staircase ${args.join(' ')} exited ${r.exitCode}:\n${r.stdout}\n${r.stderr}`);
  return r;
}

/** Run every shard of a matrix; the first through `check --shard`, the others through `sweep`. */
async function runMatrix(matrix: Matrix, round: number): Promise<string[]> {
  const dirs: string[] = [];
  for (const [i, entry] of matrix.include.entries()) {
    const out = at(`r${round}-${i + 1}`);
    await cli([i === 0 ? 'check' : 'sweep', ...entry.args.split(' '), '--out', out, '--cache', cache, '--jobs', '1']);
    dirs.push(out);
  }
  return dirs;
}

let plan1: Matrix;
let plan2: Matrix;
let round1: string[];
let round2: string[];
let merge1: string;
let merge2: string;
let unsharded: string;

beforeAll(async () => {
  plan1 = JSON.parse(String((await cli(['plan', '--shards', '3', ...common])).stdout)) as Matrix;
  round1 = await runMatrix(plan1, 1);
  merge1 = String((await cli(['merge', ...round1, '--out', at('merged-1'), '--no-baseline'])).stdout);
  plan2 = JSON.parse(String((await cli(['plan', '--shards', '3', ...common, '--from', at('merged-1'), '--round', '2'])).stdout)) as Matrix;
  round2 = await runMatrix(plan2, 2);
  merge2 = String((await cli(['merge', ...round1, ...round2, '--out', at('merged-2'), '--no-baseline'])).stdout);
  // The reference: one unsharded check of the same pack (the seeds are in the shared cache, so
  // this proves the shards ran exactly the jobs, by key, that the check asks for).
  unsharded = String((await cli(['check', ...common, '--out', at('unsharded'), '--cache', cache, '--jobs', '1', '--no-baseline'])).stdout);
}, 600_000);

afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('plan, sweep --shard, merge', () => {
  it('round 1: three shards partition the 4 first-round jobs; merge asks for round 2 of the undecided arm only', () => {
    expect(plan1.include.map((e) => [e.shard, e.round, e.jobs])).toEqual([['1/3', 1, 2], ['2/3', 1, 1], ['3/3', 1, 1]]);
    expect(plan1.include[0]!.args).toBe(`--tier smoke --claims ${PACK} --backend wasm --shard 1/3`);
    const shards = round1.map((d) => json<ShardFile>(path.join(d, 'shard.json')));
    expect(shards.map((s) => s.jobs.length)).toEqual([2, 1, 1]);
    expect(new Set(shards.map((s) => s.planHash)).size).toBe(1);
    expect(shards.flatMap((s) => s.jobs.map((j) => `${j.arm}:${j.seed}`)).sort()).toEqual(['tiny-binary:1', 'tiny-binary:2', 'tiny-d3:1', 'tiny-d3:2']);
    for (const [i, d] of round1.entries()) expect(readdirSync(path.join(d, 'seeds')).sort()).toEqual(shards[i]!.jobs.map((j) => j.key).sort());
    expect(merge1).toContain('round 2 needed (claims still undecided): tiny-d3 seeds 3..4');
    expect(json<SweepFile>(at('merged-1', 'sweep.json')).next).toEqual({ round: 2, arms: [{ arm: 'tiny-d3', seeds: [3, 4] }] });
  });

  it('round 2 is planned from the merge: two jobs, so two shards (fewer jobs than the three asked for)', () => {
    expect(plan2.include.map((e) => [e.shard, e.round, e.jobs])).toEqual([['1/2', 2, 1], ['2/2', 2, 1]]);
    expect(plan2.include[1]!.args).toBe(`--tier smoke --claims ${PACK} --from ${at('merged-1')} --backend wasm --shard 2/2`);
    const shards = round2.map((d) => json<ShardFile>(path.join(d, 'shard.json')));
    expect(shards.flatMap((s) => s.jobs.map((j) => `${j.arm}:${j.seed}`)).sort()).toEqual(['tiny-d3:3', 'tiny-d3:4']);
    expect(shards.every((s) => s.round === 2 && s.basedOn !== null)).toBe(true);
    expect(merge2).toContain('no further round: every claim is decided or its arms are at maxSeeds');
  });

  it('merging every shard of both rounds gives exactly the seeds, files and verdicts of one unsharded check', () => {
    expect(unsharded).toContain('0 seeds trained, 6 from the cache, 2 round(s)');
    const a = json<ClaimsResults>(at('merged-2', 'results.json'));
    const b = json<ClaimsResults>(at('unsharded', 'results.json'));
    expect(a.claims).toEqual(b.claims);
    expect(a.claims.map((c) => [c.id, c.seeds])).toEqual([
      ['tiny-once', { 'tiny-binary': [1, 2] }],
      ['tiny-rounds', { 'tiny-d3': [1, 2, 3, 4] }],
    ]);
    expect(a.claims[1]!.expectations[0]!.sequential).toBe(true);
    expect({ ...a, createdAt: '', claimsDir: '' }).toEqual({ ...b, createdAt: '', claimsDir: '' });
    const seedsA = readdirSync(at('merged-2', 'seeds')).sort();
    expect(seedsA).toEqual(readdirSync(at('unsharded', 'seeds')).sort());
    expect(seedsA).toHaveLength(6);
    for (const key of seedsA) {
      expect(readdirSync(at('merged-2', 'seeds', key)).sort()).toEqual(['probe.json', 'record.json', 'summary.json']);
      for (const f of ['probe.json', 'record.json', 'summary.json']) expect(readFileSync(at('merged-2', 'seeds', key, f), 'utf8')).toBe(readFileSync(at('unsharded', 'seeds', key, f), 'utf8'));
    }
    const strip = (s: SweepFile) => ({ ...s, createdAt: '', sources: [], claimsDir: '' });
    expect(strip(json<SweepFile>(at('merged-2', 'sweep.json')))).toEqual(strip(json<SweepFile>(at('unsharded', 'sweep.json'))));
  });

  it('a sweep after the last round has nothing to run', async () => {
    const r = await runCli(['sweep', ...common, '--from', at('merged-2'), '--shard', '1/2', '--out', at('r3-1'), '--cache', cache]);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout).toContain('sweep: nothing to run in round 3');
  });
});

describe('merge refuses what is not one complete sweep', () => {
  const problems = (dirs: string[]): string => {
    try {
      mergeShardDirs(dirs);
    } catch (error) {
      return (error as Error).message;
    }
    throw new Error('merge accepted it');
  };

  it('a missing shard, named with the command that makes it (exit 2 from the CLI)', async () => {
    expect(problems([round1[0]!, round1[2]!])).toContain('shard 2/3 of round 1 is missing: pass its output folder too (`staircase sweep --shard 2/3` writes it)');
    const r = await runCli(['merge', round1[0]!, round1[2]!, '--out', at('bad'), '--no-baseline']);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain('shard 2/3 of round 1 is missing');
  });

  it('a shard given twice, as one folder or as a copy', () => {
    expect(problems([...round1, round1[1]!])).toContain(`${round1[1]} is given twice`);
    cpSync(round1[1]!, at('copy-of-2'), { recursive: true });
    expect(problems([...round1, at('copy-of-2')])).toContain(`shard 2/3 of round 1 is given twice: ${round1[1]} and ${at('copy-of-2')}`);
  });

  it('shards of other training code', () => {
    cpSync(round1[2]!, at('other-code-3'), { recursive: true });
    const file = at('other-code-3', 'shard.json');
    const s = json<ShardFile>(file);
    writeFileSync(file, JSON.stringify({ ...s, codeHash: 'f'.repeat(64) }));
    expect(problems([round1[0]!, round1[1]!, at('other-code-3')])).toMatch(/other-code-3 was trained by other code than .*r1-1 \(code hash ffffffffffff vs [0-9a-f]{12}\)/);
  });

  it('a later round without the rounds it was planned from, and a folder that is no shard', () => {
    expect(problems(round2)).toContain('round 1 is missing');
    expect(problems([at('merged-2')])).toMatch(/merged-2\/shard\.json: no shard\.json: this folder is not the output of a shard/);
  });
});
