import * as tf from '@tensorflow/tfjs-core';
import type { Rng } from '../util/prng.ts';

export interface ModelShape {
  readonly model: 'standard' | 'universal';
  readonly layers: number;
  readonly dModel: number;
  readonly heads: number;
  readonly mlpRatio: number;
  readonly vocabSize: number;
  /** Number of input positions (2K+3). */
  readonly seqLen: number;
  /** Std of the normal init of weight matrices (residual outputs scaled by 1/sqrt(2 layers)). */
  readonly initStd: number;
}

export interface ParamSpec {
  readonly name: string;
  readonly shape: readonly number[];
  readonly init: 'normal' | 'residual' | 'zeros' | 'ones';
}

/** Name prefix of block l's parameters: one set per block, or one shared set (universal). */
export const blockPrefix = (shape: ModelShape, l: number): string => (shape.model === 'universal' ? 'blocks.shared' : `blocks.${l}`);

/** Every parameter in a fixed order (the checkpoint order and the init order). */
export function paramSpecs(shape: ModelShape): ParamSpec[] {
  const d = shape.dModel;
  const h = shape.mlpRatio * d;
  const specs: ParamSpec[] = [
    { name: 'embed.W_E', shape: [shape.vocabSize, d], init: 'normal' },
    { name: 'pos_embed.W_pos', shape: [1, shape.seqLen * d], init: 'normal' },
  ];
  const blocks = shape.model === 'universal' ? 1 : shape.layers;
  for (let l = 0; l < blocks; l++) {
    const p = blockPrefix(shape, l);
    specs.push(
      { name: `${p}.ln1.w`, shape: [d], init: 'ones' },
      { name: `${p}.ln1.b`, shape: [d], init: 'zeros' },
      { name: `${p}.attn.W_QKV`, shape: [d, 3 * d], init: 'normal' },
      { name: `${p}.attn.b_QKV`, shape: [3 * d], init: 'zeros' },
      { name: `${p}.attn.W_O`, shape: [d, d], init: 'residual' },
      { name: `${p}.attn.b_O`, shape: [d], init: 'zeros' },
      { name: `${p}.ln2.w`, shape: [d], init: 'ones' },
      { name: `${p}.ln2.b`, shape: [d], init: 'zeros' },
      { name: `${p}.mlp.W_in`, shape: [d, h], init: 'normal' },
      { name: `${p}.mlp.b_in`, shape: [h], init: 'zeros' },
      { name: `${p}.mlp.W_out`, shape: [h, d], init: 'residual' },
      { name: `${p}.mlp.b_out`, shape: [d], init: 'zeros' },
    );
  }
  specs.push(
    { name: 'ln_final.w', shape: [d], init: 'ones' },
    { name: 'ln_final.b', shape: [d], init: 'zeros' },
    { name: 'unembed.W_U', shape: [d, shape.vocabSize], init: 'normal' },
  );
  return specs;
}

export type Params = Map<string, tf.Variable>;

let variableCounter = 0;

const size = (shape: readonly number[]): number => shape.reduce((a, b) => a * b, 1);

/** Initial values drawn from the `init` stream, in paramSpecs order. */
export function initialValues(shape: ModelShape, rng: Rng): Map<string, Float32Array> {
  const out = new Map<string, Float32Array>();
  const residualStd = shape.initStd / Math.sqrt(2 * shape.layers);
  for (const spec of paramSpecs(shape)) {
    const data = new Float32Array(size(spec.shape));
    if (spec.init === 'ones') data.fill(1);
    else if (spec.init === 'normal' || spec.init === 'residual') {
      const std = spec.init === 'normal' ? shape.initStd : residualStd;
      for (let i = 0; i < data.length; i++) data[i] = rng.normal() * std;
    }
    out.set(spec.name, data);
  }
  return out;
}

/** Trainable variables from values (created inside tidy so the initial tensors do not leak). */
export function makeParams(shape: ModelShape, values: Map<string, Float32Array>): Params {
  const params: Params = new Map();
  for (const spec of paramSpecs(shape)) {
    const data = values.get(spec.name);
    if (!data) throw new Error(`parameter ${spec.name} is missing`);
    if (data.length !== size(spec.shape)) throw new Error(`parameter ${spec.name} has ${data.length} values, expected ${size(spec.shape)} for shape [${spec.shape}]`);
    params.set(spec.name, tf.tidy(() => tf.variable(tf.tensor(data, [...spec.shape]), true, `${spec.name}#${++variableCounter}`)));
  }
  return params;
}

export function disposeParams(params: Params): void {
  for (const v of params.values()) v.dispose();
}

export function countParams(params: Params): number {
  let n = 0;
  for (const v of params.values()) n += v.size;
  return n;
}
