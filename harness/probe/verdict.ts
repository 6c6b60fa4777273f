/**
 * The per-seed verdict (sequential | partial | memorised | failed) and each step's kind
 * (sequential | combined | lookup | absent), with the evidence for every one. A pure function
 * of the lens analysis, the ablations, the generalisation reading and the run's outcome.
 * Every rule here is first shown on models whose mechanism is known (harness/ground-truth).
 *
 * Learned or not:
 * - failed: the run diverged, or neither the held-out accuracy (the run's, or the probe's) nor
 *   the accuracy on its training problems (the probe set) reaches the target beyond sampling
 *   noise (one-sided 95% Wilson upper bound < target). A lookup table fits its training
 *   problems and has learned, even if it never generalises.
 *
 * Each intermediate step i < K, at the place the answer needs most (ablation.ts: the <op>,
 * g_i's position, or both), with floor f (1/3 for D3, the parity level) and baseline b:
 * - needed: zeroing t_i from its onset leaves <= f + (b - f)(1 - breakFraction);
 * - kept: zeroing t_i after its critical layer leaves >= f + (b - f) keepFraction;
 * - absent: t_i is never readable there (whatever zeroing does: such a position carries
 *   something else); lookup: readable but not needed, the answer is found around it;
 * - sequential: needed, one composition after the previous needed step j (i - j = 1), at a
 *   strictly later layer than that step's, and kept (the write-up's proof is the pair: the
 *   model needs t_i at its layer and nothing of it after). The causal bound follows: a chain of
 *   such steps puts t_i at layer >= i; after a combined step the chain runs ahead of it.
 * - combined: needed but not sequential: several compositions in one layer (after an absent or
 *   lookup step), or in the same layer as the previous step, or t_i still read after its
 *   critical layer.
 * The answer's step K (never ablated): lookup when no intermediate is needed, sequential when
 * t_{K-1} is needed and c_K is later than its layer, combined otherwise, absent when c_K is null.
 *
 * Verdict: sequential when every step is sequential and the model generalises to held-out
 * problems (when measured); memorised when no intermediate is needed (the answer's own step
 * never makes a model partial by itself); partial otherwise.
 */
import { wilsonInterval } from '../stats/wilson.ts';
import type { AblationEntry, AblationPair, AblationResult, SiteName } from './ablation.ts';
import type { LayerSource, StaircaseAnalysis } from './staircase.ts';

export type Verdict = 'sequential' | 'partial' | 'memorised' | 'failed';
export type StepKind = 'sequential' | 'combined' | 'lookup' | 'absent';

/** What the training run reported; a missing field is not judged. */
export interface RunOutcome {
  /** `converged` | `budget` | `diverged` (train/loop.ts). */
  outcome?: string;
  /** Final held-out length-K answer accuracy. */
  finalAccuracy?: number;
}

/** Answer accuracy of the model on held-out and on training problems of length K. */
export interface GeneralisationReading {
  heldOut: { n: number; correct: number; accuracy: number };
  train: { n: number; correct: number; accuracy: number };
}

export interface StepEvidence {
  /** Step i = 1..K (step i produces t_i). */
  i: number;
  kind: StepKind;
  /** kind === 'sequential'. */
  sequential: boolean;
  /** Why, one line per condition checked. */
  reasons: string[];
  /** The layer the step is placed at: c_i where defined, else the onset a_i (c_K for the answer). */
  layer: number | null;
  layerSource: LayerSource | null;
  /** Where t_i was judged (null for the answer, read at <predict>). */
  where: SiteName | null;
  /** Ablation accuracies at that place (null for i = K: t_K is not ablated). */
  afterCritical: AblationPair | null;
  fromOnset: AblationPair | null;
}

export interface VerdictEvidence {
  failedReasons: string[];
  steps: StepEvidence[];
  /** The step kinds, in order (the same as steps[].kind). */
  stepKinds: StepKind[];
  criticalLayers: (number | null)[];
  staircase: boolean;
  staircaseReasons: string[];
  intermediatesNearChance: boolean;
  answerBeforeCausalBound: boolean;
  memorisingSignature: boolean;
  maxIntermediateMass: number | null;
  baselineAccuracy: number;
  targetAccuracy: number;
  /** The ablation floor and the two levels it sets on the way to the baseline. */
  floor: number;
  breakLevel: number;
  keepLevel: number;
  /** Held-out and training-problem accuracy at length K (null: not measured). */
  heldOutAccuracy: number | null;
  trainAccuracy: number | null;
  /** Does the model reach the target on held-out problems (null: not measured)? */
  generalises: boolean | null;
  generalisationReasons: string[];
  runOutcome: string | null;
  runFinalAccuracy: number | null;
}

export interface VerdictResult {
  verdict: Verdict;
  /** Steps judged sequential, 0..K (counted for diagnosis even when the verdict is `failed`). */
  sequentialSteps: number;
  evidence: VerdictEvidence;
}

export interface JudgeInput {
  K: number;
  analysis: StaircaseAnalysis;
  ablation: AblationResult;
  run: RunOutcome;
  targetAccuracy: number;
  /** Problems the baseline accuracy was measured on. */
  nProblems: number;
  floor: number;
  breakFraction: number;
  keepFraction: number;
  generalisation?: GeneralisationReading | null;
}

const f2 = (x: number): string => x.toFixed(2);
const upper95 = (accuracy: number, n: number): number => wilsonInterval(Math.round(accuracy * n), n, 0.95, { sides: 'upper' }).upper;

/** Learned or not: the reasons a seed is `failed` (empty when it learned). */
function failedReasons(input: JudgeInput): string[] {
  const { run, targetAccuracy, ablation, nProblems, generalisation } = input;
  if (run.outcome === 'diverged') return [`run outcome is 'diverged'`];
  if (run.outcome === 'converged') return [];
  const fitsTraining = upper95(ablation.baselineAccuracy, nProblems) >= targetAccuracy;
  const heldOut = generalisation?.heldOut;
  const generalises = heldOut !== undefined && heldOut.n > 0 && upper95(heldOut.accuracy, heldOut.n) >= targetAccuracy;
  if (fitsTraining || generalises) return [];
  const parts = [`accuracy on ${nProblems} training problems ${ablation.baselineAccuracy.toFixed(4)}`];
  if (heldOut) parts.push(`held-out ${heldOut.accuracy.toFixed(4)} (n = ${heldOut.n})`);
  if (run.finalAccuracy !== undefined) parts.push(`the run's final held-out ${run.finalAccuracy.toFixed(4)}`);
  return [`did not learn within its budget${run.outcome ? ` (outcome '${run.outcome}')` : ''}: ${parts.join(', ')}, all below the target ${targetAccuracy}`];
}

/** The kind of intermediate step i from its chosen ablation place, given the last needed step before it. */
function intermediateStep(e: AblationEntry, prev: { i: number; layer: number }, levels: { breakLevel: number; keepLevel: number; baseline: number }): StepEvidence {
  const { i } = e;
  const layer = e.critical ?? e.layer;
  const reasons: string[] = [];
  const place = `at ${e.where === 'op' ? `its <op> (${2 * i + 2})` : e.where === 'g' ? `g${i}'s position (${2 * i + 1})` : `both positions (${2 * i + 1}, ${2 * i + 2})`}`;
  const readable = e.layerSource !== 'causal';
  const needed = e.fromOnset.zero <= levels.breakLevel + 1e-12;
  const kept = e.afterCritical.zero >= levels.keepLevel - 1e-12;
  reasons.push(
    `zeroing t${i} ${place} from layer ${e.layer} (${e.layerSource}): accuracy ${f2(levels.baseline)} -> ${f2(e.fromOnset.zero)}, ${needed ? 'breaks' : 'does not break'} (needs <= ${f2(levels.breakLevel)})`,
  );
  let kind: StepKind;
  if (!readable) {
    kind = 'absent';
    reasons.push(`t${i} is never readable ${place} (mass stays below the onset threshold)${needed ? ': the break shows the position carries something else, not t' + i : ''}`);
  } else if (!needed) {
    kind = 'lookup';
    reasons.push(`t${i} is readable from layer ${layer} but the answer does not need it: found around it`);
  } else {
    reasons.push(`zeroing t${i} after its critical layer (from ${e.afterFrom}): accuracy ${f2(e.afterCritical.zero)}, ${kept ? 'kept' : 'not kept'} (needs >= ${f2(levels.keepLevel)})`);
    const problems: string[] = [];
    if (i - prev.i > 1) problems.push(`composes ${i - prev.i} elements in one step (${prev.i === 0 ? 'no earlier step is needed' : `the last needed step is t${prev.i}`})`);
    if (layer <= prev.layer) problems.push(`layer ${layer} is not after ${prev.i === 0 ? 'the embeddings' : `t${prev.i}'s layer ${prev.layer}`}`);
    if (!kept) problems.push(`t${i} is still read after its critical layer`);
    kind = problems.length === 0 ? 'sequential' : 'combined';
    reasons.push(...problems);
  }
  return { i, kind, sequential: kind === 'sequential', reasons, layer: readable ? layer : null, layerSource: e.layerSource, where: e.where, afterCritical: e.afterCritical, fromOnset: e.fromOnset };
}

/** The answer's step K, read at <predict> (never ablated). */
function answerStep(K: number, cK: number | null, prev: { i: number; layer: number }): StepEvidence {
  const reasons: string[] = [];
  let kind: StepKind;
  if (cK === null) {
    kind = 'absent';
    reasons.push(`t${K} (the answer) never exceeds the decode threshold`);
  } else if (prev.i === 0 && K > 1) {
    kind = 'lookup';
    reasons.push(`no intermediate is needed: the answer (readable from layer ${cK}) is looked up from the tokens`);
  } else {
    const problems: string[] = [];
    if (K - prev.i > 1) problems.push(`composes ${K - prev.i} elements in one step (the last needed step is t${prev.i})`);
    if (cK <= prev.layer) problems.push(`c${K} = ${cK} is not after t${prev.i}'s layer ${prev.layer}`);
    kind = problems.length === 0 ? 'sequential' : 'combined';
    reasons.push(kind === 'sequential' ? `c${K} = ${cK} follows t${prev.i}'s layer ${prev.layer}, one composition later` : problems.join('; '));
  }
  return { i: K, kind, sequential: kind === 'sequential', reasons, layer: cK, layerSource: cK === null ? null : 'critical', where: null, afterCritical: null, fromOnset: null };
}

/** Judge one seed. */
export function judgeProbe(input: JudgeInput): VerdictResult {
  const { K, analysis, ablation, run, targetAccuracy, floor, generalisation } = input;
  if (analysis.criticalLayers.length !== K) throw new Error(`judgeProbe: ${analysis.criticalLayers.length} critical layers for K = ${K}`);
  if (ablation.perIntermediate.length !== K - 1) throw new Error(`judgeProbe: ${ablation.perIntermediate.length} ablated intermediates for K = ${K} (expected ${K - 1})`);
  const baseline = ablation.baselineAccuracy;
  const room = Math.max(0, baseline - floor);
  const levels = { baseline, breakLevel: floor + room * (1 - input.breakFraction), keepLevel: floor + room * input.keepFraction };

  const failed = failedReasons(input);
  const steps: StepEvidence[] = [];
  let prev = { i: 0, layer: 0 };
  for (const entry of ablation.perIntermediate) {
    const step = intermediateStep(entry, prev, levels);
    steps.push(step);
    if (step.kind === 'sequential' || step.kind === 'combined') prev = { i: step.i, layer: step.layer ?? entry.layer };
  }
  steps.push(answerStep(K, analysis.criticalLayers[K - 1] ?? null, prev));

  const heldOut = generalisation?.heldOut;
  const generalises = heldOut && heldOut.n > 0 ? upper95(heldOut.accuracy, heldOut.n) >= targetAccuracy : null;
  const generalisationReasons: string[] = [];
  if (generalisation) {
    const { heldOut: h, train: t } = generalisation;
    generalisationReasons.push(`held-out length-${K} problems: ${f2(h.accuracy)} (n = ${h.n}); training problems: ${f2(t.accuracy)} (n = ${t.n})`);
    if (generalises === false) generalisationReasons.push(`does not reach the target ${targetAccuracy} on problems it never saw${t.accuracy >= targetAccuracy ? ': it fits its training problems, a lookup table' : ''}`);
  }

  const sequentialSteps = steps.filter((s) => s.sequential).length;
  const anyNeeded = steps.slice(0, K - 1).some((s) => s.kind === 'sequential' || s.kind === 'combined');
  const allSequential = sequentialSteps === K && generalises !== false;
  const verdict: Verdict = failed.length > 0 ? 'failed' : allSequential ? 'sequential' : !anyNeeded && K > 1 ? 'memorised' : 'partial';
  return {
    verdict,
    sequentialSteps,
    evidence: {
      failedReasons: failed,
      steps,
      stepKinds: steps.map((s) => s.kind),
      criticalLayers: [...analysis.criticalLayers],
      staircase: analysis.staircase,
      staircaseReasons: [...analysis.staircaseReasons],
      intermediatesNearChance: analysis.intermediatesNearChance,
      answerBeforeCausalBound: analysis.answerBeforeCausalBound,
      memorisingSignature: analysis.memorisingSignature,
      maxIntermediateMass: analysis.maxIntermediateMass,
      baselineAccuracy: baseline,
      targetAccuracy,
      floor,
      breakLevel: levels.breakLevel,
      keepLevel: levels.keepLevel,
      heldOutAccuracy: heldOut?.accuracy ?? null,
      trainAccuracy: generalisation?.train.accuracy ?? null,
      generalises,
      generalisationReasons,
      runOutcome: run.outcome ?? null,
      runFinalAccuracy: run.finalAccuracy ?? null,
    },
  };
}
