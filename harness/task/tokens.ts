import type { Group } from './group.ts';

/**
 * Token layout of one problem with composition length k (K the maximum):
 *   pos:   0        1    2     3    4     5   ...  2k+1  2k+2       2k+3
 *   token: <start>  e0   <op>  g1   <op>  g2  ...  gk    <predict>  answer
 * right-padded with <pad> to 2K+4 tokens. Element tokens are ids 0..|G|-1.
 * The model reads positions 0..2K+2 and predicts the next token at each.
 * t_i (the running product after g_i) is read at input position 2i+2: the
 * <op> that follows g_i, or <predict> for i = k, whatever k is.
 */
export interface Vocab {
  readonly size: number;
  readonly start: number;
  readonly op: number;
  readonly predict: number;
  readonly pad: number;
  readonly elements: number;
  readonly names: readonly string[];
}

export function vocabFor(group: Group): Vocab {
  const n = group.names.length;
  return {
    size: n + 4,
    start: n,
    op: n + 1,
    predict: n + 2,
    pad: n + 3,
    elements: n,
    names: [...group.names, '<start>', '<op>', '<predict>', '<pad>'],
  };
}

/** Number of input positions the model sees for maximum length K. */
export const inputLength = (K: number): number => 2 * K + 3;
/** Position of t_i (i = 1..k) in the input. */
export const intermediatePosition = (i: number): number => 2 * i + 2;
/** Position of g_i (i = 1..k) in the input. */
export const operandPosition = (i: number): number => 2 * i + 1;

/** The full token sequence (length 2K+4) of e0, g1..gk with its answer. */
export function encodeProblem(vocab: Vocab, K: number, e0: number, gs: readonly number[], answer: number): number[] {
  if (gs.length < 1 || gs.length > K) throw new Error(`encodeProblem: k = ${gs.length} is outside 1..${K}`);
  const tokens = [vocab.start, e0];
  for (const g of gs) tokens.push(vocab.op, g);
  tokens.push(vocab.predict, answer);
  while (tokens.length < 2 * K + 4) tokens.push(vocab.pad);
  return tokens;
}

/** `r0 . r1 . s0 -> s1` for a problem; `?` for an unknown answer. */
export function problemText(vocab: Vocab, e0: number, gs: readonly number[], answer?: number): string {
  const parts = [e0, ...gs].map((t) => vocab.names[t] ?? `#${t}`);
  const rhs = answer === undefined ? '?' : (vocab.names[answer] ?? `#${answer}`);
  return `${parts.join(' . ')} -> ${rhs}`;
}

/** Decode a token sequence to its raw text, e.g. `<start> r0 <op> r1 <predict> r1 <pad>`. */
export function decodeTokens(vocab: Vocab, tokens: readonly number[]): string {
  return tokens.map((t) => vocab.names[t] ?? `#${t}`).join(' ');
}
