import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../harness/backend/select.ts';
import { disposeParams } from '../../harness/model/params.ts';
import type { Transformer } from '../../harness/model/transformer.ts';
import { probeCheckpoint } from '../../harness/probe/run.ts';
import { buildRequest, runExternalTrainer, TrainerError, trainerLabel, type ExternalRunOptions } from '../../harness/trainers/external.ts';
import { loadCheckpoint } from '../../harness/train/checkpoint.ts';
import { streamSeed } from '../../harness/util/prng.ts';
import { PACKAGE_ROOT } from '../../harness/util/provenance.ts';
import { validate } from '../../harness/util/schema.ts';

// The trainer replays fixtures/sequential-k3, a run made by `staircase train` (npm run fixtures).
const SOURCE = path.join(PACKAGE_ROOT, 'fixtures', 'sequential-k3');
const MINI = path.join(import.meta.dirname, 'fixtures', 'mini-trainer.mjs');
const source = loadCheckpoint(path.join(SOURCE, 'checkpoint'));
const arm = source.manifest.arm;
const SEED = source.manifest.seed;

let root: string;
beforeAll(async () => {
  await initBackend('wasm');
  root = mkdtempSync(path.join(tmpdir(), 'staircase-trainer-'));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

let runs = 0;
function run(fault: string | null, extra: Partial<ExternalRunOptions> = {}) {
  const outDir = path.join(root, `run-${++runs}`);
  const command = ['node', MINI, '--from', SOURCE, ...(fault ? ['--fault', fault] : [])];
  return { outDir, result: runExternalTrainer({ command, arm, seed: SEED, outDir, ...extra }) };
}

async function failure(fault: string | null, extra: Partial<ExternalRunOptions> = {}): Promise<{ message: string; outDir: string }> {
  const { outDir, result } = run(fault, extra);
  const error = await result.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(TrainerError);
  const message = (error as TrainerError).message;
  expect(message).not.toContain('\n');
  return { message, outDir };
}

const dispose = (m: Transformer | null): void => {
  if (m) {
    m.dispose();
    disposeParams(m.params);
  }
};

describe('the trainer request', () => {
  it('holds the resolved arm, the seed, every stream seed as staircase derives it, and the expected tensors', () => {
    const request = validate<ReturnType<typeof buildRequest>>('trainer-request', buildRequest(arm, 3, 'out'), 'request.json');
    expect(request.protocol).toBe(1);
    expect(request.arm).toEqual(arm);
    expect(request.streams).toEqual({ init: streamSeed(3, 'init'), data: streamSeed(3, 'data'), eval: streamSeed(3, 'eval'), 'eval-train': streamSeed(3, 'eval-train') });
    expect(request.record).toBe(path.resolve('out', 'record.json'));
    expect(request.weights.tensors.map((t) => t.name)).toEqual(source.manifest.tensors.map((t) => t.name));
    expect(request.weights.tensors.map((t) => t.shape)).toEqual(source.manifest.tensors.map((t) => t.shape));
  });

  it('names a trainer by its script, not its interpreter', () => {
    expect(trainerLabel(['node', 'x/mini-trainer.mjs', '--from', 'y'])).toBe('mini-trainer.mjs');
    expect(trainerLabel(['python3', '-u', 'trainers/torch/train.py'])).toBe('train.py');
    expect(trainerLabel(['./bin/my-trainer', 'fast'])).toBe('my-trainer');
  });
});

describe('an external trainer (specs/trainers/fixtures/mini-trainer.mjs)', () => {
  it('a good trainer: its record is read back and its weights load into staircase model, which probes like the original', async () => {
    const { outDir, result } = run(null);
    const { record, model } = await result;
    expect(record.trainer).toEqual({ name: 'mini-trainer', version: '0.0.1', protocol: 1, details: { replays: 'sequential-k3' } });
    const original = JSON.parse(readFileSync(path.join(SOURCE, 'record.json'), 'utf8')) as object;
    expect({ ...record, trainer: undefined }).toEqual({ ...original, trainer: undefined });
    expect(model).not.toBeNull();
    for (const [name, v] of source.model.params) expect(await model!.params.get(name)!.data()).toEqual(await v.data());
    const settings = { nProblems: 64, chunk: 64 };
    const run1 = { outcome: record.outcome, finalAccuracy: record.final.answerAccuracy };
    const theirs = await probeCheckpoint(model!, { arm, seed: SEED, step: record.steps }, { settings, run: run1 });
    const ours = await probeCheckpoint(source.model, source.manifest, { settings, run: run1 });
    expect(theirs.verdict).toBe(ours.verdict);
    expect(theirs.verdict).toBe('sequential');
    expect(theirs.criticalLayers).toEqual(ours.criticalLayers);
    expect(readFileSync(path.join(outDir, 'trainer.log'), 'utf8')).toBe('');
    dispose(model);
  });

  it('a trainer that writes no weights reports outcomes only (model null), unless weights are required', async () => {
    const { result } = run('no-weights');
    const { record, model } = await result;
    expect(record.outcome).toBe('converged');
    expect(model).toBeNull();
    const { message, outDir } = await failure('no-weights', { requireWeights: true });
    expect(message).toBe(`trainer 'mini-trainer.mjs' seed 1: ${outDir}/weights.safetensors: the trainer wrote no weights, and this run needs them (to probe); write every tensor of the request's \`weights.tensors\` there`);
  });

  it('a malformed record: the field, the file and the seed', async () => {
    const { message, outDir } = await failure('malformed');
    expect(message).toBe(`trainer 'mini-trainer.mjs' seed 1: ${outDir}/record.json: \`final.answerAccuracy\` must be number, got "high"`);
  });

  it('a record without `trainer`', async () => {
    const { message, outDir } = await failure('no-trainer');
    expect(message).toBe(`trainer 'mini-trainer.mjs' seed 1: ${outDir}/record.json: missing required field \`trainer\``);
  });

  it('a record whose arm is not the request arm', async () => {
    const { message, outDir } = await failure('arm');
    expect(message).toBe(`trainer 'mini-trainer.mjs' seed 1: ${outDir}/record.json: \`arm.lr\` is ${arm.lr * 10}, the request's is ${arm.lr}; the record's arm must be the request's resolved arm, unchanged`);
  });

  it('a trainer that crashes: its exit code and last stderr line', async () => {
    const { message, outDir } = await failure('crash');
    expect(message).toBe(`trainer 'mini-trainer.mjs' seed 1: crashed (exit 1): RuntimeError: CUDA out of memory (pretend) (output: ${outDir}/trainer.log)`);
    expect(readFileSync(path.join(outDir, 'trainer.log'), 'utf8')).toContain('step 0: loss 1.79');
  });

  it('a trainer asked for a seed it refuses names that seed', async () => {
    const outDir = path.join(root, 'seed-2');
    const error = await runExternalTrainer({ command: ['node', MINI, '--from', SOURCE], arm, seed: 2, outDir }).catch((e: unknown) => e);
    expect((error as Error).message).toBe(`trainer 'mini-trainer.mjs' seed 2: crashed (exit 1): mini-trainer replays seed 1 only, asked for 2 (output: ${outDir}/trainer.log)`);
  });

  it('a trainer that exits 0 without a record', async () => {
    const { message, outDir } = await failure('silent');
    expect(message).toBe(`trainer 'mini-trainer.mjs' seed 1: ${outDir}/record.json: the trainer exited 0 but wrote no record; write the run record (schemas/trainer-record.schema.json) there`);
  });

  it('a command that does not exist', async () => {
    const outDir = path.join(root, 'missing');
    const error = await runExternalTrainer({ command: ['./no-such-trainer'], arm, seed: 1, outDir }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TrainerError);
    expect((error as Error).message).toBe("trainer 'no-such-trainer' seed 1: could not start (spawn ./no-such-trainer ENOENT); check the command, and that the program is installed and executable");
  });

  it('wrong weight shapes: the tensor, its shape and the expected one', async () => {
    const { message, outDir } = await failure('shape');
    const [d] = [arm.dModel];
    expect(message).toBe(`trainer 'mini-trainer.mjs' seed 1: ${outDir}/weights.safetensors: tensor \`blocks.shared.attn.W_QKV\` has shape [${3 * d}, ${d}], expected [${d}, ${3 * d}] (transposed? staircase stores a Linear weight as [in, out])`);
  });

  it('a missing tensor, and an unknown one', async () => {
    const missing = await failure('missing');
    expect(missing.message).toBe(`trainer 'mini-trainer.mjs' seed 1: ${missing.outDir}/weights.safetensors: missing tensor \`ln_final.b\` [${arm.dModel}]`);
    const extra = await failure('extra');
    expect(extra.message).toBe(`trainer 'mini-trainer.mjs' seed 1: ${extra.outDir}/weights.safetensors: unknown tensor \`ln_f.bias\`; the request's \`weights.tensors\` lists the names`);
  });

  it('a trainer that hangs is killed at the timeout', async () => {
    const started = performance.now();
    const { message, outDir } = await failure('hang', { timeoutMs: 1000 });
    expect(message).toBe(`trainer 'mini-trainer.mjs' seed 1: timed out after 1 s and was killed (output: ${outDir}/trainer.log)`);
    expect(performance.now() - started).toBeLessThan(10_000);
  });

  it('a timeout kills the workers the trainer started too (its process group)', async () => {
    const { message, outDir } = await failure('hang-with-worker', { timeoutMs: 1500 });
    expect(message).toContain('timed out after 1.5 s and was killed');
    const pid = Number(readFileSync(path.join(outDir, 'worker.pid'), 'utf8'));
    const alive = () => {
      try {
        process.kill(pid, 0);
        return true;
      } catch {
        return false;
      }
    };
    const deadline = Date.now() + 5000;
    while (alive() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(alive(), `worker ${pid} still running`).toBe(false);
  });
});
