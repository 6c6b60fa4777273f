/**
 * What a baseline comparison compares: the per-arm quantities a claim's expectations read,
 * each with the direction that is "better" for the claim (each kind module says which, in its
 * `quantities`: claims/kinds/).
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
import type { Claim } from '../claims/claim-types.ts';
import { kindOf } from '../claims/kinds/index.ts';
import { metricValues } from '../claims/kinds/metric.ts';
import type { Quantity, RateQuantity } from '../claims/kinds/quantity.ts';
import type { SeedMetric, SeedSummary } from '../claims/seed-summary.ts';
import { isMechanismMetric, learned } from '../claims/seed-summary.ts';

export type { Better, MetricQuantity, Quantity, RateQuantity } from '../claims/kinds/quantity.ts';

/** The quantities of a claim, in expectation order, each (arm, quantity, better) once. */
export function claimQuantities(claim: Claim): Quantity[] {
  const out: Quantity[] = [];
  const seen = new Set<string>();
  for (const q of claim.expect.flatMap((exp) => kindOf(exp).quantities(exp))) {
    const id = `${q.kind}\0${q.arm}\0${q.quantity}\0${q.better}`;
    if (!seen.has(id)) {
      seen.add(id);
      out.push(q);
    }
  }
  return out;
}

/** The rates a baseline file stores besides the outcomes (the ablation rates a claim reads), by arm. */
export function storedRatesOf(claim: Claim): Map<string, RateQuantity[]> {
  const out = new Map<string, RateQuantity[]>();
  for (const q of claim.expect.flatMap((exp) => kindOf(exp).storedRates?.(exp) ?? [])) {
    const list = out.get(q.arm) ?? [];
    if (!list.some((x) => x.quantity === q.quantity)) list.push(q);
    out.set(q.arm, list);
  }
  return out;
}

/** Per-seed values of a metric for the test (censored nulls as +Infinity, other nulls dropped); a mechanism metric over the seeds that learned. */
export const metricSample = (seeds: readonly SeedSummary[], metric: SeedMetric): number[] => metricValues(isMechanismMetric(metric) ? seeds.filter(learned) : seeds, metric);
