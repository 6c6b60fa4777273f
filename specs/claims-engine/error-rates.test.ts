/**
 * The error statements of docs/claims.md, checked by exact enumeration (no simulation).
 *
 * Fixed n: the verdict's pass set is an upper set of x for an atLeast claim (a lower set for
 * atMost) and P_p(X in an upper set) rises with p, so the worst false pass over every true rate
 * below the threshold is the pass probability at p = threshold, and the worst false fail over
 * every rate at or above it is the fail probability at p = threshold. Summing binomial
 * probabilities at p = threshold therefore gives the exact worst case of each wrong verdict;
 * docs/claims.md states <= alpha / 2 for each.
 * Sequential: P(ever a wrong verdict) <= alpha over every look (exactSequentialRates propagates
 * the count through the looks exactly).
 */
import { describe, expect, it } from 'vitest';
import { differenceInterval, intervalVerdict, rateInterval } from '../../harness/claims/rate-intervals.ts';
import { exactSequentialRates, logChoose, sequentialRateDecision, verdictFromInterval, wilsonInterval } from '../../harness/stats/index.ts';

const ALPHA = 0.05;
const CONFIDENCE = 1 - ALPHA;
const BOUND = ALPHA / 2; // docs/claims.md: each wrong fixed-n verdict has probability <= alpha / 2
const THRESHOLDS = [0.1, 0.2, 0.5, 0.8, 0.9];
const SIDES = ['atLeast', 'atMost'] as const;

const pmf = (x: number, n: number, p: number): number => Math.exp(logChoose(n, x) + x * Math.log(p) + (n - x) * Math.log1p(-p));

type Rule = (x: number, n: number, threshold: number, side: 'atLeast' | 'atMost') => 'pass' | 'fail' | 'inconclusive';
const claimsRule: Rule = (x, n, t, side) => intervalVerdict(rateInterval(x, n, CONFIDENCE, false), t, side, '').status;

/** P(pass) and P(fail) at p = threshold: the worst false pass and the worst false fail. */
function errorsAtThreshold(rule: Rule, n: number, t: number, side: 'atLeast' | 'atMost'): { falsePass: number; falseFail: number } {
  let falsePass = 0;
  let falseFail = 0;
  for (let x = 0; x <= n; x++) {
    const verdict = rule(x, n, t, side);
    if (verdict === 'pass') falsePass += pmf(x, n, t);
    if (verdict === 'fail') falseFail += pmf(x, n, t);
  }
  return { falsePass, falseFail };
}

/** The worst wrong-verdict probability of a rule over n = 1..30, every threshold and side. */
function worstOver(rule: Rule, ns: number[]): { error: number; where: string } {
  let worst = { error: 0, where: '' };
  for (const n of ns)
    for (const t of THRESHOLDS)
      for (const side of SIDES) {
        const { falsePass, falseFail } = errorsAtThreshold(rule, n, t, side);
        for (const [kind, error] of [['false pass', falsePass], ['false fail', falseFail]] as const) if (error > worst.error) worst = { error, where: `${kind}, n = ${n}, ${side} ${t}` };
      }
  return worst;
}

const range = (a: number, b: number): number[] => Array.from({ length: b - a + 1 }, (_, i) => a + i);

describe('fixed n: each wrong verdict has probability <= alpha / 2 (exact enumeration)', () => {
  it('holds for the claims rule (Clopper-Pearson) at n = 1..30, thresholds 0.1, 0.2, 0.5, 0.8, 0.9, both sides', () => {
    for (const n of range(1, 30))
      for (const t of THRESHOLDS)
        for (const side of SIDES) {
          const { falsePass, falseFail } = errorsAtThreshold(claimsRule, n, t, side);
          expect(falsePass, `false pass, n = ${n}, ${side} ${t}`).toBeLessThanOrEqual(BOUND);
          expect(falseFail, `false fail, n = ${n}, ${side} ${t}`).toBeLessThanOrEqual(BOUND);
        }
    // not vacuous: the bound is nearly reached (0.0245 at n = 17, threshold 0.5)
    expect(worstOver(claimsRule, range(1, 30)).error).toBeGreaterThan(0.02);
  });

  it('the enumeration catches a rule that breaks it: Wilson fails atLeast 0.8 wrongly 20% of the time at n = 1', () => {
    const wilson: Rule = (x, n, t, side) => verdictFromInterval(wilsonInterval(x, n, CONFIDENCE), t, side);
    expect(errorsAtThreshold(wilson, 1, 0.8, 'atLeast').falseFail).toBeCloseTo(0.2, 12);
    expect(worstOver(wilson, range(1, 30)).error).toBeGreaterThan(BOUND);
  });

  it('holds for compare (Bonferroni Clopper-Pearson), n = 1..12 per arm, on a grid of the boundary rate1 - rate2 = margin', () => {
    for (const n of range(1, 12)) {
      const cells = range(0, n).map((x1) => range(0, n).map((x2) => differenceInterval(x1, n, x2, n, CONFIDENCE, false).difference));
      for (const margin of [0, 0.2]) {
        for (let p2 = 0.05; p2 + margin <= 0.951; p2 += 0.05) {
          const p1 = p2 + margin;
          let falsePass = 0;
          let falseFail = 0;
          for (let x1 = 0; x1 <= n; x1++)
            for (let x2 = 0; x2 <= n; x2++) {
              const verdict = verdictFromInterval(cells[x1]![x2]!, margin, 'atLeast');
              const p = pmf(x1, n, p1) * pmf(x2, n, p2);
              if (verdict === 'pass') falsePass += p;
              if (verdict === 'fail') falseFail += p;
            }
          expect(falsePass, `n = ${n}, margin ${margin}, p2 = ${p2}`).toBeLessThanOrEqual(BOUND);
          expect(falseFail, `n = ${n}, margin ${margin}, p2 = ${p2}`).toBeLessThanOrEqual(BOUND);
        }
      }
    }
  });
});

describe('sequential mode: P(ever a wrong verdict) <= alpha over all looks (exact)', () => {
  it.each([
    [1, 30],
    [4, 64],
    [8, 64],
  ])('one look every %i seeds up to %i: pass + fail at p = threshold stays <= alpha', (roundSize, maxSeeds) => {
    for (const threshold of THRESHOLDS) {
      for (const side of SIDES) {
        const r = exactSequentialRates({ trueRate: threshold, threshold, side, alpha: ALPHA, roundSize, maxSeeds });
        expect(r.passRate + r.failRate, `${side} ${threshold}`).toBeLessThanOrEqual(ALPHA);
      }
    }
  });

  it('the claims rule in sequential mode is the same decision as sequentialRateDecision', () => {
    for (const n of range(1, 30))
      for (let x = 0; x <= n; x++)
        for (const t of THRESHOLDS) {
          const viaInterval = intervalVerdict(rateInterval(x, n, CONFIDENCE, true), t, 'atLeast', '').status;
          const direct = sequentialRateDecision(x, n, t, 'atLeast', ALPHA);
          expect(viaInterval, `${x}/${n} vs ${t}`).toBe(direct === 'continue' ? 'inconclusive' : direct);
        }
  });
});
