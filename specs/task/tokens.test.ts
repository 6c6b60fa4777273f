import { describe, expect, it } from 'vitest';
import { D3 } from '../../harness/task/d3.ts';
import { elementIndex } from '../../harness/task/group.ts';
import { decodeTokens, encodeProblem, inputLength, intermediatePosition, operandPosition, problemText, vocabFor } from '../../harness/task/tokens.ts';

const vocab = vocabFor(D3);
const el = (n: string) => elementIndex(D3, n);

describe('tokens', () => {
  it('lays out <start> e0 <op> g1 ... <op> gk <predict> answer, right-padded to 2K+4', () => {
    const tokens = encodeProblem(vocab, 4, el('r0'), [el('r1'), el('s0')], el('s1'));
    expect(decodeTokens(vocab, tokens)).toBe('<start> r0 <op> r1 <op> s0 <predict> s1 <pad> <pad> <pad> <pad>');
    expect(tokens).toHaveLength(2 * 4 + 4);
    expect(inputLength(4)).toBe(11);
  });

  it('puts t_i at the <op> after g_i and t_k at <predict>, whatever k is', () => {
    const K = 3;
    for (let k = 1; k <= K; k++) {
      const gs = Array.from({ length: k }, () => el('r1'));
      const tokens = encodeProblem(vocab, K, el('r0'), gs, 0);
      for (let i = 1; i <= k; i++) {
        expect(tokens[operandPosition(i)]).toBe(el('r1'));
        expect(tokens[intermediatePosition(i)]).toBe(i < k ? vocab.op : vocab.predict);
      }
    }
  });

  it('writes problems as text for messages and reports', () => {
    expect(problemText(vocab, el('r0'), [el('r1'), el('s0')], el('s1'))).toBe('r0 . r1 . s0 -> s1');
    expect(problemText(vocab, el('s2'), [el('r2')])).toBe('s2 . r2 -> ?');
  });

  it('rejects a composition longer than K', () => {
    expect(() => encodeProblem(vocab, 2, 0, [0, 0, 0], 0)).toThrow(/outside 1..2/);
  });
});
