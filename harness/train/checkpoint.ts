import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { ArmConfig } from './defaults.ts';
import { resolveArm } from './config.ts';
import { modelShapeFor } from '../model/build.ts';
import { makeParams, paramSpecs } from '../model/params.ts';
import { Transformer } from '../model/transformer.ts';
import { writeFileAtomic, writeJsonAtomic } from '../util/atomic.ts';
import { validate } from '../util/schema.ts';

export interface CheckpointManifest {
  format: 'staircase.checkpoint';
  version: 1;
  /** The resolved arm: a checkpoint carries its whole configuration. */
  arm: ArmConfig;
  seed: number;
  step: number;
  /** Float32 little-endian tensors in weights.bin, in this order. */
  tensors: { name: string; shape: number[]; offset: number; length: number }[];
}

/** DIR/config.json + DIR/weights.bin, each written atomically (weights first). */
export async function saveCheckpoint(dir: string, arm: ArmConfig, seed: number, step: number, model: Transformer): Promise<void> {
  const tensors: CheckpointManifest['tensors'] = [];
  const chunks: Float32Array[] = [];
  let offset = 0;
  for (const spec of paramSpecs(model.shape)) {
    const data = (await model.params.get(spec.name)!.data()) as Float32Array;
    tensors.push({ name: spec.name, shape: [...spec.shape], offset, length: data.length });
    chunks.push(data);
    offset += data.length;
  }
  const all = new Float32Array(offset);
  chunks.forEach((c, i) => all.set(c, tensors[i]!.offset));
  const bytes = new Uint8Array(all.buffer);
  if (new Uint8Array(new Uint16Array([1]).buffer)[0] !== 1) throw new Error('big-endian hosts are not supported for checkpoints');
  writeFileAtomic(path.join(dir, 'weights.bin'), bytes);
  const manifest: CheckpointManifest = { format: 'staircase.checkpoint', version: 1, arm, seed, step, tensors };
  writeJsonAtomic(path.join(dir, 'config.json'), manifest);
}

export interface LoadedCheckpoint {
  manifest: CheckpointManifest;
  model: Transformer;
}

export function loadCheckpoint(dir: string): LoadedCheckpoint {
  const configFile = path.join(dir, 'config.json');
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(configFile, 'utf8'));
  } catch (error) {
    throw new Error(`${configFile}: cannot read the checkpoint (${(error as Error).message}); a checkpoint folder holds config.json and weights.bin written by \`staircase train\``);
  }
  const manifest = validate<CheckpointManifest>('checkpoint', raw, configFile);
  const arm = resolveArm([{ source: configFile, values: manifest.arm }]);
  const buffer = readFileSync(path.join(dir, 'weights.bin'));
  const floats = new Float32Array(buffer.buffer.slice(buffer.byteOffset, buffer.byteOffset + buffer.byteLength));
  const values = new Map<string, Float32Array>();
  for (const t of manifest.tensors) {
    if (t.offset + t.length > floats.length) throw new Error(`${dir}/weights.bin is truncated: ${t.name} needs values up to ${t.offset + t.length}, the file has ${floats.length}`);
    values.set(t.name, floats.subarray(t.offset, t.offset + t.length));
  }
  const shape = modelShapeFor(arm);
  return { manifest: { ...manifest, arm }, model: new Transformer(shape, makeParams(shape, values)) };
}
