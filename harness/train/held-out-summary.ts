import type { EvalSet } from '../task/sampler.ts';
import type { HeldOutAdjustment } from '../task/held-out.ts';

/** record.json's `heldOut`: which problems the seed never trained on, and how many were evaluated. */
export interface HeldOutSummary {
  /** The arm's heldOutFraction. */
  fraction: number;
  /** held out iff hash(streamSeed, problem key) / 2^32 < fraction, for k >= 2 (harness/task/held-out.ts). */
  rule: 'hash';
  /** Seed of the `eval` stream, the key of the hash. */
  streamSeed: number;
  /** countByK[k-1]: held-out problems of length k in the whole space (null: more than 2^22 problems, not counted). */
  countByK: (number | null)[];
  /** evalCountByK[k-1]: problems of length k evaluated (held out for k >= 2; k = 1: its training problems). */
  evalCountByK: number[];
  /** Training (not held-out) length-K problems behind trainAccuracy. */
  trainEvalCount: number;
  /** Lengths where the rule alone selected none or all of the space, and what was done. */
  adjusted: HeldOutAdjustment[];
}

export function heldOutSummary(evalSet: EvalSet): HeldOutSummary {
  const { heldOut } = evalSet;
  return {
    fraction: heldOut.fraction,
    rule: 'hash',
    streamSeed: heldOut.streamSeed,
    countByK: [...heldOut.countByK],
    evalCountByK: evalSet.problemsByK.map((p) => p.length),
    trainEvalCount: evalSet.trainProblems.length,
    adjusted: heldOut.adjusted.map((a) => ({ ...a })),
  };
}
