import { existsSync, rmSync } from 'node:fs';
import path from 'node:path';
import { BACKEND_NAMES, initBackend, type BackendRequest, type DeviceRequest } from '../backend/select.ts';
import { loadArmFile, parseSetOverrides } from '../train/config.ts';
import { train } from '../train/loop.ts';
import { buildRecord, writeRecord } from '../train/record.ts';
import { saveCheckpoint } from '../train/checkpoint.ts';
import { JOB_FILES } from '../sweep/cache.ts';
import { intOption, parse, UsageError } from './args.ts';
import { makeProgress } from './progress.ts';
import type { RunRecord } from '../train/record.ts';

export const TRAIN_HELP = `staircase train --arm ARM.yaml --seed N --out DIR [options]

Train one seed of an arm and write DIR/record.json (schemas/record.schema.json)
and DIR/checkpoint/ (config.json with the resolved arm + weights.bin).

Options:
  --arm FILE        arm file (YAML): overrides of the defaults in harness/train/defaults.ts,
                    e.g. specs/arms/smoke-answer-only.yaml
  --seed N          run seed (default 1); the init, data and eval streams derive from it
  --out DIR         output folder (created)
  --backend B       ${BACKEND_NAMES.join(' | ')} (default auto: webgpu on a GPU adapter, else tfjs-node(-gpu)
                    if installed, else wasm; webgpu on lavapipe runs on the CPU, see docs/gpu.md)
  --device D        any | cpu | gpu (default any); gpu fails unless a GPU really runs
  --set key=value   override one arm field (repeatable), e.g. --set lr=0.003 --set maxSteps=500
  --probe           probe the trained model (logit lens + ablation) and write DIR/probe.json
  --quiet           no progress output
  --verbose         also print why auto passed over a backend (e.g. webgpu without a GPU adapter)

Example:
  npx staircase train --arm specs/arms/smoke-answer-only.yaml --seed 1 --out runs/s1`;

export async function trainCommand(argv: string[]): Promise<number> {
  const { values } = parse(argv, {
    arm: { type: 'string' },
    seed: { type: 'string' },
    out: { type: 'string' },
    backend: { type: 'string' },
    device: { type: 'string' },
    set: { type: 'string', multiple: true },
    probe: { type: 'boolean' },
    quiet: { type: 'boolean' },
    verbose: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    console.log(TRAIN_HELP);
    return 0;
  }
  if (typeof values.arm !== 'string') throw new UsageError('train needs --arm FILE (see staircase train --help)');
  if (typeof values.out !== 'string') throw new UsageError('train needs --out DIR (see staircase train --help)');
  const backend = (values.backend ?? 'auto') as BackendRequest;
  if (!(BACKEND_NAMES as readonly string[]).includes(backend)) throw new UsageError(`--backend must be one of ${BACKEND_NAMES.join(', ')}, got '${backend}'`);
  const device = (values.device ?? 'any') as DeviceRequest;
  if (!['any', 'cpu', 'gpu'].includes(device)) throw new UsageError(`--device must be any, cpu or gpu, got '${device}'`);
  const seed = intOption(values, 'seed', 1);
  const arm = loadArmFile(values.arm, parseSetOverrides((values.set as string[] | undefined) ?? []));
  const outDir = values.out;

  const info = await initBackend(backend, device);
  removeStaleOutputs(outDir);
  // Without a GPU adapter `auto` always passes webgpu over: say so only when asked (--verbose).
  for (const note of info.notes) if (values.verbose || !note.startsWith('webgpu backend not used')) console.error(`note: ${note}`);
  const label = `${arm.name} seed ${seed}`;
  console.error(`${label}: ${arm.model} L${arm.layers} d${arm.dModel} K${arm.K} ${arm.loss} ${arm.weighting}, backend ${info.name} (${info.device})`);
  const startedAt = new Date();
  const progress = makeProgress(label, { quiet: Boolean(values.quiet) });
  const result = await train(arm, seed, progress.update);
  progress.done();
  await saveCheckpoint(path.join(outDir, 'checkpoint'), arm, seed, result.steps, result.model);
  const record = buildRecord(arm, seed, info, result, startedAt);
  writeRecord(path.join(outDir, 'record.json'), record);
  console.log(
    `${label}: ${record.outcome} after ${record.steps} steps in ${(record.wallMs / 1000).toFixed(1)} s ` +
      `(${record.stepsPerSecond.toFixed(1)} steps/s)` +
      `${record.curriculum.switchedAtStep !== null ? `; switched to full-sequence at step ${record.curriculum.switchedAtStep}` : ''}`,
  );
  console.log(accuracyLine(record));
  const atSwitch = record.curriculum.atSwitch;
  if (atSwitch) console.log(`probe at the switch (step ${atSwitch.step}, ${(atSwitch.wallMs / 1000).toFixed(1)} s, not in the training time): ${atSwitch.verdict}, critical layers ${atSwitch.criticalLayers.map((c) => c ?? '-').join(' ')}`);
  console.log(`wrote ${path.join(outDir, 'record.json')} and ${path.join(outDir, 'checkpoint')}/`);
  if (values.probe) {
    // Probe the model in memory: no second backend start, no reload of what was just saved.
    const { probeCheckpoint, writeProbeOutputs } = await import('../probe/run.ts');
    const { renderProbeTable } = await import('../probe/render-table.ts');
    const probe = await probeCheckpoint(result.model, { arm, seed, step: result.steps }, {
      run: { outcome: record.outcome, finalAccuracy: record.final.answerAccuracy },
      checkpointDir: path.join(outDir, 'checkpoint'),
    });
    writeProbeOutputs(outDir, probe);
    console.log(renderProbeTable(probe));
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
