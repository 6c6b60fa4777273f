import type { Group } from './group.ts';
import { prefixProducts } from './group.ts';
import { encodeProblem, inputLength, vocabFor, type Vocab } from './tokens.ts';
import type { Rng } from '../util/prng.ts';

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

export const problemKey = (p: Problem): string => `${p.e0}:${p.gs.join(',')}`;

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
 * Training batches from the `data` stream. Problems of the held-out evaluation set
 * are never drawn for lengths whose problem space is large enough to hold them out
 * (more than `holdOutFactor` times the number held out); see `heldOutLengths`.
 */
export class TrainingSampler {
  readonly vocab: Vocab;
  private readonly weights: number[];
  constructor(
    readonly group: Group,
    readonly K: number,
    readonly weighting: Weighting,
    private readonly rng: Rng,
    private readonly excluded: ReadonlySet<string> = new Set(),
  ) {
    this.vocab = vocabFor(group);
    this.weights = lengthWeights(K, weighting);
  }

  problem(): Problem {
    const k = this.rng.weighted(this.weights) + 1;
    for (;;) {
      const p = randomProblem(this.group, k, this.rng);
      if (!this.excluded.has(problemKey(p))) return p;
    }
  }

  batch(size: number): Batch {
    return makeBatch(this.vocab, this.K, Array.from({ length: size }, () => this.problem()));
  }
}

export interface EvalSet {
  /** problemsByK[k-1]: the held-out problems of length k. */
  readonly problemsByK: readonly (readonly Problem[])[];
  /** Lengths k whose problems are excluded from training (space big enough). */
  readonly heldOutLengths: readonly number[];
  readonly excluded: ReadonlySet<string>;
}

/** A fixed evaluation set per seed from the `eval` stream: `perK` distinct-draw problems for each k. */
export function makeEvalSet(group: Group, K: number, perK: number, rng: Rng, holdOutFactor = 8): EvalSet {
  const problemsByK: Problem[][] = [];
  const heldOutLengths: number[] = [];
  const excluded = new Set<string>();
  for (let k = 1; k <= K; k++) {
    const list = Array.from({ length: perK }, () => randomProblem(group, k, rng));
    problemsByK.push(list);
    const space = group.names.length ** (k + 1);
    if (space > holdOutFactor * perK) {
      heldOutLengths.push(k);
      for (const p of list) excluded.add(problemKey(p));
    }
  }
  return { problemsByK, heldOutLengths, excluded };
}
