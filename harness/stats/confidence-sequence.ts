/**
 * Anytime-valid inference for a Bernoulli rate: the beta-binomial mixture
 * confidence sequence.
 *
 * Method: for seeds X_1, X_2, ... i.i.d. Bernoulli(p) with S_n successes in n,
 * and a Beta(a, b) mixing prior, the mixture likelihood ratio
 *   M_n(q) = [B(a + S_n, b + n - S_n) / B(a, b)] / [q^S_n (1 - q)^(n - S_n)]
 * is a non-negative martingale with M_0 = 1 when q = p. Ville's inequality gives
 *   P(exists n >= 1: M_n(p) >= 1/alpha) <= alpha,
 * so C_n = { q : M_n(q) < 1/alpha } is a (1 - alpha) confidence sequence:
 * it covers p at ALL n simultaneously. A sweep may therefore look after every
 * seed or every round, and stop whenever it likes, without inflating error.
 * C_n is an interval: log M_n(q) is convex in q, minimised at q = S_n / n where
 * it is <= 0 < log(1/alpha).
 *
 * References: Robbins, H. (1970). Statistical methods related to the law of
 * the iterated logarithm. Ann. Math. Statist. 41, 1397-1409.
 * Howard, S. R., Ramdas, A., McAuliffe, J. & Sekhon, J. (2021). Time-uniform,
 * nonparametric, nonasymptotic confidence sequences. Ann. Statist. 49(2),
 * 1055-1080 (beta-binomial mixture, Prop. 6 / Sec. 3.2).
 */
import { logBeta } from './special.ts';
import type { ClaimSide } from './types.ts';
import { assertAlpha, assertBinomial } from './validate.ts';

/** Beta prior of the mixture; a = b = 1 (uniform) by default. */
export interface BetaPrior {
  a: number;
  b: number;
}

export interface ConfidenceSequenceOptions {
  prior?: BetaPrior;
}

export const DEFAULT_PRIOR: BetaPrior = { a: 1, b: 1 };

function checkPrior(prior: BetaPrior): void {
  if (!(prior.a > 0) || !(prior.b > 0) || !Number.isFinite(prior.a) || !Number.isFinite(prior.b)) {
    throw new Error(`prior shapes must be finite and > 0, got a=${prior.a}, b=${prior.b}`);
  }
}

/** log M_n(q), the log mixture likelihood ratio against the point null q. */
export function logMixtureRatio(successes: number, n: number, q: number, prior: BetaPrior = DEFAULT_PRIOR): number {
  const failures = n - successes;
  const logMix = logBeta(prior.a + successes, prior.b + failures) - logBeta(prior.a, prior.b);
  const logLik =
    (successes > 0 ? successes * Math.log(q) : 0) + (failures > 0 ? failures * Math.log1p(-q) : 0);
  return logMix - logLik;
}

/** Bisection for the q in (lo, hi) where log M crosses `level`; `risingTowardsLo` tells the shape. */
function crossing(f: (q: number) => number, level: number, lo: number, hi: number, risingTowardsLo: boolean): number {
  for (let i = 0; i < 200 && hi - lo > 1e-15; i++) {
    const mid = (lo + hi) / 2;
    const outside = f(mid) >= level;
    if (outside === risingTowardsLo) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

/**
 * The (1 - alpha) beta-binomial mixture confidence sequence for a Bernoulli
 * rate after `successes` out of `n` trials: {lower, upper} with
 * P(p outside [lower, upper] for some n) <= alpha. Wider than a fixed-n
 * interval (the price of unlimited peeking): with the default uniform prior at
 * alpha = 0.05 it is about 1.1-1.5x the two-sided 95% Clopper-Pearson width
 * for n = 4..64.
 * @throws Error on invalid counts, alpha outside (0, 1), or a bad prior.
 */
export function bernoulliConfidenceSequence(
  successes: number,
  n: number,
  alpha = 0.05,
  options: ConfidenceSequenceOptions = {},
): { lower: number; upper: number; estimate: number } {
  const prior = options.prior ?? DEFAULT_PRIOR;
  assertBinomial(successes, n);
  assertAlpha(alpha);
  checkPrior(prior);
  if (n === 0) return { lower: 0, upper: 1, estimate: NaN };
  const level = -Math.log(alpha);
  const f = (q: number) => logMixtureRatio(successes, n, q, prior);
  const pHat = successes / n;
  const lower = successes === 0 || f(0) < level ? 0 : crossing(f, level, 0, pHat, true);
  const upper = successes === n ? 1 : crossing(f, level, pHat, 1, false);
  return { lower, upper, estimate: pHat };
}

/**
 * Anytime-valid decision on the claim "p >= threshold" (`'atLeast'`) or
 * "p <= threshold" (`'atMost'`), for use after every round of seeds:
 * 'pass' / 'fail' once the threshold has left the confidence sequence on the
 * corresponding side, otherwise 'continue'. Equivalent to
 * `verdictFromInterval(bernoulliConfidenceSequence(...), threshold, side)` up
 * to root-finding tolerance, but computed directly from M_n(threshold).
 *
 * Guarantee: whatever the true p and however many looks are taken,
 * P(ever wrongly pass) <= alpha and P(ever wrongly fail) <= alpha (jointly
 * <= alpha when p = threshold). When the sweep hits its seed budget while
 * still 'continue', report the claim as inconclusive.
 * @throws Error on invalid counts, alpha, or a threshold outside (0, 1).
 */
export function sequentialRateDecision(
  successes: number,
  n: number,
  threshold: number,
  side: ClaimSide,
  alpha = 0.05,
  options: ConfidenceSequenceOptions = {},
): 'pass' | 'fail' | 'continue' {
  const prior = options.prior ?? DEFAULT_PRIOR;
  assertBinomial(successes, n);
  assertAlpha(alpha);
  checkPrior(prior);
  if (typeof threshold !== 'number' || !(threshold > 0 && threshold < 1)) {
    throw new Error(`threshold must be strictly between 0 and 1, got ${String(threshold)}`);
  }
  if (side !== 'atLeast' && side !== 'atMost') {
    throw new Error(`side must be 'atLeast' or 'atMost', got ${String(side)}`);
  }
  if (n === 0) return 'continue';
  const pHat = successes / n;
  if (pHat === threshold) return 'continue';
  if (logMixtureRatio(successes, n, threshold, prior) < -Math.log(alpha)) return 'continue';
  const above = pHat > threshold; // the threshold lies below the whole sequence interval
  if (side === 'atLeast') return above ? 'pass' : 'fail';
  return above ? 'fail' : 'pass';
}
