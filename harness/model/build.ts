import type { ArmConfig } from '../train/defaults.ts';
import { groupFor } from '../task/index.ts';
import { inputLength, vocabFor } from '../task/tokens.ts';
import { stream } from '../util/prng.ts';
import { initialValues, makeParams, type ModelShape } from './params.ts';
import { Transformer } from './transformer.ts';

export function modelShapeFor(arm: ArmConfig): ModelShape {
  return {
    model: arm.model,
    layers: arm.layers,
    dModel: arm.dModel,
    heads: arm.heads,
    mlpRatio: arm.mlpRatio,
    vocabSize: vocabFor(groupFor(arm.task)).size,
    seqLen: inputLength(arm.K),
    initStd: arm.initStd,
  };
}

/** A freshly initialised model; weights come from the run seed's `init` stream. */
export function initModel(arm: ArmConfig, seed: number): Transformer {
  const shape = modelShapeFor(arm);
  return new Transformer(shape, makeParams(shape, initialValues(shape, stream(seed, 'init'))));
}
