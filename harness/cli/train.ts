import { existsSync, rmSync } from 'node:fs';
import path from 'node:path';
import { initBackend } from '../backend/select.ts';
import { JOB_FILES } from '../sweep/cache.ts';
import { backendOption, populationOption } from './common-options.ts';
import { choice, defineCommand, flag, int, list, text, type Values } from './declare.ts';
import { makeProgress, populationLine } from './progress.ts';
import { UsageError } from './args.ts';
import type { ArmConfig } from '../train/defaults.ts';
import type { BackendInfo } from '../backend/select.ts';
import type { TrainResult } from '../train/loop.ts';
import type { RunRecord } from '../train/record.ts';
import type { Transformer } from '../model/transformer.ts';

const options = {
  arm: text('ARM.yaml', 'arm file (YAML): overrides of the defaults in harness/train/defaults.ts, e.g. specs/arms/smoke-answer-only.yaml', { required: 'see staircase train --help' }),
  seed: int('N', 'run seed; the init, data and eval streams derive from it', { default: 1, example: '3' }),
  seeds: text('LIST', 'train several seeds instead, e.g. 1-8 or 1,3,5, in populations (one model with a seed axis; each seed the same as trained alone): DIR/seed-<n>/ each'),
  population: populationOption(),
  out: text('DIR', 'output folder (created)', { required: 'see staircase train --help' }),
  backend: backendOption('', 'auto: webgpu on a GPU adapter, else tfjs-node(-gpu) if installed, else wasm; webgpu on lavapipe runs on the CPU, see docs/gpu.md'),
  device: choice('D', ['any', 'cpu', 'gpu'], 'any | cpu | gpu; gpu fails unless a GPU really runs', { default: 'any' }),
  set: list('key=value', 'override one arm field (repeatable), e.g. --set lr=0.003 --set maxSteps=500'),
  probe: flag('probe the trained model (logit lens + ablation) and write DIR/probe.json'),
  trainer: text('T', 'train with an external program instead (docs/trainers.md): `torch` (trainers/torch/, PyTorch; --device cpu|gpu picks its device) or a command, split at spaces, run with DIR/request.json\'s path appended; it writes DIR/record.json and DIR/weights.safetensors'),
  'trainer-timeout': int('S', 'kill an external trainer after S seconds', { default: 3600, min: 1, unit: 's' }),
  quiet: flag('no progress output'),
  verbose: flag('also print why auto passed over a backend (e.g. webgpu without a GPU adapter)'),
};

export const train = defineCommand({
  name: 'train',
  summary: 'train one seed of an arm; writes record.json and a checkpoint',
  about: `Train one seed of an arm and write DIR/record.json (schemas/record.schema.json)
and DIR/checkpoint/ (config.json with the resolved arm + weights.bin). A rerun into the same DIR
first removes the earlier run's record.json, checkpoint/, probe.json and staircase.svg.`,
  options,
  examples: [
    'npx staircase train --arm specs/arms/smoke-answer-only.yaml --seed 1 --out runs/s1',
    'npx staircase train --arm specs/arms/smoke-universal.yaml --seed 1 --out runs/u1 --probe --set maxSteps=500',
    'npx staircase train --arm specs/arms/smoke-universal.yaml --seeds 1-8 --out runs/u   # runs/u/seed-1 .. seed-8, one population',
  ],
  run: trainRun,
});

async function trainRun(values: Values<typeof options>): Promise<number> {
  const { loadArmFile, parseSetOverrides } = await import('../train/config.ts');
  const arm = loadArmFile(values.arm, parseSetOverrides(values.set));
  const seeds = values.seeds === undefined ? null : parseSeedList(values.seeds);
  if (seeds && values.trainer !== undefined) throw new UsageError('--trainer trains one seed a run; give --seed N, not --seeds');
  // With --trainer, --device is the trainer's (torch: cpu or cuda); staircase's backend only probes.
  const info = await initBackend(values.backend, values.trainer !== undefined ? 'any' : values.device);
  // Without a GPU adapter `auto` always passes webgpu over: say so only when asked (--verbose).
  for (const note of info.notes) if (values.verbose || !note.startsWith('webgpu backend not used')) console.error(`note: ${note}`);
  const size = `${arm.model} L${arm.layers} d${arm.dModel} K${arm.K} ${arm.loss} ${arm.weighting}`;
  const shape = `${size}, backend ${info.name} (${info.device})`;
  if (values.trainer !== undefined) return trainExternal(values, arm, `${size}, probed on ${info.name} (${info.device})`);
  if (seeds) return trainSeeds(values, arm, seeds, info, shape);
  const { train: trainArm } = await import('../train/loop.ts');
  const { seed, out: outDir } = values;
  removeStaleOutputs(outDir);
  const label = `${arm.name} seed ${seed}`;
  console.error(`${label}: ${shape}`);
  const startedAt = new Date();
  const progress = makeProgress(label, { quiet: values.quiet });
  const result = await trainArm(arm, seed, progress.update);
  progress.done();
  await writeRun(outDir, arm, seed, info, result, startedAt, values.probe);
  return 0;
}

/**
 * `--seeds LIST`: the seeds in populations of --population (harness/train/population.ts), each
 * written to DIR/seed-<n>/ as soon as it stops.
 */
async function trainSeeds(values: Values<typeof options>, arm: ArmConfig, seeds: number[], info: BackendInfo, shape: string): Promise<number> {
  const { trainPopulation } = await import('../train/population.ts');
  const { DEFAULT_POPULATION } = await import('../sweep/population-default.ts');
  const { wasmPopulationCap } = await import('../train/population-key.ts');
  const asked = values.population ?? DEFAULT_POPULATION[info.name as keyof typeof DEFAULT_POPULATION] ?? 1;
  const size = info.name === 'wasm' ? Math.min(asked, wasmPopulationCap(arm)) : asked;
  if (size < asked) console.error(`note: populations of ${size}, not ${asked}: wasm's 4 GiB heap holds the activations of about ${size} seeds of this size`);
  console.error(`${arm.name} seeds ${seeds.join(' ')}: ${shape}; populations of up to ${size}`);
  for (let start = 0; start < seeds.length; start += size) {
    const chunk = seeds.slice(start, start + size);
    for (const seed of chunk) removeStaleOutputs(seedDir(values.out, seed));
    const startedAt = new Date();
    const progress = makeProgress(`${arm.name}`, { quiet: values.quiet, line: populationLine });
    await trainPopulation(
      chunk.map((seed) => ({ arm, seed })),
      {
        onProgress: progress.update,
        onSeedDone: async (i, result) => {
          progress.done();
          await writeRun(seedDir(values.out, chunk[i]!), arm, chunk[i]!, info, result, startedAt, values.probe);
        },
      },
    );
    progress.done();
  }
  return 0;
}

const seedDir = (outDir: string, seed: number): string => path.join(outDir, `seed-${seed}`);

/** `1-8`, `1,3,5`, `1-4,9`: distinct non-negative seeds in the order given. */
export function parseSeedList(raw: string): number[] {
  const seeds: number[] = [];
  for (const part of raw.split(',')) {
    const m = /^\s*(\d+)\s*(?:-\s*(\d+)\s*)?$/.exec(part);
    if (!m) throw new UsageError(`--seeds ${raw}: '${part}' is not a seed or a range; write e.g. 1-8 or 1,3,5`);
    const [a, b] = [Number(m[1]), Number(m[2] ?? m[1])];
    if (b < a) throw new UsageError(`--seeds ${raw}: the range ${part} runs backwards; write ${b}-${a}`);
    for (let s = a; s <= b; s++) seeds.push(s);
  }
  if (new Set(seeds).size !== seeds.length) throw new UsageError(`--seeds ${raw}: a seed is listed twice`);
  return seeds;
}

/** record.json and checkpoint/ (and with --probe, probe.json and staircase.svg) of one trained seed, and its lines. */
async function writeRun(outDir: string, arm: ArmConfig, seed: number, info: BackendInfo, result: TrainResult, startedAt: Date, probe: boolean): Promise<void> {
  const { buildRecord, writeRecord } = await import('../train/record.ts');
  const { saveCheckpoint } = await import('../train/checkpoint.ts');
  const label = `${arm.name} seed ${seed}`;
  await saveCheckpoint(path.join(outDir, 'checkpoint'), arm, seed, result.steps, result.model);
  const record = buildRecord(arm, seed, info, result, startedAt);
  writeRecord(path.join(outDir, 'record.json'), record);
  console.log(
    `${label}: ${record.outcome} after ${record.steps} steps in ${(record.wallMs / 1000).toFixed(1)} s ` +
      `(${record.stepsPerSecond.toFixed(1)} steps/s${record.population ? ` in a population of ${record.population}` : ''})` +
      `${record.curriculum.switchedAtStep !== null ? `; switched to full-sequence at step ${record.curriculum.switchedAtStep}` : ''}`,
  );
  console.log(accuracyLine(record));
  const atSwitch = record.curriculum.atSwitch;
  if (atSwitch) console.log(`probe at the switch (step ${atSwitch.step}, ${(atSwitch.wallMs / 1000).toFixed(1)} s, not in the training time): ${atSwitch.verdict}, critical layers ${atSwitch.criticalLayers.map((c) => c ?? '-').join(' ')}`);
  console.log(`wrote ${path.join(outDir, 'record.json')} and ${path.join(outDir, 'checkpoint')}/`);
  if (probe) await probeRun(outDir, arm, seed, result.model, record);
}

/** Probe the model in memory (no second backend start, no reload of what was just saved); DIR/probe.json and staircase.svg. */
async function probeRun(outDir: string, arm: ArmConfig, seed: number, model: Transformer, record: RunRecord): Promise<void> {
  const { probeCheckpoint, writeProbeOutputs } = await import('../probe/run.ts');
  const { renderProbeTable } = await import('../probe/render-table.ts');
  const result = await probeCheckpoint(model, { arm, seed, step: record.steps }, {
    run: { outcome: record.outcome, finalAccuracy: record.final.answerAccuracy },
    checkpointDir: path.join(outDir, 'checkpoint'),
  });
  writeProbeOutputs(outDir, result);
  console.log(renderProbeTable(result));
}

/**
 * `--trainer CMD`: one seed trained by an external program (harness/trainers/external.ts,
 * docs/trainers.md). Its record is DIR/record.json; its weights, if it wrote any, become
 * DIR/checkpoint/ and, with --probe, are probed by staircase's own probe. Bad trainer output is
 * one line and exit 2.
 */
async function trainExternal(values: Values<typeof options>, arm: ArmConfig, shape: string): Promise<number> {
  const { runExternalTrainer, TrainerError } = await import('../trainers/external.ts');
  const { resolveTrainerForCli, trainerCommand } = await import('../trainers/choice.ts');
  const { saveCheckpoint } = await import('../train/checkpoint.ts');
  if (!(values.trainer ?? '').trim() || values.trainer === 'tfjs') throw new UsageError('--trainer needs torch or a command, e.g. --trainer "python3 train.py" (staircase\'s own trainer is the default: leave --trainer out)');
  const trainer = (await resolveTrainerForCli(values.trainer, (message) => new UsageError(message)))!;
  const command = trainerCommand(trainer, values.device);
  const { seed, out: outDir } = values;
  removeStaleOutputs(outDir);
  console.error(`${arm.name} seed ${seed}: ${shape}; trained by ${trainer.name} (${command.join(' ')})`);
  let run;
  try {
    run = await runExternalTrainer({ command, label: trainer.name, arm, seed, outDir, timeoutMs: values['trainer-timeout'] * 1000, requireWeights: values.probe });
  } catch (error) {
    if (!(error instanceof TrainerError)) throw error;
    console.error(`staircase train: ${error.message}`);
    return 2;
  }
  const { record, model } = run;
  console.log(`${arm.name} seed ${seed}: ${record.outcome} after ${record.steps} steps in ${(record.wallMs / 1000).toFixed(1)} s, trained by ${record.trainer.name} ${record.trainer.version}`);
  console.log(accuracyLine(record));
  if (!model) {
    console.log(`wrote ${path.join(outDir, 'record.json')} (the trainer wrote no weights: outcomes and metrics only)`);
    return 0;
  }
  try {
    await saveCheckpoint(path.join(outDir, 'checkpoint'), arm, seed, record.steps, model);
    console.log(`wrote ${path.join(outDir, 'record.json')} and ${path.join(outDir, 'checkpoint')}/`);
    if (values.probe) await probeRun(outDir, arm, seed, model, record);
  } finally {
    model.dispose();
    const { disposeParams } = await import('../model/params.ts');
    disposeParams(model.params);
  }
  return 0;
}

/** What `train` writes in its --out folder (with --probe, the last two). */
const RUN_OUTPUTS = [JOB_FILES.record, JOB_FILES.checkpoint, JOB_FILES.probe, JOB_FILES.svg];

/**
 * A rerun into the same --out (as `npm run fixtures` does) replaces the previous run: its outputs
 * go before training, so no probe.json or staircase.svg of an older model sits beside the new
 * record. Only these names are removed; anything else in the folder stays.
 */
function removeStaleOutputs(outDir: string): void {
  const stale = RUN_OUTPUTS.filter((f) => existsSync(path.join(outDir, f)));
  if (!stale.length) return;
  for (const f of stale) rmSync(path.join(outDir, f), { recursive: true, force: true });
  console.error(`note: ${outDir} held an earlier run; removed its ${stale.join(', ')}`);
}

/**
 * `held-out accuracy (k=3, n=256): 0.9800; training problems (k=3, n=256): 1.0000`: the accuracy
 * that stopped training (problems never trained on) beside the same length's training problems;
 * a lookup shows the second high and the first low.
 */
export function accuracyLine(record: RunRecord): string {
  const K = record.arm.K;
  const last = record.final.perK[K - 1]!;
  const train = `training problems (k=${K}, n=${record.heldOut.trainEvalCount}): ${record.final.trainAccuracy.toFixed(4)}`;
  if (!last.heldOut) return `nothing is held out at k=${K} (only lengths >= 2 are); ${train}`;
  return `held-out accuracy (k=${K}, n=${last.n}): ${record.final.answerAccuracy.toFixed(4)}; ${train}`;
}
