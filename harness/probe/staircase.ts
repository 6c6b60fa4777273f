/**
 * Critical layers, the staircase, and the memorising signature, read from a logit-lens
 * mass matrix (mass[l][i-1], l = 0..L, i = 1..K). Pure functions.
 *
 * Causal bound: a model that composes one step per layer cannot decode t_i before lens
 * layer i (layer 1 can at best hold t_1 = e0 . g1, layer 2 then t_2, ...).
 */

/** The first lens layer l where mass[l][i-1] > threshold (strictly), or null. */
export function firstLayerAbove(mass: readonly (readonly number[])[], i: number, threshold: number): number | null {
  for (let l = 0; l < mass.length; l++) {
    const v = mass[l]?.[i - 1];
    if (v === undefined) throw new Error(`mass has no entry for layer ${l}, intermediate t${i}`);
    if (v > threshold) return l;
  }
  return null;
}

/** c_i for i = 1..K: the first layer where t_i's mass exceeds `decodeThreshold` (null if never). */
export function criticalLayers(mass: readonly (readonly number[])[], decodeThreshold: number): (number | null)[] {
  const K = mass[0]?.length ?? 0;
  return Array.from({ length: K }, (_, j) => firstLayerAbove(mass, j + 1, decodeThreshold));
}

export interface StaircaseAnalysis {
  /** c_1..c_K (null: never above decodeThreshold). */
  criticalLayers: (number | null)[];
  /** Every c_i defined, non-decreasing in i, and c_K >= K. */
  staircase: boolean;
  /** Why `staircase` is false (empty when true). */
  staircaseReasons: string[];
  /** Max over layers and i = 1..K-1 of mass[l][i-1] (null when K = 1: no intermediates). */
  maxIntermediateMass: number | null;
  /** Every intermediate t_1..t_{K-1} stays below chance + chanceMargin at every layer (vacuous at K = 1). */
  intermediatesNearChance: boolean;
  /** c_K is defined and c_K < K: the answer is decodable before the causal bound. */
  answerBeforeCausalBound: boolean;
  /** Both of the above: the memorising signature. */
  memorisingSignature: boolean;
}

/**
 * Read the staircase and the memorising signature from a mass matrix.
 * @param mass mass[l][i-1] for l = 0..L, i = 1..K
 * @param chance 1 / |G|
 */
export function analyseStaircase(
  mass: readonly (readonly number[])[],
  chance: number,
  settings: { decodeThreshold: number; chanceMargin: number },
): StaircaseAnalysis {
  const c = criticalLayers(mass, settings.decodeThreshold);
  const K = c.length;
  if (K === 0) throw new Error('analyseStaircase: the mass matrix has no intermediates');
  const reasons: string[] = [];
  c.forEach((ci, j) => {
    if (ci === null) reasons.push(`t${j + 1} never exceeds ${settings.decodeThreshold}`);
  });
  for (let j = 1; j < K; j++) {
    const prev = c[j - 1];
    const cur = c[j];
    if (prev != null && cur != null && cur < prev) reasons.push(`c${j + 1} = ${cur} is below c${j} = ${prev}`);
  }
  const cK = c[K - 1] ?? null;
  if (cK !== null && cK < K) reasons.push(`c${K} = ${cK} is before the causal bound ${K}`);

  let maxIntermediate: number | null = null;
  for (const row of mass) {
    for (let j = 0; j < K - 1; j++) maxIntermediate = Math.max(maxIntermediate ?? -Infinity, row[j]!);
  }
  const nearChance = maxIntermediate === null || maxIntermediate < chance + settings.chanceMargin;
  const early = cK !== null && cK < K;
  return {
    criticalLayers: c,
    staircase: reasons.length === 0,
    staircaseReasons: reasons,
    maxIntermediateMass: maxIntermediate,
    intermediatesNearChance: nearChance,
    answerBeforeCausalBound: early,
    memorisingSignature: nearChance && early,
  };
}

export type LayerSource = 'critical' | 'weak' | 'causal';

/**
 * Where to ablate intermediate t_i. `layer` (a_i, the start of `fromCritical`) is the onset:
 * the first layer where t_i's mass exceeds `weakThreshold`, since a 0.5 threshold misreads
 * a half-formed 0.45 as absent while the next step may already read it (REFERENCE); the
 * ablation then arbitrates. `layerSource` says 'critical' when the onset is c_i itself,
 * 'weak' when t_i shows earlier than c_i or never reaches decodeThreshold, 'causal' when it
 * never exceeds weakThreshold (then a_i = i, clamped to L). `afterFrom` (the start of
 * `afterCritical`) is c_i + 1: after t_i is fully decodable (a_i + 1 without c_i).
 */
export function ablationLayer(
  mass: readonly (readonly number[])[],
  i: number,
  settings: { decodeThreshold: number; weakThreshold: number },
): { layer: number; layerSource: LayerSource; afterFrom: number } {
  const critical = firstLayerAbove(mass, i, settings.decodeThreshold);
  const onset = firstLayerAbove(mass, i, Math.min(settings.weakThreshold, settings.decodeThreshold));
  if (onset === null) {
    const layer = Math.min(i, mass.length - 1);
    return { layer, layerSource: 'causal', afterFrom: layer + 1 };
  }
  if (critical !== null && onset === critical) return { layer: critical, layerSource: 'critical', afterFrom: critical + 1 };
  return { layer: onset, layerSource: 'weak', afterFrom: (critical ?? onset) + 1 };
}
