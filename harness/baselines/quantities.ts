/**
 * What a baseline comparison compares: the per-arm quantities a claim's expectations read,
 * each with the direction that is "better" for the claim.
 *
 * - rate (atLeast): the arm's rate of the outcome, counted as the claim counts it (a mechanism
 *   outcome among the seeds that learned, and with `given`); higher is better. atMost: lower is better.
 * - compare: the `higher` arm's rate (higher is better) and the `lower` arm's (lower is better).
 * - ablation: the arm's fraction of judged seeds meeting the bound; higher is better.
 * - metric (arms [a, b], direction lower): a's values (lower is better) and b's (higher is
 *   better); direction higher the other way round.
 *
 * A `regression` is a significant move against the claim, an `improvement` one towards it.
 * The same (arm, quantity, direction) read by several expectations is compared once.
 */
import type { AblationExpectation, Claim } from '../claims/claim-types.ts';
import { boundOf } from '../claims/claim-types.ts';
import { ablationCounts } from '../claims/evaluate-ablation.ts';
import { metricValues } from '../claims/evaluate-metric.ts';
import { ablationRateName, rateName } from '../claims/describe-expectation.ts';
import type { SeedMetric, SeedOutcome, SeedSummary } from '../claims/seed-summary.ts';
import { isMechanismMetric, learned, rateCounts } from '../claims/seed-summary.ts';

/** Which way is better for the claim. */
export type Better = 'higher' | 'lower';

/** A rate quantity: the seeds counted and those with the outcome (or meeting the ablation bound). */
export interface RateQuantity {
  kind: 'rate';
  arm: string;
  /** The outcome, or the ablation quantity's name (ablationQuantityName). */
  quantity: string;
  better: Better;
  /** x of n for a list of seeds. */
  count: (seeds: readonly SeedSummary[]) => { successes: number; n: number };
}

/** A metric quantity: per-seed values (censored values as +Infinity, see metricValues). */
export interface MetricQuantity {
  kind: 'metric';
  arm: string;
  quantity: SeedMetric;
  better: Better;
}

export type Quantity = RateQuantity | MetricQuantity;

const flip = (b: Better): Better => (b === 'higher' ? 'lower' : 'higher');

/** The name of an ablation expectation's rate, e.g. `fromOnset/zero <= 0.5 (sequential seeds)` (one definition: claims/describe-expectation.ts). */
export const ablationQuantityName = (exp: AblationExpectation): string => ablationRateName(exp);

/** A rate counted as the claim counts it: mechanism outcomes among the seeds that learned (and have `given`). */
function outcomeRate(arm: string, outcome: SeedOutcome, better: Better, given?: SeedOutcome): RateQuantity {
  return {
    kind: 'rate',
    arm,
    quantity: rateName(outcome, given),
    better,
    count: (seeds) => {
      const c = rateCounts(seeds, outcome, given);
      return { successes: c.x, n: c.n };
    },
  };
}

function ablationRate(exp: AblationExpectation): RateQuantity {
  return {
    kind: 'rate',
    arm: exp.arm,
    quantity: ablationQuantityName(exp),
    better: 'higher',
    count: (seeds) => {
      const c = ablationCounts(seeds, exp);
      return { successes: c.x, n: c.n };
    },
  };
}

/** The quantities of a claim, in expectation order, each (arm, quantity, better) once. */
export function claimQuantities(claim: Claim): Quantity[] {
  const out: Quantity[] = [];
  const seen = new Set<string>();
  const add = (q: Quantity) => {
    const id = `${q.kind}\0${q.arm}\0${q.quantity}\0${q.better}`;
    if (!seen.has(id)) {
      seen.add(id);
      out.push(q);
    }
  };
  for (const exp of claim.expect) {
    switch (exp.kind) {
      case 'rate':
        add(outcomeRate(exp.arm, exp.outcome, boundOf(exp).side === 'atLeast' ? 'higher' : 'lower', exp.given));
        break;
      case 'compare':
        add(outcomeRate(exp.higher, exp.outcome, 'higher'));
        add(outcomeRate(exp.lower, exp.outcome, 'lower'));
        break;
      case 'ablation':
        add(ablationRate(exp));
        break;
      case 'metric':
        add({ kind: 'metric', arm: exp.arms[0], quantity: exp.metric, better: exp.direction });
        add({ kind: 'metric', arm: exp.arms[1], quantity: exp.metric, better: flip(exp.direction) });
        break;
    }
  }
  return out;
}

/** The ablation rates a claim reads, by arm: what a baseline file stores besides the outcomes. */
export function ablationRatesOf(claim: Claim): Map<string, RateQuantity[]> {
  const out = new Map<string, RateQuantity[]>();
  for (const exp of claim.expect) {
    if (exp.kind !== 'ablation') continue;
    const q = ablationRate(exp);
    const list = out.get(q.arm) ?? [];
    if (!list.some((x) => x.quantity === q.quantity)) list.push(q);
    out.set(q.arm, list);
  }
  return out;
}

/** Per-seed values of a metric for the test (censored nulls as +Infinity, other nulls dropped); a mechanism metric over the seeds that learned. */
export const metricSample = (seeds: readonly SeedSummary[], metric: SeedMetric): number[] => metricValues(isMechanismMetric(metric) ? seeds.filter(learned) : seeds, metric);
