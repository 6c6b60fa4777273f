import { describe, expect, it } from 'vitest';
import type { AblationEntry, AblationResult } from '../../harness/probe/ablation.ts';
import { PROBE_DEFAULTS, relativeThreshold, resolveProbeSettings, thresholdsFor } from '../../harness/probe/settings.ts';
import { ablationLayer, analyseStaircase, criticalLayers, firstLayerAbove } from '../../harness/probe/staircase.ts';
import { judgeProbe, type GeneralisationReading } from '../../harness/probe/verdict.ts';

const chance = 1 / 6;
/** The defaults as applied to D3 (chance 1/6). */
const S = thresholdsFor(PROBE_DEFAULTS, 1 / 6);

/** A K = 3, L = 4 staircase: t_i decodable from layer i. Rows are layers 0..4. */
const staircaseMass = [
  [0.17, 0.17, 0.17],
  [0.95, 0.2, 0.17],
  [0.9, 0.96, 0.2],
  [0.6, 0.9, 0.97],
  [0.4, 0.5, 0.99],
];

/** A memorising K = 3, L = 4 model: intermediates at chance, the answer at layer 1. */
const memorisedMass = [
  [0.17, 0.17, 0.17],
  [0.2, 0.18, 0.8],
  [0.18, 0.2, 0.95],
  [0.17, 0.19, 0.99],
  [0.17, 0.17, 0.99],
];

/** The ablation of t_i at its <op>: onset `layer`, `fromZero` when zeroed from it, `afterZero` after c_i = layer. */
const entry = (i: number, layer: number, fromZero: number, layerSource: AblationEntry['layerSource'] = 'critical', afterZero = 0.98): AblationEntry => {
  const site = {
    where: 'op' as const,
    layer,
    layerSource,
    critical: layerSource === 'causal' ? null : layer,
    afterFrom: layer + 1,
    afterCritical: { zero: afterZero, mean: afterZero },
    fromOnset: { zero: fromZero, mean: fromZero + 0.05 },
  };
  return { i, position: 2 * i + 2, ...site, sites: [{ ...site, positions: [2 * i + 2] }] };
};

const ablation = (baselineAccuracy: number, ...perIntermediate: AblationEntry[]): AblationResult => ({ baselineAccuracy, perIntermediate });

describe('critical layers and the staircase', () => {
  it('finds c_i as the first layer strictly above the threshold', () => {
    expect(criticalLayers(staircaseMass, 0.5)).toEqual([1, 2, 3]);
    expect(firstLayerAbove([[0.5], [0.51]], 1, 0.5)).toBe(1);
    expect(firstLayerAbove([[0.1], [0.2]], 1, 0.5)).toBeNull();
  });

  it('recognises a staircase', () => {
    const a = analyseStaircase(staircaseMass, chance, S);
    expect(a.staircase).toBe(true);
    expect(a.staircaseReasons).toEqual([]);
    expect(a.intermediatesNearChance).toBe(false);
    expect(a.answerBeforeCausalBound).toBe(false);
    expect(a.memorisingSignature).toBe(false);
    expect(a.maxIntermediateMass).toBeCloseTo(0.96);
  });

  it('an undefined c_i breaks the staircase', () => {
    const mass = staircaseMass.map((row) => [row[0]!, Math.min(row[1]!, 0.45), row[2]!]);
    const a = analyseStaircase(mass, chance, S);
    expect(a.criticalLayers).toEqual([1, null, 3]);
    expect(a.staircase).toBe(false);
    expect(a.staircaseReasons.join()).toMatch(/t2 never exceeds/);
  });

  it('non-monotone critical layers break the staircase', () => {
    const mass = [
      [0.17, 0.17, 0.17],
      [0.2, 0.9, 0.17],
      [0.9, 0.9, 0.2],
      [0.9, 0.9, 0.97],
    ];
    const a = analyseStaircase(mass, chance, S);
    expect(a.criticalLayers).toEqual([2, 1, 3]);
    expect(a.staircase).toBe(false);
    expect(a.staircaseReasons.join()).toMatch(/c2 = 1 is below c1 = 2/);
  });

  it('an answer before the causal bound is the memorising signature', () => {
    const a = analyseStaircase(memorisedMass, chance, S);
    expect(a.criticalLayers).toEqual([null, null, 1]);
    expect(a.staircase).toBe(false);
    expect(a.intermediatesNearChance).toBe(true);
    expect(a.answerBeforeCausalBound).toBe(true);
    expect(a.memorisingSignature).toBe(true);
    // Near chance is strict: chance + margin itself is not near.
    const edge = memorisedMass.map((row, l) => (l === 2 ? [chance + 0.15, row[1]!, row[2]!] : row));
    expect(analyseStaircase(edge, chance, S).intermediatesNearChance).toBe(false);
  });

  it('ablates from the onset of t_i (weak threshold) and after its critical layer', () => {
    const mass = [
      [0.17, 0.17, 0.17],
      [0.6, 0.2, 0.17],
      [0.6, 0.45, 0.2],
      [0.6, 0.45, 0.2],
    ];
    expect(ablationLayer(mass, 1, S)).toEqual({ layer: 1, layerSource: 'critical', afterFrom: 2 });
    expect(ablationLayer(mass, 2, S)).toEqual({ layer: 2, layerSource: 'weak', afterFrom: 3 });
    expect(ablationLayer(mass, 3, S)).toEqual({ layer: 3, layerSource: 'causal', afterFrom: 4 });
    // The causal layer is clamped to L.
    expect(ablationLayer(mass.slice(0, 2), 3, S)).toEqual({ layer: 1, layerSource: 'causal', afterFrom: 2 });
    // A half-formed t_i (0.45 at layer 1, 0.9 at layer 2): ablate from 1, "after" from 3.
    const halfFormed = [[0.17], [0.45], [0.9], [0.95]];
    expect(ablationLayer(halfFormed, 1, S)).toEqual({ layer: 1, layerSource: 'weak', afterFrom: 3 });
    // Parity knowledge alone (1/3 on the right element, the ln 3 plateau) is not an onset.
    const parity = [[0.17], [0.34], [0.34], [0.95]];
    expect(ablationLayer(parity, 1, S)).toEqual({ layer: 3, layerSource: 'critical', afterFrom: 4 });
  });
});

describe('verdict', () => {
  const S3 = { floor: 1 / 3, breakFraction: PROBE_DEFAULTS.breakFraction, keepFraction: PROBE_DEFAULTS.keepFraction };
  const judge = (mass: number[][], abl: AblationResult, run = {}, targetAccuracy = 0.99, nProblems = 1024, generalisation: GeneralisationReading | null = null) =>
    judgeProbe({ K: 3, analysis: analyseStaircase(mass, chance, S), ablation: abl, run, targetAccuracy, nProblems, ...S3, generalisation });
  const kinds = (v: ReturnType<typeof judge>) => v.evidence.stepKinds;

  it('sequential when every step is needed at a later layer than the last, and not read after it', () => {
    const v = judge(staircaseMass, ablation(1, entry(1, 1, 0.2), entry(2, 2, 0.3)), { outcome: 'converged', finalAccuracy: 1 });
    expect(v.verdict).toBe('sequential');
    expect(v.sequentialSteps).toBe(3);
    expect(kinds(v)).toEqual(['sequential', 'sequential', 'sequential']);
    expect(v.evidence.failedReasons).toEqual([]);
  });

  it('the ablation arbitrates a weak (0.45) intermediate: it still counts when it breaks', () => {
    const mass = staircaseMass.map((row) => [row[0]!, Math.min(row[1]!, 0.45), row[2]!]);
    const v = judge(mass, ablation(1, entry(1, 1, 0.2), entry(2, 2, 0.25, 'weak')));
    expect(v.evidence.staircase).toBe(false);
    expect(v.verdict).toBe('sequential');
  });

  it('"breaks" is measured from the parity floor 1/3, not from chance: halfway from the baseline to the floor', () => {
    // baseline 1, floor 1/3: a break must leave <= 2/3.
    const v = judge(staircaseMass, ablation(1, entry(1, 1, 0.2), entry(2, 2, 0.68)));
    expect(v.evidence.breakLevel).toBeCloseTo(2 / 3, 12);
    expect(kinds(v)).toEqual(['sequential', 'lookup', 'combined']);
    expect(v.verdict).toBe('partial');
    expect(v.evidence.steps[1]!.reasons[0]).toMatch(/does not break \(needs <= 0\.67\)/);
    expect(judge(staircaseMass, ablation(1, entry(1, 1, 0.2), entry(2, 2, 2 / 3))).verdict).toBe('sequential');
    // A model left at the parity level (1/3) is broken; the old 0.3-drop rule at baseline 0.99 would need <= 0.69.
    expect(kinds(judge(staircaseMass, ablation(1, entry(1, 1, 1 / 3), entry(2, 2, 1 / 3))))).toEqual(['sequential', 'sequential', 'sequential']);
  });

  it('the after-critical control is read: a step still needed after its critical layer is combined, not sequential', () => {
    const v = judge(staircaseMass, ablation(1, entry(1, 1, 0.2, 'critical', 0.5), entry(2, 2, 0.2)));
    expect(v.evidence.keepLevel).toBeCloseTo(1 / 3 + (2 / 3) * 0.8, 12);
    expect(kinds(v)).toEqual(['combined', 'sequential', 'sequential']);
    expect(v.evidence.steps[0]!.reasons.join()).toMatch(/still read after its critical layer/);
    expect(v.verdict).toBe('partial');
  });

  it('two steps in one layer: the second is combined', () => {
    const v = judge(staircaseMass, ablation(1, entry(1, 1, 0.1), entry(2, 1, 0.1)));
    expect(kinds(v)).toEqual(['sequential', 'combined', 'sequential']);
    expect(v.evidence.steps[1]!.reasons.join()).toMatch(/layer 1 is not after t1's layer 1/);
    // c_K = 3 is not after a_2 = 4: the answer's step is combined.
    const late = judge(staircaseMass, ablation(1, entry(1, 1, 0.1), entry(2, 4, 0.1)));
    expect(kinds(late)[2]).toBe('combined');
    expect(late.verdict).toBe('partial');
  });

  it('a step after an unneeded one composes two elements at once: combined', () => {
    const v = judge(staircaseMass, ablation(1, entry(1, 1, 1), entry(2, 2, 0.1)));
    expect(kinds(v)).toEqual(['lookup', 'combined', 'sequential']);
    expect(v.evidence.steps[1]!.reasons.join()).toMatch(/composes 2 elements in one step/);
  });

  it('memorised: no intermediate is needed, whether the answer comes early or at a layer >= K', () => {
    const early = judge(memorisedMass, ablation(1, entry(1, 1, 1, 'causal'), entry(2, 2, 0.99, 'causal')));
    expect(early.verdict).toBe('memorised');
    expect(kinds(early)).toEqual(['absent', 'absent', 'lookup']);
    // The answer first readable at layer K = 3 (where a lookup's answer often appears with L > K):
    // the old rule counted its step as sequential and called the model partial.
    const lateMass = memorisedMass.map((row, l) => [row[0]!, row[1]!, l >= 3 ? 0.99 : 0.17]);
    const late = judge(lateMass, ablation(1, entry(1, 1, 1, 'causal'), entry(2, 2, 1, 'causal')));
    expect(late.verdict).toBe('memorised');
    expect(late.sequentialSteps).toBe(0);
  });

  it('a break where t_i is never readable is absent: the position carries something else', () => {
    const v = judge(memorisedMass, ablation(1, entry(1, 1, 0.1, 'causal'), entry(2, 2, 0.1, 'causal')));
    expect(kinds(v).slice(0, 2)).toEqual(['absent', 'absent']);
    expect(v.evidence.steps[0]!.reasons.join()).toMatch(/carries something else/);
    expect(v.verdict).toBe('memorised');
  });

  it('an undefined c_K makes the answer step absent', () => {
    const mass = staircaseMass.map((row) => [row[0]!, row[1]!, 0.3]);
    const v = judge(mass, ablation(1, entry(1, 1, 0.1), entry(2, 2, 0.1)));
    expect(v.evidence.steps[2]).toMatchObject({ kind: 'absent', layer: null, layerSource: null });
    expect(v.verdict).toBe('partial');
  });

  it('failed only when the seed did not learn: diverged, or below the target on training and held-out problems', () => {
    const good = ablation(1, entry(1, 1, 0.1), entry(2, 2, 0.1));
    expect(judge(staircaseMass, good, { outcome: 'diverged' }).verdict).toBe('failed');
    // The run hit its budget on held-out accuracy, but the model fits its training problems: it learned.
    expect(judge(staircaseMass, good, { outcome: 'budget', finalAccuracy: 0.9 }).verdict).toBe('sequential');
    const weak = judge(staircaseMass, ablation(0.95, entry(1, 1, 0.1), entry(2, 2, 0.1)), { outcome: 'budget', finalAccuracy: 0.9 });
    expect(weak.verdict).toBe('failed');
    expect(weak.evidence.failedReasons.join()).toMatch(/did not learn within its budget \(outcome 'budget'\)/);
    // The evidence is kept: the steps are still counted.
    expect(weak.sequentialSteps).toBe(3);
  });

  it('reads the training-problem accuracy against the target with its sampling noise (one-sided Wilson 95%)', () => {
    const withBaseline = (acc: number, n: number) => judge(staircaseMass, ablation(acc, entry(1, 1, 0.1), entry(2, 2, 0.1)), { outcome: 'budget' }, 0.99, n);
    // 1010/1024 = 0.9863: Wilson upper bound 0.9923 >= 0.99, consistent with a 0.99 model.
    expect(withBaseline(1010 / 1024, 1024).verdict).toBe('sequential');
    // 990/1024 = 0.9668: upper bound 0.9762, below the target beyond noise.
    expect(withBaseline(990 / 1024, 1024).verdict).toBe('failed');
    // The same 0.9863 on 100x more problems is below the target beyond noise.
    expect(withBaseline(0.9863, 102400).verdict).toBe('failed');
  });

  it('generalisation: a model that fails its held-out problems is not sequential, and a lookup is named as one', () => {
    const reading = (heldOut: number): GeneralisationReading => ({ heldOut: { n: 259, correct: Math.round(heldOut * 259), accuracy: heldOut }, train: { n: 1024, correct: 1024, accuracy: 1 } });
    const seq = judge(staircaseMass, ablation(1, entry(1, 1, 0.1), entry(2, 2, 0.1)), {}, 0.99, 1024, reading(0.6));
    expect(seq.evidence.generalises).toBe(false);
    expect(seq.verdict).toBe('partial');
    const table = judge(memorisedMass, ablation(1, entry(1, 1, 1, 'causal'), entry(2, 2, 1, 'causal')), { outcome: 'budget' }, 0.99, 1024, reading(0.17));
    expect(table.verdict).toBe('memorised');
    expect(table.evidence.generalisationReasons.join()).toMatch(/a lookup table/);
    expect(judge(staircaseMass, ablation(1, entry(1, 1, 0.1), entry(2, 2, 0.1)), {}, 0.99, 1024, reading(1)).verdict).toBe('sequential');
  });

  it('K = 1: only the answer step, one composition', () => {
    const v = judgeProbe({ K: 1, analysis: analyseStaircase([[0.17], [0.99]], chance, S), ablation: ablation(1), run: {}, targetAccuracy: 0.99, nProblems: 1024, ...S3 });
    expect(v.verdict).toBe('sequential');
    expect(v.evidence.intermediatesNearChance).toBe(true);
  });
});

describe('probe settings', () => {
  it('has documented defaults and rejects unknown keys and bad values', () => {
    expect(resolveProbeSettings()).toEqual(PROBE_DEFAULTS);
    expect(resolveProbeSettings({ breakFraction: 0.6 }).breakFraction).toBe(0.6);
    expect(() => resolveProbeSettings({ breakfraction: 0.2 } as never)).toThrow(/did you mean `breakFraction`/);
    expect(() => resolveProbeSettings({ keepFraction: 2 })).toThrow(/keepFraction must lie in \[0, 1\]/);
    expect(() => resolveProbeSettings({ decodeThreshold: 1.5 })).toThrow(/decodeThreshold/);
    expect(() => resolveProbeSettings({ nProblems: 0 })).toThrow(/nProblems/);
  });

  it('sets the default thresholds relative to the task chance level', () => {
    // D3 (6 elements): 0.5 to decode, 0.4 for the onset (above the parity level 1/3)
    expect(S.decodeThreshold).toBe(0.5);
    expect(S.weakThreshold).toBe(0.4);
    // Z2 (the binary task, chance 1/2): 0.5 would be noise; the same fractions give 0.7 and 0.64
    expect(thresholdsFor(PROBE_DEFAULTS, 1 / 2)).toMatchObject({ decodeThreshold: 0.7, weakThreshold: 0.64 });
    // explicit values win
    expect(thresholdsFor({ ...PROBE_DEFAULTS, decodeThreshold: 0.6 }, 1 / 2).decodeThreshold).toBe(0.6);
    expect(relativeThreshold(0, 1 / 6)).toBeCloseTo(1 / 6, 6);
    // The ablation floor: D3's parity level 1/3 (rotation vs reflection), chance for the binary task.
    expect(S.floor).toBeCloseTo(1 / 3, 12);
    expect(thresholdsFor(PROBE_DEFAULTS, 1 / 2, 'binary').floor).toBe(0.5);
  });
});
