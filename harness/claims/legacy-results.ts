/**
 * Reading results.json written before expectation results described what they counted
 * (`counted`, added with the learned-seed rule): the per-arm counts are rebuilt from the
 * fields such a record has (arms, n, successes, threshold, the claim's seeds) and, for the
 * name and side only, from the label it was written with. Nothing else reads labels.
 * Such records counted every seed, so `learned` is null (not recorded).
 */
import { kindOf } from './kinds/index.ts';
import type { CountedQuantity, ExpectationResult } from './result-types.ts';

type LegacyExpectation = Omit<ExpectationResult, 'counted'> & { counted?: CountedQuantity[] };
type LegacyClaim = { expectations: LegacyExpectation[]; seeds: Record<string, number[]> };

/** The counts of a legacy expectation result (see the module comment). */
export function legacyCounted(e: LegacyExpectation, seeds: Record<string, number[]>): CountedQuantity[] {
  // The name and side its label spells: `sequential >= 50%`, `fromCritical/zero <= 0.5 in >= 80% of sequential`, `stepsToTarget: a < b`.
  const { name, side } = kindOf(e).legacyName(e.label);
  const perArm = side !== null;
  return e.arms.map((arm) => ({
    arm,
    name,
    quantity: `${name} among all seeds (a record from before learned-seed counting)`,
    x: e.successes?.[arm] ?? null,
    n: e.n[arm] ?? 0,
    side: perArm ? side : null,
    threshold: perArm ? e.threshold : null,
    learned: null,
    total: seeds[arm]?.length ?? e.n[arm] ?? 0,
  }));
}

/** A copy of a results record in which every expectation has `counted` (records that have it are returned as they are). */
export function withCounted(data: unknown): unknown {
  if (typeof data !== 'object' || data === null || !Array.isArray((data as { claims?: unknown }).claims)) return data;
  const claims = (data as { claims: unknown[] }).claims;
  const isLegacy = (c: unknown): c is LegacyClaim =>
    typeof c === 'object' && c !== null && Array.isArray((c as LegacyClaim).expectations) && (c as LegacyClaim).expectations.some((e) => typeof e === 'object' && e !== null && e.counted === undefined && Array.isArray(e.arms) && typeof e.label === 'string' && typeof e.n === 'object' && e.n !== null);
  if (!claims.some(isLegacy)) return data;
  return {
    ...data,
    claims: claims.map((c) => (isLegacy(c) ? { ...c, expectations: c.expectations.map((e) => (e.counted === undefined ? { ...e, counted: legacyCounted(e, c.seeds ?? {}) } : e)) } : c)),
  };
}
