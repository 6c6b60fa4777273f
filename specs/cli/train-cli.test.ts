import { mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { validate, ValidationError } from '../../harness/util/schema.ts';
import type { RunRecord } from '../../harness/train/record.ts';
import { hasWebgpuGpuAdapter } from '../../harness/backend/installed.ts';
import { runCli } from '../helpers/cli.ts';

const tmp = () => mkdtempSync(path.join(os.tmpdir(), 'staircase-cli-'));
const TINY = 'K: 2\nlayers: 2\ndModel: 16\nheads: 2\nbatchSize: 16\nevalPerK: 32\nevalEvery: 10\nmaxSteps: 30\n';

/** Drop what is allowed to differ between two runs: timings. */
function withoutTimings(record: RunRecord) {
  const { wallMs: _w, stepsPerSecond: _s, startedAt: _t, ...rest } = record;
  return rest;
}

describe('staircase train', () => {
  it('writes a schema-valid record and checkpoint, identical across runs apart from timings', async () => {
    const dir = tmp();
    const arm = path.join(dir, 'tiny.yaml');
    writeFileSync(arm, TINY);
    const [a, b] = [path.join(dir, 'a'), path.join(dir, 'b')];
    const r1 = await runCli(['train', '--arm', arm, '--seed', '3', '--out', a, '--backend', 'wasm']);
    expect(r1.exitCode, r1.stderr).toBe(0);
    const r2 = await runCli(['train', '--arm', arm, '--seed', '3', '--out', b, '--backend', 'wasm']);
    expect(r2.exitCode, r2.stderr).toBe(0);
    const ra = JSON.parse(readFileSync(path.join(a, 'record.json'), 'utf8')) as RunRecord;
    const rb = JSON.parse(readFileSync(path.join(b, 'record.json'), 'utf8')) as RunRecord;
    validate('record', ra, 'record.json');
    expect(withoutTimings(rb)).toEqual(withoutTimings(ra));
    expect(readFileSync(path.join(b, 'checkpoint', 'weights.bin'))).toEqual(readFileSync(path.join(a, 'checkpoint', 'weights.bin')));
    expect(ra).toMatchObject({ seed: 3, steps: 30, backend: { name: 'wasm', device: 'cpu', requested: 'wasm' }, arm: { name: 'tiny', K: 2, layers: 2 } });
    expect(Object.keys(ra.streams)).toEqual(['init', 'data', 'eval', 'eval-train']);
    expect(ra.final.perK.map((p) => p.k)).toEqual([1, 2]);
    expect(r1.stdout).toMatch(/after 30 steps/);
    // the accuracy that stopped training is on problems never trained on, printed beside the training problems'
    const n = ra.final.perK[1]!.n;
    expect(r1.stdout).toContain(`held-out accuracy (k=2, n=${n}): ${ra.final.answerAccuracy.toFixed(4)}; training problems (k=2, n=${ra.heldOut.trainEvalCount}): ${ra.final.trainAccuracy.toFixed(4)}`);
  });

  it('--seeds trains several seeds as one population, each in DIR/seed-<n> as trained alone', async () => {
    const dir = tmp();
    const arm = path.join(dir, 'tiny.yaml');
    writeFileSync(arm, TINY);
    const many = await runCli(['train', '--arm', arm, '--seeds', '2-3', '--out', path.join(dir, 'pop'), '--backend', 'wasm', '--quiet']);
    expect(many.exitCode, many.stderr).toBe(0);
    expect(many.stderr).toContain('seeds 2 3');
    const alone = await runCli(['train', '--arm', arm, '--seed', '3', '--out', path.join(dir, 'alone'), '--backend', 'wasm', '--quiet']);
    expect(alone.exitCode, alone.stderr).toBe(0);
    const read = (f: string) => JSON.parse(readFileSync(f, 'utf8')) as RunRecord;
    const three = read(path.join(dir, 'pop', 'seed-3', 'record.json'));
    validate('record', three, 'record.json');
    expect(three.population).toBe(2);
    const { population: _p, ...rest } = withoutTimings(three);
    expect(rest).toEqual(withoutTimings(read(path.join(dir, 'alone', 'record.json'))));
    expect(readFileSync(path.join(dir, 'pop', 'seed-3', 'checkpoint', 'weights.bin'))).toEqual(readFileSync(path.join(dir, 'alone', 'checkpoint', 'weights.bin')));
    expect(read(path.join(dir, 'pop', 'seed-2', 'record.json')).seed).toBe(2);
    const bad = await runCli(['train', '--arm', arm, '--seeds', '3-1', '--out', path.join(dir, 'x')]);
    expect(bad.exitCode).toBe(2);
    expect(bad.stderr).toContain('--seeds 3-1: the range 3-1 runs backwards; write 1-3');
  });

  it('a different seed gives a different run', async () => {
    const dir = tmp();
    const arm = path.join(dir, 'tiny.yaml');
    writeFileSync(arm, TINY.replace('maxSteps: 30', 'maxSteps: 10'));
    await runCli(['train', '--arm', arm, '--seed', '1', '--out', path.join(dir, 'a'), '--quiet']);
    await runCli(['train', '--arm', arm, '--seed', '2', '--out', path.join(dir, 'b'), '--quiet']);
    const w = (d: string) => readFileSync(path.join(dir, d, 'checkpoint', 'weights.bin'));
    expect(w('a').equals(w('b'))).toBe(false);
  });

  it('a rerun into the same --out replaces the earlier run: no probe file of the old model stays beside the new record', async () => {
    const dir = tmp();
    const arm = path.join(dir, 'tiny.yaml');
    writeFileSync(arm, TINY.replace('maxSteps: 30', 'maxSteps: 10'));
    const out = path.join(dir, 'run');
    const first = await runCli(['train', '--arm', arm, '--seed', '1', '--out', out, '--quiet', '--probe', '--backend', 'wasm']);
    expect(first.exitCode, first.stderr).toBe(0);
    expect(existsSync(path.join(out, 'probe.json')) && existsSync(path.join(out, 'staircase.svg'))).toBe(true);
    writeFileSync(path.join(out, 'notes.txt'), 'mine');
    const second = await runCli(['train', '--arm', arm, '--seed', '2', '--out', out, '--quiet', '--backend', 'wasm']);
    expect(second.exitCode, second.stderr).toBe(0);
    expect(second.stderr).toContain(`note: ${out} held an earlier run; removed its record.json, checkpoint, probe.json, staircase.svg`);
    expect(existsSync(path.join(out, 'probe.json')) || existsSync(path.join(out, 'staircase.svg'))).toBe(false);
    expect((JSON.parse(readFileSync(path.join(out, 'record.json'), 'utf8')) as RunRecord).seed).toBe(2);
    expect(readFileSync(path.join(out, 'notes.txt'), 'utf8')).toBe('mine');
  });

  // Listed in specs/QUARANTINE.md: on a machine where Dawn offers a GPU adapter, auto runs webgpu.
  it.runIf(!hasWebgpuGpuAdapter())('without a GPU adapter, auto prints no Dawn warning and no webgpu note; --verbose prints the note', async () => {
    const dir = tmp();
    const arm = path.join(dir, 'tiny.yaml');
    writeFileSync(arm, TINY.replace('maxSteps: 30', 'maxSteps: 5'));
    const quiet = await runCli(['train', '--arm', arm, '--out', path.join(dir, 'a'), '--quiet']);
    expect(quiet.exitCode, quiet.stderr).toBe(0);
    expect(quiet.stderr).not.toMatch(/webgpu|Warning:|maxDynamic|Vulkan|^ {4}at /m);
    const verbose = await runCli(['train', '--arm', arm, '--out', path.join(dir, 'b'), '--quiet', '--verbose']);
    expect(verbose.exitCode, verbose.stderr).toBe(0);
    expect(verbose.stderr).toMatch(/^note: webgpu backend not used: /m);
    expect(verbose.stderr).not.toMatch(/Warning:|maxDynamic|^ {4}at /m);
  });

  it('names the file, the field, the allowed values and a suggestion for a bad arm', async () => {
    const dir = tmp();
    const arm = path.join(dir, 'bad.yaml');
    writeFileSync(arm, 'layrs: 3\nloss: answer_only\n');
    const r = await runCli(['train', '--arm', arm, '--out', path.join(dir, 'o')]);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain(arm);
    expect(r.stderr).toMatch(/unknown field `layrs` \(did you mean `layers`\?\)/);
    expect(r.stderr).toMatch(/`loss` must be one of "answer-only", "full-sequence", "curriculum"/);
    expect(existsSync(path.join(dir, 'o'))).toBe(false);
  });

  it('rejects a bad --set and an unknown flag with suggestions', async () => {
    const r = await runCli(['train', '--arm', 'specs/arms/smoke-answer-only.yaml', '--out', tmp(), '--set', 'lrr=0.1']);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(/unknown field `lrr` \(did you mean `lr`\?\)/);
    const r2 = await runCli(['train', '--arm', 'x.yaml', '--out', tmp(), '--seeed', '1']);
    expect(r2.stderr).toMatch(/did you mean --seed\?/);
  });

  it('the record schema rejects a record with a missing or mistyped field', () => {
    expect(() => validate('record', { kind: 'staircase.run', version: 1 }, 'broken.json')).toThrow(ValidationError);
    expect(() => validate('record', { kind: 'staircase.run', version: 1 }, 'broken.json')).toThrow(/broken.json: .*\n.*missing required field `arm`/);
  });
});

describe('staircase (top level)', () => {
  it('suggests the closest command', async () => {
    const r = await runCli(['trian']);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(/unknown command 'trian' \(did you mean 'train'\?\)/);
  });

  it('prints help that lists every command', async () => {
    const r = await runCli(['--help']);
    expect(r.exitCode).toBe(0);
    for (const c of ['train', 'probe', 'bench']) expect(r.stdout).toMatch(new RegExp(`^  ${c} `, 'm'));
  });
});
