import { execa } from 'execa';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ensureCacheDir, removeStaleTemporaries, resolveCacheDir } from '../../harness/sweep/cache.ts';
import { clearCodeHashMemo, hashedFiles, LOCK_ENTRY, trainingCodeHash } from '../../harness/sweep/code-hash.ts';
import { canonicalJson, jobKey, makeJobs } from '../../harness/sweep/job.ts';
import { parseShard, shardJobs } from '../../harness/sweep/shard.ts';
import { PACKAGE_ROOT } from '../../harness/util/provenance.ts';
import { tinyArm } from '../helpers/tiny.ts';
import { TINY_BACKEND, tinyJobs } from './tiny-jobs.ts';

/** A fake package root with a few hashed and unhashed files. */
function fakeRoot(): string {
  const root = mkdtempSync(path.join(os.tmpdir(), 'staircase-hash-'));
  const put = (rel: string, text: string): void => {
    mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    writeFileSync(path.join(root, rel), text);
  };
  put('harness/train/loop.ts', 'export const a = 1;\n');
  put('harness/model/nested/ops.ts', 'export const b = 2;\n');
  put('schemas/record.schema.json', '{}\n');
  put('harness/cli.ts', 'cli\n');
  put('harness/claims/load.ts', 'claims\n');
  put('package-lock.json', JSON.stringify({ packages: { '': {}, 'node_modules/@tensorflow/tfjs-core': { version: '4.22.0' }, 'node_modules/yaml': { version: '2.0.0' } } }));
  return root;
}

const rehash = (root: string): string => {
  clearCodeHashMemo();
  return trainingCodeHash(root);
};

describe('training code hash', () => {
  it('lists the hashed files sorted, and the real repo hashes training, probing and schemas', () => {
    const files = hashedFiles(PACKAGE_ROOT);
    expect(files).toEqual([...files].sort());
    expect(files).toEqual(expect.arrayContaining(['harness/train/loop.ts', 'harness/probe/run.ts', 'harness/model/transformer.ts', 'harness/task/d3.ts', 'harness/backend/select.ts', 'schemas/record.schema.json']));
    expect(files.some((f) => f.startsWith('harness/stats/') || f === 'harness/cli.ts')).toBe(false);
    expect(trainingCodeHash()).toMatch(/^[0-9a-f]{64}$/);
    expect(LOCK_ENTRY).toContain('@tensorflow');
  });

  it('changes when a hashed file or a @tensorflow version changes, and only then', () => {
    const root = fakeRoot();
    expect(hashedFiles(root)).toEqual(['harness/model/nested/ops.ts', 'harness/train/loop.ts', 'schemas/record.schema.json']);
    const h0 = rehash(root);
    expect(rehash(root)).toBe(h0);
    writeFileSync(path.join(root, 'harness/cli.ts'), 'cli changed\n');
    writeFileSync(path.join(root, 'harness/claims/load.ts'), 'claims changed\n');
    expect(rehash(root)).toBe(h0);
    writeFileSync(path.join(root, 'harness/model/nested/ops.ts'), 'export const b = 3;\n');
    const h1 = rehash(root);
    expect(h1).not.toBe(h0);
    writeFileSync(path.join(root, 'package-lock.json'), JSON.stringify({ packages: { 'node_modules/@tensorflow/tfjs-core': { version: '4.23.0' }, 'node_modules/yaml': { version: '2.0.0' } } }));
    expect(rehash(root)).not.toBe(h1);
  });
});

describe('job keys', () => {
  const jobs = tinyJobs(3);

  it('are stable, label-free and order-free, and change with seed, arm, backend and probe settings', () => {
    const [a, b] = jobs as [(typeof jobs)[0], (typeof jobs)[0]];
    expect(jobKey(a, 'c')).toBe(jobKey(structuredClone(a), 'c'));
    expect(jobKey({ ...a, armName: 'other', tier: 'full' }, 'c')).toBe(jobKey(a, 'c'));
    const reordered = { ...a, arm: Object.fromEntries(Object.entries(a.arm).reverse()) as typeof a.arm };
    expect(jobKey(reordered, 'c')).toBe(jobKey(a, 'c'));
    const variants = [a, b, { ...a, arm: { ...a.arm, lr: 0.002 } }, { ...a, backend: { ...TINY_BACKEND, request: 'cpu' as const } }, { ...a, probe: { nProblems: 128 } }];
    expect(new Set(variants.map((j) => jobKey(j, 'c'))).size).toBe(variants.length);
  });

  it('every key changes with the code hash', () => {
    const before = jobs.map((j) => jobKey(j, 'code-1'));
    const after = jobs.map((j) => jobKey(j, 'code-2'));
    for (const k of after) expect(before).not.toContain(k);
  });

  it('canonical JSON sorts keys at every depth', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, { z: 1, y: 0 }], c: null } })).toBe('{"a":{"c":null,"d":[2,{"y":0,"z":1}]},"b":1}');
  });

  it('makeJobs rejects a bad seed or probe setting up front', () => {
    expect(() => makeJobs('tiny', 'test', tinyArm(), [1.5])).toThrow(/seed/);
    expect(() => makeJobs('tiny', 'test', tinyArm(), [1], { probe: { nProblemz: 3 } as never })).toThrow(/did you mean `nProblems`/);
  });
});

describe('shards', () => {
  const jobs = [...tinyJobs(7), ...tinyJobs(4, { armName: 'other', layers: 2 })];
  const keys = (js: typeof jobs): string[] => js.map((j) => jobKey(j, 'c'));

  it('shards 1..n partition the jobs, evenly, whatever the input order', () => {
    for (const n of [1, 2, 3, 5, 11, 13]) {
      const shards = Array.from({ length: n }, (_, i) => keys(shardJobs(jobs, i + 1, n, 'c')));
      const all = shards.flat();
      expect(new Set(all).size).toBe(all.length);
      expect(new Set(all)).toEqual(new Set(keys(jobs)));
      const sizes = shards.map((s) => s.length);
      expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
      const shuffled = [...jobs].reverse();
      expect(Array.from({ length: n }, (_, i) => keys(shardJobs(shuffled, i + 1, n, 'c')))).toEqual(shards);
    }
  });

  it('duplicates land once; bad shard numbers are errors', () => {
    expect(shardJobs([...jobs, ...jobs], 1, 1, 'c')).toHaveLength(jobs.length);
    expect(() => shardJobs(jobs, 0, 2, 'c')).toThrow(/1 <= index <= count/);
    expect(() => shardJobs(jobs, 3, 2, 'c')).toThrow();
    expect(parseShard('2/4')).toEqual({ index: 2, count: 4 });
    expect(() => parseShard('5/4')).toThrow(/i\/n/);
  });
});

describe('cache folder', () => {
  it('--cache beats STAIRCASE_CACHE_DIR beats .staircase/cache, relative to the cwd', () => {
    expect(resolveCacheDir(undefined, {}, '/w')).toBe('/w/.staircase/cache');
    expect(resolveCacheDir(undefined, { STAIRCASE_CACHE_DIR: 'c2' }, '/w')).toBe('/w/c2');
    expect(resolveCacheDir('/abs/c1', { STAIRCASE_CACHE_DIR: 'c2' }, '/w')).toBe('/abs/c1');
  });
});

describe('stale temporaries', () => {
  it('removes the folders and job files of dead processes only', async () => {
    const cacheDir = mkdtempSync(path.join(os.tmpdir(), 'staircase-stale-'));
    const dead = execa('node', ['-e', '0']);
    await dead;
    const key = 'ab'.repeat(32);
    const names = [`.tmp-${key}-${dead.pid}`, `.tmp-${key}-${dead.pid}-incomplete`, `.tmp-${key}-${process.pid}`];
    for (const n of names) mkdirSync(path.join(cacheDir, n), { recursive: true });
    ensureCacheDir(cacheDir);
    writeFileSync(path.join(cacheDir, '.jobs', `${key}-${dead.pid}.json`), '{}');
    writeFileSync(path.join(cacheDir, '.jobs', `${key}-${process.pid}.json`), '{}');
    expect(removeStaleTemporaries(cacheDir)).toHaveLength(3);
    expect(readdirSync(cacheDir).sort()).toEqual(['.jobs', `.tmp-${key}-${process.pid}`]);
    expect(readdirSync(path.join(cacheDir, '.jobs'))).toEqual([`${key}-${process.pid}.json`]);
    rmSync(cacheDir, { recursive: true, force: true });
  });
});
