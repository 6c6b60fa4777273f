import { describe, expect, it } from 'vitest';
import type { AblationEntry, AblationResult } from '../../harness/probe/ablation.ts';
import { PROBE_DEFAULTS, relativeThreshold, resolveProbeSettings, thresholdsFor } from '../../harness/probe/settings.ts';
import { ablationLayer, analyseStaircase, criticalLayers, firstLayerAbove } from '../../harness/probe/staircase.ts';
import { judgeProbe } from '../../harness/probe/verdict.ts';

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

const entry = (i: number, layer: number, fromZero: number, layerSource: AblationEntry['layerSource'] = 'critical'): AblationEntry => ({
  i,
  position: 2 * i + 2,
  layer,
  layerSource,
  afterFrom: layer + 1,
  afterCritical: { zero: 0.98, mean: 0.99 },
  fromCritical: { zero: fromZero, mean: fromZero + 0.05 },
});

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
  const judge = (mass: number[][], abl: AblationResult, run = {}, targetAccuracy = 0.99, nProblems = 1024) =>
    judgeProbe({ K: 3, analysis: analyseStaircase(mass, chance, S), ablation: abl, run, targetAccuracy, breakDrop: S.breakDrop, nProblems });

  it('sequential when every step breaks at a causal, ordered layer and c_K respects the bound', () => {
    const v = judge(staircaseMass, ablation(1, entry(1, 1, 0.2), entry(2, 2, 0.3)), { outcome: 'converged', finalAccuracy: 1 });
    expect(v.verdict).toBe('sequential');
    expect(v.sequentialSteps).toBe(3);
    expect(v.evidence.steps.map((s) => s.sequential)).toEqual([true, true, true]);
    expect(v.evidence.staircase).toBe(true);
    expect(v.evidence.failedReasons).toEqual([]);
  });

  it('the ablation arbitrates a weak (0.45) intermediate: it still counts when it breaks', () => {
    const mass = staircaseMass.map((row) => [row[0]!, Math.min(row[1]!, 0.45), row[2]!]);
    const v = judge(mass, ablation(1, entry(1, 1, 0.2), entry(2, 2, 0.25, 'weak')));
    expect(v.evidence.staircase).toBe(false);
    expect(v.verdict).toBe('sequential');
  });

  it('a drop smaller than breakDrop is not sequential (partial)', () => {
    const v = judge(staircaseMass, ablation(1, entry(1, 1, 0.2), entry(2, 2, 0.71)));
    expect(v.verdict).toBe('partial');
    expect(v.sequentialSteps).toBe(2);
    expect(v.evidence.steps[1]!.reasons[0]).toMatch(/does not break/);
    // Exactly baseline - breakDrop counts as broken.
    expect(judge(staircaseMass, ablation(1, entry(1, 1, 0.2), entry(2, 2, 0.7))).verdict).toBe('sequential');
  });

  it('layers below the causal bound or the previous step do not count', () => {
    const early = judge(staircaseMass, ablation(1, entry(1, 0, 0.1), entry(2, 2, 0.1)));
    expect(early.evidence.steps[0]!.sequential).toBe(false);
    expect(early.evidence.steps[0]!.reasons.join()).toMatch(/before the causal bound 1/);
    const unordered = judge(staircaseMass, ablation(1, entry(1, 3, 0.1), entry(2, 2, 0.1)));
    expect(unordered.evidence.steps[1]!.sequential).toBe(false);
    expect(unordered.evidence.steps[1]!.reasons.join()).toMatch(/below the previous step's layer 3/);
    // c_K = 3 is below a_2 = 4.
    const late = judge(staircaseMass, ablation(1, entry(1, 1, 0.1), entry(2, 4, 0.1)));
    expect(late.evidence.steps[2]!.sequential).toBe(false);
    expect(late.verdict).toBe('partial');
  });

  it('memorised: nothing breaks and the answer comes too early', () => {
    const v = judge(memorisedMass, ablation(1, entry(1, 1, 1, 'causal'), entry(2, 2, 0.99, 'causal')));
    expect(v.verdict).toBe('memorised');
    expect(v.sequentialSteps).toBe(0);
    expect(v.evidence.memorisingSignature).toBe(true);
    expect(v.evidence.steps[2]!.reasons.join()).toMatch(/before the causal bound 3/);
  });

  it('a break at a position where t_i is never decodable is not a sequential step', () => {
    // The model uses the <op> position as scratch space for something other than t_i.
    const v = judge(memorisedMass, ablation(1, entry(1, 1, 0.1, 'causal'), entry(2, 2, 0.1, 'causal')));
    expect(v.evidence.steps.slice(0, 2).map((s) => s.sequential)).toEqual([false, false]);
    expect(v.evidence.steps[0]!.reasons.join()).toMatch(/never decodable at its position/);
    expect(v.verdict).toBe('memorised');
  });

  it('an undefined c_K fails the last step', () => {
    const mass = staircaseMass.map((row) => [row[0]!, row[1]!, 0.3]);
    const v = judge(mass, ablation(1, entry(1, 1, 0.1), entry(2, 2, 0.1)));
    expect(v.evidence.steps[2]).toMatchObject({ sequential: false, layer: null, layerSource: null });
    expect(v.verdict).toBe('partial');
  });

  it('failed: run outcome, final accuracy, or probe-set baseline below target', () => {
    const good = ablation(1, entry(1, 1, 0.1), entry(2, 2, 0.1));
    expect(judge(staircaseMass, good, { outcome: 'budget' }).verdict).toBe('failed');
    expect(judge(staircaseMass, good, { finalAccuracy: 0.9 }).verdict).toBe('failed');
    const weakBaseline = judge(staircaseMass, ablation(0.95, entry(1, 1, 0.1), entry(2, 2, 0.1)));
    expect(weakBaseline.verdict).toBe('failed');
    expect(weakBaseline.evidence.failedReasons.join()).toMatch(/baseline accuracy/);
    // The evidence is kept: the steps are still counted.
    expect(weakBaseline.sequentialSteps).toBe(3);
  });

  it('reads the probe-set baseline against the target with its sampling noise (one-sided Wilson 95%)', () => {
    const withBaseline = (acc: number, n: number) => judge(staircaseMass, ablation(acc, entry(1, 1, 0.1), entry(2, 2, 0.1)), {}, 0.99, n);
    // 1010/1024 = 0.9863: Wilson upper bound 0.9923 >= 0.99, consistent with a 0.99 model.
    expect(withBaseline(1010 / 1024, 1024).verdict).toBe('sequential');
    // 990/1024 = 0.9668: upper bound 0.9762, below the target beyond noise.
    const low = withBaseline(990 / 1024, 1024);
    expect(low.verdict).toBe('failed');
    expect(low.evidence.failedReasons.join()).toMatch(/upper bound 0\.97\d\d\) is below the target 0\.99/);
    // The same 0.9863 on 100x more problems is below the target beyond noise.
    expect(withBaseline(0.9863, 102400).verdict).toBe('failed');
  });

  it('K = 1: only the answer step, judged by the causal bound', () => {
    const v = judgeProbe({ K: 1, analysis: analyseStaircase([[0.17], [0.99]], chance, S), ablation: ablation(1), run: {}, targetAccuracy: 0.99, breakDrop: 0.3, nProblems: 1024 });
    expect(v.verdict).toBe('sequential');
    expect(v.evidence.intermediatesNearChance).toBe(true);
  });
});

describe('probe settings', () => {
  it('has documented defaults and rejects unknown keys and bad values', () => {
    expect(resolveProbeSettings()).toEqual(PROBE_DEFAULTS);
    expect(resolveProbeSettings({ breakDrop: 0.2 }).breakDrop).toBe(0.2);
    expect(() => resolveProbeSettings({ breakdrop: 0.2 } as never)).toThrow(/did you mean `breakDrop`/);
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
  });
});
