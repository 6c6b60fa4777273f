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
  /** c_i = the first lens layer where the mean mass of t_i exceeds this (strictly). */
  decodeThreshold: number;
  /**
   * Onset of t_i: the ablation starts at the first layer where its mass exceeds this
   * (REFERENCE: a 0.5 threshold misreads 0.45 as absent, so the ablation, not the lens,
   * arbitrates). Above 1/3 on purpose: a D3 model that only knows rotation vs reflection
   * (the ln 3 plateau, a parity it can count in parallel) puts 1/3 on the right element.
   * Calibrated for D3 (chance 1/6); raise it for tasks with fewer elements (Z2: chance 1/2).
   */
  weakThreshold: number;
  /** "Near chance": every intermediate t_1..t_{K-1} stays below chance + this at every layer. */
  chanceMargin: number;
  /**
   * A step is sequential when zeroing its position from its ablation layer on drops the
   * answer accuracy by at least this much below the baseline (absolute accuracy).
   */
  breakDrop: number;
  /**
   * Answer accuracy a run must reach to be judged at all (else `failed`); also applied to
   * the baseline accuracy on the probe set. null = the arm's targetAccuracy.
   */
  targetAccuracy: number | null;
}

export const PROBE_DEFAULTS: ProbeSettings = {
  nProblems: 1024,
  chunk: 256,
  decodeThreshold: 0.5,
  weakThreshold: 0.4,
  chanceMargin: 0.15,
  breakDrop: 0.3,
  targetAccuracy: null,
};

export const PROBE_KEYS = Object.keys(PROBE_DEFAULTS) as (keyof ProbeSettings)[];

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
  for (const key of ['decodeThreshold', 'weakThreshold', 'chanceMargin', 'breakDrop'] as const) {
    if (!(s[key] >= 0 && s[key] <= 1)) problems.push(`${key} must lie in [0, 1] (got ${s[key]})`);
  }
  if (s.targetAccuracy !== null && !(s.targetAccuracy >= 0 && s.targetAccuracy <= 1)) problems.push(`targetAccuracy must lie in [0, 1] or be null (got ${s.targetAccuracy})`);
  if (problems.length) throw new Error(`probe settings: ${problems.join('; ')}`);
  return s;
}
