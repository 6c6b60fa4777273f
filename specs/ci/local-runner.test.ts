/**
 * The pieces of the local workflow runner: GitHub expressions (the subset the workflows use, with
 * GitHub's semantics), hashFiles, the GITHUB_OUTPUT file format, job order, and the local
 * stand-ins for upload/download-artifact.
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { condition, evaluate, interpolate, type ExpressionContext, type Value } from '../../harness/ci/expression.ts';
import { runAction } from '../../harness/ci/local-actions.ts';
import { hashFiles, jobOrder, parseCommandFile } from '../../harness/ci/run-local.ts';
import { readWorkflow } from '../../harness/ci/workflow.ts';
import { PACKAGE_ROOT } from '../../harness/util/provenance.ts';
import { tmpDir } from '../claims-engine/helpers.ts';

const ctx = (contexts: Record<string, Value>, status: 'success' | 'failure' = 'success'): ExpressionContext => ({ contexts, status, hashFiles: (p) => (p[0] === 'present' ? 'abc' : '') });
const github = { event_name: 'pull_request', repository: 'o/r', event: { pull_request: { number: 7, labels: [{ name: 'bug' }, { name: 'Run-GPU-Claims' }], head: { repo: { full_name: 'o/r' } } } } };

describe('GitHub expressions', () => {
  it('reads context paths, filters with *, and compares strings without case', () => {
    const c = ctx({ github, steps: { hash: { outputs: { hash: 'h1', 'cache-hit': 'true' } } } });
    expect(evaluate('steps.hash.outputs.hash', c)).toBe('h1');
    expect(evaluate("steps.hash.outputs.cache-hit != 'true'", c)).toBe(false);
    expect(evaluate("contains(github.event.pull_request.labels.*.name, 'run-gpu-claims')", c)).toBe(true);
    expect(evaluate('github.event.pull_request.head.repo.full_name == github.repository', c)).toBe(true);
    expect(evaluate('github.event.missing.field', c)).toBeNull();
  });

  it('returns operands from && and || as GitHub does', () => {
    const c = ctx({ github, inputs: { shards: '' }, vars: {} });
    expect(evaluate("inputs.shards || '4'", c)).toBe('4');
    expect(evaluate("github.event_name != 'pull_request' && vars.DIR || ''", c)).toBe('');
    expect(evaluate('github.event.pull_request.number || github.ref', c)).toBe(7);
    expect(evaluate("format('https://{0}.github.io/{1}/', 'me', 'site')", c)).toBe('https://me.github.io/site/');
    expect(evaluate("fromJSON('{\"include\":[{\"shard\":\"1/2\"}]}')", c)).toEqual({ include: [{ shard: '1/2' }] });
  });

  it('adds success() to conditions without a status function, and keeps whole-expression values', () => {
    const c = ctx({ github }, 'failure');
    expect(condition("hashFiles('present') != ''", c)).toBe(false);
    expect(condition("always() && hashFiles('present') != ''", c)).toBe(true);
    expect(condition("always() && hashFiles('absent') != ''", c)).toBe(false);
    expect(condition(undefined, ctx({}, 'success'))).toBe(true);
    expect(interpolate("${{ fromJSON('[1,2]') }}", c)).toEqual([1, 2]);
    expect(interpolate('shard-${{ github.event.pull_request.number }}.txt', c)).toBe('shard-7.txt');
  });

  it('refuses what it does not implement instead of guessing', () => {
    expect(() => evaluate('github.x > 1', ctx({ github }))).toThrow(/unsupported operator '>'/);
    expect(() => evaluate('toLower(github.x)', ctx({ github }))).toThrow(/unsupported function toLower/);
    expect(() => evaluate('secrets.TOKEN', ctx({ github }))).toThrow(/unknown context 'secrets'/);
  });
});

describe('the runner', () => {
  it('hashes files by glob (empty when none match), and reads GITHUB_OUTPUT lines and blocks', () => {
    const h = hashFiles(PACKAGE_ROOT, ['specs/claims/**']);
    expect(h).toMatch(/^[0-9a-f]{64}$/);
    expect(hashFiles(PACKAGE_ROOT, ['specs/claims/*.yaml'])).not.toBe(h); // claims.spec.ts is left out
    expect(hashFiles(PACKAGE_ROOT, ['no/such/dir/**'])).toBe('');
    expect(parseCommandFile('a=1\nmatrix={"include":[]}\nbody<<EOF\nline 1\nline=2\nEOF\nb=x=y\n')).toEqual({ a: '1', matrix: '{"include":[]}', body: 'line 1\nline=2', b: 'x=y' });
  });

  it('orders jobs by needs and runs only what a chosen job needs', () => {
    const gpu = readWorkflow(path.join(PACKAGE_ROOT, '.github/workflows/claims-gpu.yml'));
    expect(jobOrder(gpu, [])).toEqual(['gate', 'plan', 'shards', 'merge', 'deploy']);
    expect(jobOrder(gpu, ['shards'])).toEqual(['gate', 'plan', 'shards']);
    expect(() => jobOrder(gpu, ['shard'])).toThrow(/no job 'shard'/);
  });

  it('uploads artifacts below the common folder of their paths, as upload-artifact v4 does, and downloads them by pattern', () => {
    const cwd = tmpDir();
    const artifactsDir = path.join(cwd, 'artifacts');
    mkdirSync(path.join(cwd, 'out/a/seeds/k1'), { recursive: true });
    writeFileSync(path.join(cwd, 'out/a/results.json'), '{}');
    writeFileSync(path.join(cwd, 'out/a/seeds/k1/summary.json'), '{}');
    const log: string[] = [];
    const run = (uses: string, inputs: Record<string, string>) => runAction(uses, { inputs, artifactsDir, cwd, log: (l) => void log.push(l) });
    run('actions/upload-artifact@v4', { name: 'res', path: 'out/a/results.json\nout/a/seeds\nout/a/missing.xml', 'if-no-files-found': 'error' });
    expect(readdirSync(path.join(artifactsDir, 'res')).sort()).toEqual(['results.json', 'seeds']);
    expect(log.some((l) => l.includes('out/a/missing.xml not found'))).toBe(true);
    run('actions/upload-artifact@v4', { name: 'shard-1', path: 'out/a/seeds' });
    expect(readdirSync(path.join(artifactsDir, 'shard-1'))).toEqual(['k1']);
    expect(() => run('actions/upload-artifact@v4', { name: 'none', path: 'out/nothing', 'if-no-files-found': 'error' })).toThrow(/no files found/);
    run('actions/download-artifact@v4', { pattern: 'shard-*', path: 'in' });
    expect(readFileSync(path.join(cwd, 'in/shard-1/k1/summary.json'), 'utf8')).toBe('{}');
    expect(() => run('actions/some-other@v1', {})).toThrow(/no local stand-in/);
  });
});
