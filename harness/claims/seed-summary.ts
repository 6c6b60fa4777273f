/**
 * One trained and probed seed, reduced to what claims are judged on. The sweep
 * writes one per (arm, tier, seed) job; claim evaluation reads only these.
 *
 * Outcomes come in two families (docs/claims.md, "Seeds that did not learn"):
 * - training outcomes (`converged`, `budget`, `diverged`, `failed`) say what training did and
 *   are counted over every seed;
 * - mechanism outcomes (`sequential`, `partial`, `memorised`, `staircase`,
 *   `sequential-at-switch`) say what a model learned and are counted over the seeds that
 *   learned (verdict other than `failed`) only: a seed that never reached its target says
 *   nothing about what models learn.
 */
import type { RunRecord } from '../train/record.ts';
import type { ProbeResult } from '../probe/result.ts';
import type { Verdict } from '../probe/verdict.ts';
import type { Outcome } from '../train/loop.ts';

/** Outcomes about what a model learned: counted among the seeds that learned only. */
export const MECHANISM_OUTCOMES = ['sequential', 'partial', 'memorised', 'staircase', 'sequential-at-switch'] as const;
export type MechanismOutcome = (typeof MECHANISM_OUTCOMES)[number];

/** Outcomes about training itself: counted among all seeds. */
export const TRAINING_OUTCOMES = ['failed', 'converged', 'budget', 'diverged'] as const;

/** Outcomes a `rate` expectation can count: the probe verdict, the training outcome, `staircase`, or the verdict at the curriculum's switch. */
export const SEED_OUTCOMES = ['sequential', 'partial', 'memorised', 'failed', 'converged', 'budget', 'diverged', 'staircase', 'sequential-at-switch'] as const;
export type SeedOutcome = (typeof SEED_OUTCOMES)[number];

/** Per-seed numbers a `metric` expectation can compare. */
export const SEED_METRICS = ['stepsToTarget', 'finalAccuracy', 'finalLoss', 'steps', 'wallMs', 'sequentialSteps', 'switchedAtStep'] as const;
export type SeedMetric = (typeof SEED_METRICS)[number];

/** Metrics about what a model learned: compared among the seeds that learned only. */
export const MECHANISM_METRICS: readonly SeedMetric[] = ['sequentialSteps'];

export const isMechanismOutcome = (o: SeedOutcome): o is MechanismOutcome => (MECHANISM_OUTCOMES as readonly string[]).includes(o);
export const isMechanismMetric = (m: SeedMetric): boolean => MECHANISM_METRICS.includes(m);

/** Did the seed learn within its budget (probe verdict other than `failed`)? An unprobed seed (no weights) is not known to have learned. */
export const learned = (s: SeedSummary): boolean => s.verdict !== null && s.verdict !== 'failed';

/** A verdict as reports print it: `not probed` for a seed whose trainer wrote no weights. */
export const verdictLabel = (v: Verdict | null): string => v ?? 'not probed';

/** Answer accuracy under zero and under mean ablation. */
export interface AblationAccuracy {
  zero: number;
  mean: number;
}

export interface AblationSummary {
  i: number;
  layer: number;
  layerSource: 'critical' | 'weak' | 'causal';
  /** t_i zeroed after its critical layer. */
  afterCritical: AblationAccuracy;
  /** t_i zeroed from its onset layer a_i on (the probe called it `fromCritical` before the rename). */
  fromOnset: AblationAccuracy;
}

/** An ablation entry as summaries written before the rename store it (fixtures/report, old results folders). */
export type LegacyAblationSummary = Omit<AblationSummary, 'fromOnset'> & { fromCritical: AblationAccuracy };

/** The `fromOnset` accuracies of an entry, also from a summary written before the rename (`fromCritical`). */
export function onsetAccuracy(a: AblationSummary | LegacyAblationSummary): AblationAccuracy {
  return 'fromOnset' in a ? a.fromOnset : a.fromCritical;
}

export interface SeedSummary {
  /** Arm name as the claim file spells it. */
  arm: string;
  tier: string;
  seed: number;
  /** Cache key of the job (hash of the resolved arm, seed, backend and training code). */
  key: string;
  outcome: Outcome;
  /** The probe verdict; null: not probed (an external trainer of another architecture wrote no weights). */
  verdict: Verdict | null;
  /** The probe verdict at the curriculum's switch to full-sequence loss; null without a switch (or a record from before the probe at the switch). */
  switchVerdict: Verdict | null;
  staircase: boolean;
  sequentialSteps: number;
  criticalLayers: (number | null)[];
  baselineAccuracy: number;
  ablation: AblationSummary[];
  metrics: Record<SeedMetric, number | null>;
  backend: { name: string; device: string };
  /** The external trainer that trained the seed (its record's trainer.name); absent: staircase's own. */
  trainer?: string;
}

/** Does this seed have `outcome`? Verdicts, training outcomes, `staircase` and `sequential-at-switch` share one namespace. */
export function hasOutcome(s: SeedSummary, outcome: SeedOutcome): boolean {
  if (outcome === 'staircase') return s.staircase;
  if (outcome === 'sequential-at-switch') return s.switchVerdict === 'sequential';
  if (outcome === 'converged' || outcome === 'budget' || outcome === 'diverged') return s.outcome === outcome;
  return s.verdict === outcome;
}

/**
 * The seeds an outcome's rate is counted among: every seed for a training outcome; for a
 * mechanism outcome the seeds that learned, and of those the ones with `given` when set.
 */
export function rateCounts(seeds: readonly SeedSummary[], outcome: SeedOutcome, given?: SeedOutcome): { x: number; n: number; learned: number; total: number } {
  const learnedSeeds = seeds.filter(learned);
  const mechanism = isMechanismOutcome(outcome) || given !== undefined;
  const judged = mechanism ? learnedSeeds.filter((s) => given === undefined || hasOutcome(s, given)) : seeds;
  return { x: judged.filter((s) => hasOutcome(s, outcome)).length, n: judged.length, learned: learnedSeeds.length, total: seeds.length };
}

type AblationPairs = { fromOnset?: AblationAccuracy; fromCritical?: AblationAccuracy };

/** The from-onset accuracies of a probe entry; probe results written before the rename call them `fromCritical`. */
function probeOnset(a: object, i: number): AblationAccuracy {
  const pairs = a as AblationPairs;
  const pair = pairs.fromOnset ?? pairs.fromCritical;
  if (!pair) throw new Error(`probe ablation entry t_${i} has neither fromOnset nor fromCritical`);
  return pair;
}

/** The verdict at the switch: record.curriculum.atSwitch?.verdict, absent in records from before the probe at the switch. */
function switchVerdictOf(record: RunRecord): Verdict | null {
  const curriculum = record.curriculum as { atSwitch?: { verdict?: Verdict } | null };
  return curriculum.atSwitch?.verdict ?? null;
}

/**
 * One seed's summary from its record and probe. `probe` null: not probed (an external trainer of
 * another architecture wrote no weights): verdict null, no lens or ablation, and the seed counts
 * only for training outcomes and metrics (it is not known to have learned).
 */
export function summariseSeed(arm: string, tier: string, key: string, record: RunRecord, probe: ProbeResult | null): SeedSummary {
  return {
    arm,
    tier,
    seed: record.seed,
    key,
    outcome: record.outcome,
    verdict: probe?.verdict ?? null,
    switchVerdict: switchVerdictOf(record),
    staircase: probe?.staircase ?? false,
    sequentialSteps: probe?.sequentialSteps ?? 0,
    criticalLayers: probe?.criticalLayers ?? [],
    baselineAccuracy: probe?.ablation.baselineAccuracy ?? record.final.answerAccuracy,
    ablation: (probe?.ablation.perIntermediate ?? []).map((a) => ({ i: a.i, layer: a.layer, layerSource: a.layerSource, afterCritical: a.afterCritical, fromOnset: probeOnset(a, a.i) })),
    metrics: {
      stepsToTarget: record.stepsToTarget,
      finalAccuracy: record.final.answerAccuracy,
      finalLoss: record.final.answerLossNats ?? null,
      steps: record.steps,
      wallMs: record.wallMs,
      sequentialSteps: probe ? probe.sequentialSteps : null,
      switchedAtStep: record.curriculum.switchedAtStep,
    },
    backend: { name: record.backend.name, device: record.backend.device },
    ...(record.trainer ? { trainer: record.trainer.name } : {}),
  };
}
