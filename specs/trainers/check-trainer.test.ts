/**
 * `staircase check` with an external trainer, end to end through real processes: the example pack
 * (examples/own-trainer: a PyTorch MLP on sparse parity, task `external`) checked with its tier's
 * `trainer:`, cached by the trainer's identity (an edit to the script retrains, a rerun does not),
 * a crashing trainer named in one line and never cached, and `staircase agree` on the results.
 * The check needs a Python with torch (findTorchPython); the identity tests do not.
 */
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, appendFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findTorchPython } from '../../harness/bench/torch-twin.ts';
import { jobKey, makeJobs } from '../../harness/sweep/job.ts';
import { JOB_FILES } from '../../harness/sweep/cache.ts';
import { TRACE_ENV } from '../../harness/sweep/worker.ts';
import { resolveTrainer } from '../../harness/trainers/choice.ts';
import { resolveArm } from '../../harness/train/config.ts';
import { PACKAGE_ROOT } from '../../harness/util/provenance.ts';
import { runCli } from '../helpers/cli.ts';

const found = await findTorchPython();
const python = 'python' in found ? found.python : null;
const skip = python ? '' : `: SKIPPED, ${(found as { reason: string }).reason}`;
const EXAMPLE = path.join(PACKAGE_ROOT, 'examples', 'own-trainer');

const root = mkdtempSync(path.join(os.tmpdir(), 'staircase-check-trainer-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** A copy of the example pack whose tier trains `seeds` seeds with the script at `script`. */
function examplePack(name: string, seeds: number): { claims: string; script: string } {
  const dir = path.join(root, name);
  mkdirSync(path.join(dir, 'claims'), { recursive: true });
  const script = path.join(dir, 'train_parity.py');
  copyFileSync(path.join(EXAMPLE, 'train_parity.py'), script);
  for (const f of readdirSync(path.join(EXAMPLE, 'claims'))) copyFileSync(path.join(EXAMPLE, 'claims', f), path.join(dir, 'claims', f));
  const tiers = path.join(dir, 'claims', '_tiers.yaml');
  const text = readFileSync(tiers, 'utf8')
    .replace(/seeds: \d+/, `seeds: ${seeds}`)
    .replace(/maxSeeds: \d+/, `maxSeeds: ${seeds}`)
    .replace(/trainer: .*/, `trainer: python3 ${script}`);
  writeFileSync(tiers, text);
  return { claims: path.join(dir, 'claims'), script };
}

const starts = (trace: string): number => (existsSync(trace) ? readFileSync(trace, 'utf8').split('\n').filter((l) => l.startsWith('start ')).length : 0);

describe('the cache key of an external trainer', () => {
  it("includes the script's contents and arguments, not the interpreter's path", async () => {
    const { script } = examplePack('identity', 1);
    const arm = resolveArm([{ source: 'test', values: { task: 'external', heads: 4, dModel: 64 } }]);
    const keyWith = async (command: string): Promise<string> => {
      const trainer = (await resolveTrainer(command))!;
      return jobKey(makeJobs('a', 't', arm, [1], { backend: { request: 'wasm', device: 'any', trainer } })[0]!, 'code');
    };
    const base = await keyWith(`python3 ${script}`);
    expect(await keyWith(`/usr/bin/python3 ${script}`)).toBe(base);
    expect(await keyWith(`python3 ${script} --lr 0.1`)).not.toBe(base);
    const own = jobKey(makeJobs('a', 't', arm, [1], { backend: { request: 'wasm', device: 'any' } })[0]!, 'code');
    expect(own).not.toBe(base);
    appendFileSync(script, '# an edit\n');
    expect(await keyWith(`python3 ${script}`)).not.toBe(base);
  });

  it.skipIf(!python)(`\`torch\` is keyed by trainers/torch/ as a whole${skip}`, async () => {
    const a = (await resolveTrainer('torch'))!;
    expect(a.command.at(-1)).toBe(path.join(PACKAGE_ROOT, 'trainers', 'torch', 'train.py'));
    expect(a.identity).toMatch(/^[0-9a-f]{64}$/);
    expect((await resolveTrainer('tfjs'))).toBeNull();
  });
});

describe(`staircase check with the tier's external trainer${skip}`, () => {
  it.skipIf(!python)('trains each seed with the script, judges outcomes without a probe, caches by its identity, and agree compares two runs', async () => {
    const { claims, script } = examplePack('pack', 3);
    const cache = path.join(root, 'cache');
    const trace = path.join(root, 'trace');
    const env = { STAIRCASE_PYTHON: python!, [TRACE_ENV]: trace };
    const out = path.join(root, 'out');
    const first = await runCli(['check', '--claims', claims, '--no-baseline', '--out', out, '--cache', cache, '--jobs', '2'], { env });
    expect(first.stderr).toContain('trained by train_parity.py');
    expect(first.exitCode, first.stderr).toBe(0);
    expect(starts(trace)).toBe(3);
    const results = JSON.parse(readFileSync(path.join(out, 'results.json'), 'utf8')) as { claims: { id: string; status: string }[] };
    expect(results.claims.map((c) => c.id)).toEqual(['mlp-learns-sparse-parity']);
    const seeds = readdirSync(path.join(out, 'seeds'));
    expect(seeds).toHaveLength(3);
    for (const key of seeds) {
      const summary = JSON.parse(readFileSync(path.join(out, 'seeds', key, 'summary.json'), 'utf8')) as { verdict: unknown; trainer: string; outcome: string; backend: { name: string } };
      expect(summary.verdict).toBeNull();
      expect(summary.trainer).toBe('train_parity.py');
      expect(summary.backend.name).toBe('torch');
      expect(['converged', 'budget']).toContain(summary.outcome);
      expect(existsSync(path.join(out, 'seeds', key, 'probe.json'))).toBe(false);
      const record = JSON.parse(readFileSync(path.join(cache, key, JOB_FILES.record), 'utf8')) as { trainer: { name: string; protocol: number } };
      expect(record.trainer).toMatchObject({ name: 'train_parity.py', protocol: 1 });
      expect(existsSync(path.join(cache, key, 'trainer', 'trainer.log'))).toBe(true);
    }

    // A rerun trains nothing; an edit to the trainer retrains every seed.
    const again = await runCli(['check', '--claims', claims, '--no-baseline', '--out', path.join(root, 'out2'), '--cache', cache, '--jobs', '2'], { env });
    expect(again.exitCode, again.stderr).toBe(0);
    expect(starts(trace)).toBe(3);
    appendFileSync(script, '# a change to the training code\n');
    const edited = await runCli(['check', '--claims', claims, '--no-baseline', '--out', path.join(root, 'out3'), '--cache', cache, '--jobs', '2'], { env });
    expect(edited.exitCode, edited.stderr).toBe(0);
    expect(starts(trace)).toBe(6);

    // The same seeds under the same trainer agree with themselves: every p is 1.
    const agree = await runCli(['agree', out, path.join(root, 'out3'), '--json', path.join(root, 'agree.json')]);
    expect(agree.exitCode, agree.stderr).toBe(0);
    expect(agree.stdout).toContain('No rate differs');
    const report = JSON.parse(readFileSync(path.join(root, 'agree.json'), 'utf8')) as { rates: { outcome: string; a: { n: number }; p: number | null }[] };
    const converged = report.rates.find((r) => r.outcome === 'converged')!;
    expect(converged.a.n).toBe(3);
    expect(converged.p).toBe(1);
    // Mechanism outcomes count among probed seeds that learned: none here.
    expect(report.rates.find((r) => r.outcome === 'sequential')!.p).toBeNull();
  });

  it.skipIf(!python)('a trainer that crashes fails its seeds in one line naming the trainer and the seed, and nothing is cached', async () => {
    const { claims, script } = examplePack('crash', 1);
    writeFileSync(script, 'import sys\nprint("loading data")\nsys.exit("RuntimeError: out of memory (pretend)")\n');
    const cache = path.join(root, 'cache-crash');
    const r = await runCli(['check', '--claims', claims, '--no-baseline', '--out', path.join(root, 'out-crash'), '--cache', cache, '--jobs', '1'], { env: { STAIRCASE_PYTHON: python! } });
    expect(r.exitCode).not.toBe(0);
    expect(r.stderr).toMatch(/trainer 'train_parity\.py' seed 1: crashed \(exit 1\): RuntimeError: out of memory \(pretend\)/);
    expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
    const log = /\(output: (\S+)\)/.exec(r.stderr)?.[1];
    expect(log && readFileSync(log, 'utf8')).toContain('loading data'); // the failed run's log is kept where the line says
    expect(r.stdout).toContain('1 round(s)'); // a failed seed is not asked for again round after round
    expect(readdirSync(cache).filter((n) => /^[0-9a-f]{64}$/.test(n))).toEqual([]);
  });
});
