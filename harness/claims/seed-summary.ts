/**
 * One trained and probed seed, reduced to what claims are judged on. The sweep
 * writes one per (arm, tier, seed) job; claim evaluation reads only these.
 */
import type { RunRecord } from '../train/record.ts';
import type { ProbeResult } from '../probe/result.ts';
import type { Verdict } from '../probe/verdict.ts';
import type { Outcome } from '../train/loop.ts';

/** Outcomes a `rate` expectation can count: the probe verdict, or the training outcome. */
export const SEED_OUTCOMES = ['sequential', 'partial', 'memorised', 'failed', 'converged', 'budget', 'diverged', 'staircase'] as const;
export type SeedOutcome = (typeof SEED_OUTCOMES)[number];

/** Per-seed numbers a `metric` expectation can compare. */
export const SEED_METRICS = ['stepsToTarget', 'finalAccuracy', 'steps', 'wallMs', 'sequentialSteps', 'switchedAtStep'] as const;
export type SeedMetric = (typeof SEED_METRICS)[number];

export interface AblationSummary {
  i: number;
  layer: number;
  layerSource: 'critical' | 'weak' | 'causal';
  afterCritical: { zero: number; mean: number };
  fromCritical: { zero: number; mean: number };
}

export interface SeedSummary {
  /** Arm name as the claim file spells it. */
  arm: string;
  tier: string;
  seed: number;
  /** Cache key of the job (hash of the resolved arm, seed, backend and training code). */
  key: string;
  outcome: Outcome;
  verdict: Verdict;
  staircase: boolean;
  sequentialSteps: number;
  criticalLayers: (number | null)[];
  baselineAccuracy: number;
  ablation: AblationSummary[];
  metrics: Record<SeedMetric, number | null>;
  backend: { name: string; device: string };
}

/** Does this seed have `outcome`? Verdicts, training outcomes and `staircase` share one namespace. */
export function hasOutcome(s: SeedSummary, outcome: SeedOutcome): boolean {
  if (outcome === 'staircase') return s.staircase;
  if (outcome === 'converged' || outcome === 'budget' || outcome === 'diverged') return s.outcome === outcome;
  return s.verdict === outcome;
}

export function summariseSeed(arm: string, tier: string, key: string, record: RunRecord, probe: ProbeResult): SeedSummary {
  return {
    arm,
    tier,
    seed: record.seed,
    key,
    outcome: record.outcome,
    verdict: probe.verdict,
    staircase: probe.staircase,
    sequentialSteps: probe.sequentialSteps,
    criticalLayers: probe.criticalLayers,
    baselineAccuracy: probe.ablation.baselineAccuracy,
    ablation: probe.ablation.perIntermediate.map((a) => ({ i: a.i, layer: a.layer, layerSource: a.layerSource, afterCritical: a.afterCritical, fromCritical: a.fromCritical })),
    metrics: {
      stepsToTarget: record.stepsToTarget,
      finalAccuracy: record.final.answerAccuracy,
      steps: record.steps,
      wallMs: record.wallMs,
      sequentialSteps: probe.sequentialSteps,
      switchedAtStep: record.curriculum.switchedAtStep,
    },
    backend: { name: record.backend.name, device: record.backend.device },
  };
}
