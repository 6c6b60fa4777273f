/**
 * Synthetic seed summaries and claim files for the claims-engine specs. Claim
 * evaluation is a pure function of seed summaries, so these stand in for
 * trained and probed seeds.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import YAML from 'yaml';
import type { AblationSummary, SeedMetric, SeedSummary } from '../../harness/claims/seed-summary.ts';
import type { Verdict } from '../../harness/probe/verdict.ts';

/** Ablation entries for t_1..t_{K-1} with the given zero-ablation accuracies (mean = zero + 0.01, capped at 1). */
export function ablations(after: readonly number[], from: readonly number[]): AblationSummary[] {
  return after.map((a, j) => ({
    i: j + 1,
    layer: j + 1,
    layerSource: 'critical' as const,
    afterCritical: { zero: a, mean: Math.min(1, a + 0.01) },
    fromOnset: { zero: from[j] ?? 1, mean: Math.min(1, (from[j] ?? 1) + 0.01) },
  }));
}

/** One seed summary; anything not given takes a plausible default for the verdict. */
export function makeSeed(fields: Partial<Omit<SeedSummary, 'metrics'>> & { arm: string; seed: number; metrics?: Partial<Record<SeedMetric, number | null>> }): SeedSummary {
  const verdict: Verdict = fields.verdict ?? 'memorised';
  const metrics: Record<SeedMetric, number | null> = {
    stepsToTarget: 1000 + fields.seed,
    finalAccuracy: verdict === 'failed' ? 0.3 : 1,
    finalLoss: verdict === 'failed' ? 1.2 : 0.01,
    steps: 1000 + fields.seed,
    wallMs: 60_000,
    sequentialSteps: verdict === 'sequential' ? 2 : 0,
    switchedAtStep: null,
    ...fields.metrics,
  };
  return {
    tier: 'smoke',
    key: `key-${fields.arm}-${fields.seed}`,
    outcome: verdict === 'failed' ? 'budget' : 'converged',
    verdict,
    switchVerdict: null,
    staircase: verdict === 'sequential',
    sequentialSteps: metrics.sequentialSteps ?? 0,
    criticalLayers: [1, 2],
    baselineAccuracy: 1,
    ablation: ablations([0.99], verdict === 'sequential' ? [0.2] : [0.98]),
    backend: { name: 'wasm', device: 'cpu' },
    ...fields,
    metrics,
  };
}

/** Seeds 1..n of `arm` with these verdicts (in order). */
export function armSeeds(arm: string, verdicts: readonly Verdict[], extra: Partial<Omit<SeedSummary, 'metrics'>> = {}): SeedSummary[] {
  return verdicts.map((verdict, j) => makeSeed({ arm, seed: j + 1, verdict, ...extra }));
}

/** `count` copies of a verdict, e.g. times(6, 'sequential'). */
export const times = (count: number, verdict: Verdict): Verdict[] => Array.from({ length: count }, () => verdict);

/** A Map for evaluateExpectation / evaluateClaim. */
export const byArm = (...groups: SeedSummary[][]): Map<string, SeedSummary[]> => {
  const map = new Map<string, SeedSummary[]>();
  for (const g of groups) for (const s of g) map.set(s.arm, [...(map.get(s.arm) ?? []), s]);
  return map;
};

/** A valid claim, as the data of a YAML file; tests mutate copies of it. */
export function validClaimData(): Record<string, unknown> {
  return {
    id: 'test-claim',
    version: 1,
    statement: 'Universal transformers usually learn the sequential algorithm.',
    source: 'write-up',
    arms: { 'universal-answer-only': { model: 'universal', loss: 'answer-only' }, 'standard-full-sequence': { loss: 'full-sequence' } },
    tiers: {
      smoke: { seeds: 4, maxSeeds: 8, roundSize: 4, overrides: { K: 2, layers: 3, dModel: 64, heads: 4 } },
      full: { seeds: 32, maxSeeds: 64, roundSize: 8, overrides: { K: 6, layers: 8, dModel: 96, heads: 6 } },
    },
    expect: [
      { kind: 'rate', arm: 'universal-answer-only', outcome: 'sequential', atLeast: 0.5 },
      { kind: 'compare', higher: 'universal-answer-only', lower: 'standard-full-sequence', outcome: 'staircase' },
    ],
  };
}

/** A fresh temporary folder. */
export const tmpDir = (): string => mkdtempSync(path.join(os.tmpdir(), 'staircase-claims-'));

/** Write `data` as YAML to DIR/NAME and return the path. */
export function writeClaim(dir: string, name: string, data: unknown): string {
  const file = path.join(dir, name);
  writeFileSync(file, typeof data === 'string' ? data : YAML.stringify(data));
  return file;
}
