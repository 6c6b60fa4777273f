import type { Group } from './group.ts';
import { prefixProducts } from './group.ts';
import { encodeProblem, inputLength, vocabFor, type Vocab } from './tokens.ts';
import type { Rng } from '../util/prng.ts';
import { keyOf, sampleSide, type HeldOutSet } from './held-out.ts';

export { heldOutSet, type HeldOutSet } from './held-out.ts';

export type Weighting = 'uniform' | 'quadratic';

export interface Problem {
  readonly e0: number;
  readonly gs: readonly number[];
  /** t_1..t_k. */
  readonly intermediates: readonly number[];
  readonly answer: number;
}

/** A batch laid out for the model: row b holds input positions 0..T-1 (T = 2K+3). */
export interface Batch {
  readonly size: number;
  readonly T: number;
  /** [size * T] input token ids. */
  readonly inputs: Int32Array;
  /** [size * T] next-token targets (the pad id past the answer). */
  readonly targets: Int32Array;
  /** [size] composition length k of each row. */
  readonly ks: Int32Array;
  /** [size] the answer t_k of each row. */
  readonly answers: Int32Array;
  readonly problems: readonly Problem[];
}

/** Probability of each k in 1..K: uniform, or proportional to k^2 (1:4:9:...). */
export function lengthWeights(K: number, weighting: Weighting): number[] {
  return Array.from({ length: K }, (_, i) => (weighting === 'quadratic' ? (i + 1) ** 2 : 1));
}

export function randomProblem(group: Group, k: number, rng: Rng): Problem {
  const n = group.names.length;
  const e0 = rng.int(n);
  const gs = Array.from({ length: k }, () => rng.int(n));
  const intermediates = prefixProducts(group, e0, gs);
  return { e0, gs, intermediates, answer: intermediates[k - 1]! };
}

export const problemKey = (p: Problem): string => keyOf(p.e0, p.gs);

export function makeBatch(vocab: Vocab, K: number, problems: readonly Problem[]): Batch {
  const T = inputLength(K);
  const size = problems.length;
  const inputs = new Int32Array(size * T);
  const targets = new Int32Array(size * T);
  const ks = new Int32Array(size);
  const answers = new Int32Array(size);
  problems.forEach((p, b) => {
    const tokens = encodeProblem(vocab, K, p.e0, p.gs, p.answer);
    for (let t = 0; t < T; t++) {
      inputs[b * T + t] = tokens[t]!;
      targets[b * T + t] = tokens[t + 1]!;
    }
    ks[b] = p.gs.length;
    answers[b] = p.answer;
  });
  return { size, T, inputs, targets, ks, answers, problems };
}

/**
 * Training batches from the `data` stream: k drawn by `weighting`, then a uniform problem of
 * length k, redrawn while it is in the held-out set (so training never sees a held-out problem).
 */
export class TrainingSampler {
  readonly vocab: Vocab;
  private readonly weights: number[];
  constructor(
    readonly group: Group,
    readonly K: number,
    readonly weighting: Weighting,
    private readonly rng: Rng,
    private readonly heldOut: HeldOutSet | null = null,
  ) {
    this.vocab = vocabFor(group);
    this.weights = lengthWeights(K, weighting);
    if (heldOut && (heldOut.group !== group || heldOut.K !== K)) throw new Error(`TrainingSampler: the held-out set is for ${heldOut.group.id} K=${heldOut.K}, the sampler for ${group.id} K=${K}`);
  }

  problem(): Problem {
    const k = this.rng.weighted(this.weights) + 1;
    // Every length keeps training problems (held-out.ts), so the redraws end; the cap only guards a bug.
    for (let draw = 0; draw < 100_000; draw++) {
      const p = randomProblem(this.group, k, this.rng);
      if (!this.heldOut?.has(p.e0, p.gs)) return p;
    }
    throw new Error(`TrainingSampler: 100000 draws of length ${k} were all held out`);
  }

  batch(size: number): Batch {
    return makeBatch(this.vocab, this.K, Array.from({ length: size }, () => this.problem()));
  }
}

/** Training problems of length K evaluated for the training-problem accuracy (at most). */
export const TRAIN_EVAL_SIZE = 256;

export interface EvalSet {
  readonly heldOut: HeldOutSet;
  /**
   * problemsByK[k-1]: the evaluation problems of length k: for k >= 2, `perK` held-out problems
   * (all of them, enumerated, when there are at most perK); for k = 1, the |G|^2 training problems.
   */
  readonly problemsByK: readonly (readonly Problem[])[];
  /** Lengths whose evaluation problems are held out: every k >= 2. */
  readonly heldOutLengths: readonly number[];
  /** Up to TRAIN_EVAL_SIZE training (not held-out) problems of length K. */
  readonly trainProblems: readonly Problem[];
}

/**
 * A seed's fixed evaluation set: held-out problems of each length k >= 2 from `evalRng` (the `eval`
 * stream), every length-1 problem, and training problems of length K from `trainRng` (`eval-train`).
 */
export function makeEvalSet(heldOut: HeldOutSet, perK: number, evalRng: Rng, trainRng: Rng): EvalSet {
  const { group, K } = heldOut;
  const problemsByK: Problem[][] = [sampleSide(heldOut, 1, 'train', group.names.length ** 2, evalRng)];
  const heldOutLengths: number[] = [];
  for (let k = 2; k <= K; k++) {
    problemsByK.push(sampleSide(heldOut, k, 'held-out', perK, evalRng));
    heldOutLengths.push(k);
  }
  const trainProblems = sampleSide(heldOut, K, 'train', TRAIN_EVAL_SIZE, trainRng);
  return { heldOut, problemsByK, heldOutLengths, trainProblems };
}
