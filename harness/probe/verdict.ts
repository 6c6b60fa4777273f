/**
 * The per-seed verdict: sequential | partial | memorised | failed, with its evidence.
 * Pure function of the lens analysis, the ablation numbers, and the run's outcome.
 *
 * Rules (thresholds from ProbeSettings):
 * - failed: the run did not reach its target (outcome other than `converged`, or final
 *   accuracy < targetAccuracy), or the baseline accuracy on the probe set is below
 *   targetAccuracy beyond sampling noise: its one-sided 95% Wilson upper bound over the
 *   nProblems probe problems is < targetAccuracy. (A strict `baseline < target` would call a
 *   model whose true accuracy is exactly the target `failed` half of the time.)
 * - step i < K is sequential when the lens shows t_i at its position (mass above
 *   weakThreshold at some layer: layerSource 'critical' or 'weak'; a position the model
 *   uses as scratch space for something else must not count) and the ablation
 *   arbitrates it: zeroing position 2i+2 from its ablation layer a_i on drops answer
 *   accuracy to <= baseline - breakDrop, with a_i >= i (the causal bound) and
 *   a_i >= a_{i-1} (not below the previous step's layer).
 * - step K is sequential when c_K is defined, c_K >= K, and c_K >= a_{K-1}.
 * - sequential when all K steps are, partial when 1..K-1, memorised when none.
 */
import { wilsonInterval } from '../stats/wilson.ts';
import type { AblationPair, AblationResult } from './ablation.ts';
import type { LayerSource, StaircaseAnalysis } from './staircase.ts';

export type Verdict = 'sequential' | 'partial' | 'memorised' | 'failed';

/** What the training run reported; a missing field is not judged. */
export interface RunOutcome {
  /** `converged` | `budget` | `diverged` (train/loop.ts). */
  outcome?: string;
  /** Final held-out length-K answer accuracy. */
  finalAccuracy?: number;
}

export interface StepEvidence {
  /** Step i = 1..K (step i produces t_i). */
  i: number;
  sequential: boolean;
  /** Why, one line per condition checked. */
  reasons: string[];
  /** a_i for i < K, c_K for i = K (null when c_K is undefined). */
  layer: number | null;
  layerSource: LayerSource | null;
  /** Ablation accuracies of t_i (null for i = K: t_K is not ablated). */
  afterCritical: AblationPair | null;
  fromCritical: AblationPair | null;
}

export interface VerdictEvidence {
  failedReasons: string[];
  steps: StepEvidence[];
  criticalLayers: (number | null)[];
  staircase: boolean;
  staircaseReasons: string[];
  intermediatesNearChance: boolean;
  answerBeforeCausalBound: boolean;
  memorisingSignature: boolean;
  maxIntermediateMass: number | null;
  baselineAccuracy: number;
  targetAccuracy: number;
  runOutcome: string | null;
  runFinalAccuracy: number | null;
}

export interface VerdictResult {
  verdict: Verdict;
  /** Steps judged sequential, 0..K (counted for diagnosis even when the verdict is `failed`). */
  sequentialSteps: number;
  evidence: VerdictEvidence;
}

const f2 = (x: number): string => x.toFixed(2);

/** Judge one seed. */
export function judgeProbe(input: {
  K: number;
  analysis: StaircaseAnalysis;
  ablation: AblationResult;
  run: RunOutcome;
  targetAccuracy: number;
  breakDrop: number;
  /** Problems the baseline accuracy was measured on. */
  nProblems: number;
}): VerdictResult {
  const { K, analysis, ablation, run, targetAccuracy, breakDrop, nProblems } = input;
  if (analysis.criticalLayers.length !== K) throw new Error(`judgeProbe: ${analysis.criticalLayers.length} critical layers for K = ${K}`);
  if (ablation.perIntermediate.length !== K - 1) throw new Error(`judgeProbe: ${ablation.perIntermediate.length} ablated intermediates for K = ${K} (expected ${K - 1})`);
  const baseline = ablation.baselineAccuracy;

  const failedReasons: string[] = [];
  if (run.outcome !== undefined && run.outcome !== 'converged') failedReasons.push(`run outcome is '${run.outcome}', not 'converged'`);
  if (run.finalAccuracy !== undefined && !(run.finalAccuracy >= targetAccuracy)) failedReasons.push(`final accuracy ${run.finalAccuracy.toFixed(4)} < target ${targetAccuracy}`);
  const baselineUpper = wilsonInterval(Math.round(baseline * nProblems), nProblems, 0.95, { sides: 'upper' }).upper;
  if (!(baselineUpper >= targetAccuracy)) {
    failedReasons.push(`baseline accuracy on the probe set ${baseline.toFixed(4)} (n = ${nProblems}, 95% upper bound ${baselineUpper.toFixed(4)}) is below the target ${targetAccuracy}`);
  }

  const steps: StepEvidence[] = [];
  let prevLayer: number | null = null;
  for (const entry of ablation.perIntermediate) {
    const { i, layer, layerSource } = entry;
    const reasons: string[] = [];
    const zero = entry.fromCritical.zero;
    const broke = zero <= baseline - breakDrop + 1e-12;
    reasons.push(`zeroing t${i} from layer ${layer} (${layerSource}): accuracy ${f2(baseline)} -> ${f2(zero)}, ${broke ? 'breaks' : 'does not break'} (drop needed >= ${breakDrop})`);
    const causal = layer >= i;
    if (!causal) reasons.push(`ablation layer ${layer} is before the causal bound ${i}`);
    const ordered = prevLayer === null || layer >= prevLayer;
    if (!ordered) reasons.push(`ablation layer ${layer} is below the previous step's layer ${prevLayer}`);
    const decodable = layerSource !== 'causal';
    if (!decodable) reasons.push(`t${i} is never decodable at its position (mass stays below the weak threshold), so a break there is not a sequential step`);
    steps.push({ i, sequential: broke && causal && ordered && decodable, reasons, layer, layerSource, afterCritical: entry.afterCritical, fromCritical: entry.fromCritical });
    prevLayer = layer;
  }

  const cK = analysis.criticalLayers[K - 1] ?? null;
  const lastReasons: string[] = [];
  if (cK === null) lastReasons.push(`t${K} (the answer) never exceeds the decode threshold`);
  else {
    if (cK < K) lastReasons.push(`c${K} = ${cK} is before the causal bound ${K}`);
    if (prevLayer !== null && cK < prevLayer) lastReasons.push(`c${K} = ${cK} is below the ablation layer ${prevLayer} of t${K - 1}`);
    if (lastReasons.length === 0) lastReasons.push(`c${K} = ${cK} respects the causal bound ${K}${prevLayer !== null ? ` and follows t${K - 1}'s layer ${prevLayer}` : ''}`);
  }
  const lastSequential = cK !== null && cK >= K && (prevLayer === null || cK >= prevLayer);
  steps.push({ i: K, sequential: lastSequential, reasons: lastReasons, layer: cK, layerSource: cK === null ? null : 'critical', afterCritical: null, fromCritical: null });

  const sequentialSteps = steps.filter((s) => s.sequential).length;
  const verdict: Verdict = failedReasons.length > 0 ? 'failed' : sequentialSteps === K ? 'sequential' : sequentialSteps === 0 ? 'memorised' : 'partial';
  return {
    verdict,
    sequentialSteps,
    evidence: {
      failedReasons,
      steps,
      criticalLayers: [...analysis.criticalLayers],
      staircase: analysis.staircase,
      staircaseReasons: [...analysis.staircaseReasons],
      intermediatesNearChance: analysis.intermediatesNearChance,
      answerBeforeCausalBound: analysis.answerBeforeCausalBound,
      memorisingSignature: analysis.memorisingSignature,
      maxIntermediateMass: analysis.maxIntermediateMass,
      baselineAccuracy: baseline,
      targetAccuracy,
      runOutcome: run.outcome ?? null,
      runFinalAccuracy: run.finalAccuracy ?? null,
    },
  };
}
