/**
 * Every threshold and size of the probe in one block, each commented. A caller
 * overrides only what differs; an unknown key is an error (see resolveProbeSettings).
 */
import { didYouMean } from '../util/suggest.ts';

export interface ProbeSettings {
  /** Length-K problems drawn from the run seed's `probe` stream (REFERENCE: >= 1,024). */
  nProblems: number;
  /** Problems per forward pass (bounds the wasm heap; no effect on the numbers). */
  chunk: number;
  /**
   * c_i = the first lens layer where the mean mass of t_i exceeds this (strictly).
   * null = the task's default, DECODE_FRACTION of the way from chance to certainty:
   * 0.5 for D3 (chance 1/6), 0.7 for the binary task (chance 1/2, where 0.5 is noise).
   */
  decodeThreshold: number | null;
  /**
   * Onset of t_i: the ablation starts at the first layer where its mass exceeds this
   * (REFERENCE: a 0.5 threshold misreads 0.45 as absent, so the ablation, not the lens,
   * arbitrates). Above 1/3 on purpose: a D3 model that only knows rotation vs reflection
   * (the ln 3 plateau, a parity it can count in parallel) puts 1/3 on the right element.
   * null = WEAK_FRACTION of the way from chance to certainty: 0.4 for D3, 0.64 for Z2.
   */
  weakThreshold: number | null;
  /** "Near chance": every intermediate t_1..t_{K-1} stays below chance + this at every layer. */
  chanceMargin: number;
  /**
   * The accuracy an ablation can fall to while the model still knows the cheap, parallel part of
   * the answer. null = the task's default (floorFor): 1/3 for D3, where rotation vs reflection is
   * a parity a model counts in parallel and that alone puts 1/3 on the right element; chance (1/2)
   * for the binary task. "Breaks" and "keeps" are measured on the way from this floor to the baseline.
   */
  floor: number | null;
  /**
   * A place is needed when zeroing t_i there from its onset takes away at least this fraction
   * of the accuracy above the floor: ablated <= floor + (baseline - floor) * (1 - breakFraction).
   */
  breakFraction: number;
  /**
   * The after-critical control holds when zeroing t_i after its critical layer keeps at least this
   * fraction of the accuracy above the floor: ablated >= floor + (baseline - floor) * keepFraction.
   */
  keepFraction: number;
  /**
   * Answer accuracy a run must reach to be judged at all (else `failed`); also applied to
   * the baseline accuracy on the probe set. null = the arm's targetAccuracy.
   */
  targetAccuracy: number | null;
}

export const PROBE_DEFAULTS: ProbeSettings = {
  nProblems: 1024,
  chunk: 256,
  decodeThreshold: null,
  weakThreshold: null,
  chanceMargin: 0.15,
  floor: null,
  breakFraction: 0.5,
  keepFraction: 0.8,
  targetAccuracy: null,
};

export const PROBE_KEYS = Object.keys(PROBE_DEFAULTS) as (keyof ProbeSettings)[];

/** Default decode threshold as a fraction of the way from chance to 1 (D3: 1/6 + 0.4 * 5/6 = 0.5). */
export const DECODE_FRACTION = 0.4;
/** Default onset threshold, likewise (D3: 1/6 + 0.28 * 5/6 = 0.4, above the parity level 1/3). */
export const WEAK_FRACTION = 0.28;

/** `chance + fraction * (1 - chance)`, rounded to 6 decimals so D3's defaults are exactly 0.5 and 0.4. */
export function relativeThreshold(fraction: number, chance: number): number {
  return Math.round((chance + fraction * (1 - chance)) * 1e6) / 1e6;
}

/** The task's default floor: D3's parity level 1/3 (rotation vs reflection), chance elsewhere. */
export function floorFor(task: 'd3' | 'binary', chance: number): number {
  return task === 'd3' ? 1 / 3 : chance;
}

/** The settings with the task-relative thresholds and floor filled in for a task whose chance level is `chance`. */
export function thresholdsFor<T extends Pick<ProbeSettings, 'decodeThreshold' | 'weakThreshold'> & { floor?: number | null }>(
  s: T,
  chance: number,
  task: 'd3' | 'binary' = 'd3',
): T & { decodeThreshold: number; weakThreshold: number; floor: number } {
  return {
    ...s,
    decodeThreshold: s.decodeThreshold ?? relativeThreshold(DECODE_FRACTION, chance),
    weakThreshold: s.weakThreshold ?? relativeThreshold(WEAK_FRACTION, chance),
    floor: s.floor ?? floorFor(task, chance),
  };
}

/** Defaults with `overrides` applied; throws on an unknown key or an out-of-range value. */
export function resolveProbeSettings(overrides: Partial<ProbeSettings> = {}): ProbeSettings {
  const problems: string[] = [];
  for (const key of Object.keys(overrides)) {
    if (!(PROBE_KEYS as string[]).includes(key)) {
      const hint = didYouMean(key, PROBE_KEYS);
      problems.push(`unknown probe setting \`${key}\`${hint ? ` (did you mean \`${hint}\`?)` : ''}; allowed: ${PROBE_KEYS.join(', ')}`);
    }
  }
  const s: ProbeSettings = { ...PROBE_DEFAULTS };
  for (const key of PROBE_KEYS) {
    const value = overrides[key];
    if (value !== undefined) (s as unknown as Record<string, unknown>)[key] = value;
  }
  if (!Number.isInteger(s.nProblems) || s.nProblems < 1) problems.push(`nProblems must be a positive integer (got ${s.nProblems})`);
  if (!Number.isInteger(s.chunk) || s.chunk < 1) problems.push(`chunk must be a positive integer (got ${s.chunk})`);
  for (const key of ['decodeThreshold', 'weakThreshold', 'chanceMargin', 'floor', 'breakFraction', 'keepFraction'] as const) {
    const v = s[key];
    if (v !== null && !(v >= 0 && v <= 1)) problems.push(`${key} must lie in [0, 1]${key.endsWith('Threshold') || key === 'floor' ? ' or be null (the task default)' : ''} (got ${v})`);
  }
  if (s.targetAccuracy !== null && !(s.targetAccuracy >= 0 && s.targetAccuracy <= 1)) problems.push(`targetAccuracy must lie in [0, 1] or be null (got ${s.targetAccuracy})`);
  if (problems.length) throw new Error(`probe settings: ${problems.join('; ')}`);
  return s;
}
