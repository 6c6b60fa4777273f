/** A tiny real model for probe specs (d16, 2 layers, K = 2): untrained, seeded. */
import { initModel } from '../../harness/model/build.ts';
import type { Transformer } from '../../harness/model/transformer.ts';
import { ARM_DEFAULTS, type ArmConfig } from '../../harness/train/defaults.ts';

export function tinyArm(overrides: Partial<ArmConfig> = {}): ArmConfig {
  return { ...ARM_DEFAULTS, name: 'tiny', K: 2, layers: 2, dModel: 16, heads: 2, evalPerK: 16, ...overrides };
}

export function tinyModel(overrides: Partial<ArmConfig> = {}, seed = 7): { arm: ArmConfig; model: Transformer } {
  const arm = tinyArm(overrides);
  return { arm, model: initModel(arm, seed) };
}
