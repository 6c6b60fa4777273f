import { resolveArm } from '../../harness/train/config.ts';
import type { ArmConfig } from '../../harness/train/defaults.ts';

/** A tiny arm for fast tests (seconds on the wasm backend). */
export function tinyArm(overrides: Partial<ArmConfig> = {}): ArmConfig {
  return resolveArm([{ source: 'test', values: { K: 2, layers: 2, dModel: 16, heads: 2, batchSize: 16, evalPerK: 32, evalEvery: 5, maxSteps: 20, warmupSteps: 2, ...overrides } }]);
}
