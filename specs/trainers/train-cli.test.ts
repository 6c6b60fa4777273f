import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ProbeResult } from '../../harness/probe/result.ts';
import { PACKAGE_ROOT } from '../../harness/util/provenance.ts';
import { runCli } from '../helpers/cli.ts';

const SOURCE = path.join(PACKAGE_ROOT, 'fixtures', 'sequential-k3');
const MINI = path.join(import.meta.dirname, 'fixtures', 'mini-trainer.mjs');

/** An arm file holding the fixture's resolved arm (JSON is YAML), so the request matches the run it replays. */
function setup(): { dir: string; arm: string } {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'staircase-trainer-cli-'));
  const arm = path.join(dir, 'arm.yaml');
  writeFileSync(arm, JSON.stringify((JSON.parse(readFileSync(path.join(SOURCE, 'record.json'), 'utf8')) as { arm: object }).arm));
  return { dir, arm };
}

describe('staircase train --trainer', () => {
  it("writes the trainer's record, its weights as DIR/checkpoint, and probes them with staircase's probe", async () => {
    const { dir, arm } = setup();
    const out = path.join(dir, 'run');
    const r = await runCli(['train', '--arm', arm, '--seed', '1', '--out', out, '--backend', 'wasm', '--probe', '--trainer', `node ${MINI} --from ${SOURCE}`]);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout).toContain('fixture-sequential seed 1: converged after 2000 steps');
    expect(r.stdout).toContain('trained by mini-trainer 0.0.1');
    expect(readFileSync(path.join(out, 'checkpoint', 'weights.bin'))).toEqual(readFileSync(path.join(SOURCE, 'checkpoint', 'weights.bin')));
    const probe = JSON.parse(readFileSync(path.join(out, 'probe.json'), 'utf8')) as ProbeResult;
    const golden = JSON.parse(readFileSync(path.join(SOURCE, 'probe.json'), 'utf8')) as ProbeResult;
    expect(probe.verdict).toBe(golden.verdict);
    expect(probe.criticalLayers).toEqual(golden.criticalLayers);
  });

  it('bad trainer output is one line naming the trainer, the seed and the file, exit 2', async () => {
    const { dir, arm } = setup();
    const out = path.join(dir, 'bad');
    const r = await runCli(['train', '--arm', arm, '--seed', '1', '--out', out, '--backend', 'wasm', '--trainer', `node ${MINI} --from ${SOURCE} --fault malformed`]);
    expect(r.exitCode).toBe(2);
    const lines = r.stderr.split('\n').filter((l) => l.startsWith('staircase train:'));
    expect(lines).toEqual([`staircase train: trainer 'mini-trainer.mjs' seed 1: ${out}/record.json: \`final.answerAccuracy\` must be number, got "high"`]);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('--trainer with --seeds is a usage error', async () => {
    const { dir, arm } = setup();
    const r = await runCli(['train', '--arm', arm, '--seeds', '1-2', '--out', path.join(dir, 'x'), '--trainer', 'node x.mjs']);
    expect(r.exitCode).toBe(2);
    expect(r.stderr.trim()).toBe('staircase train: --trainer trains one seed a run; give --seed N, not --seeds');
  });
});
