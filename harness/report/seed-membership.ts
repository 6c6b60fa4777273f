/**
 * Which seeds an expectation counted on one arm, and which of them succeeded, re-derived from the
 * seed summaries with the claims' own counting rules (rateCounts, ablationCounts, metricValues)
 * applied to one seed at a time. results.json stores only x of n per arm; the quantity's name
 * (`sequential`, `sequential given sequential-at-switch`, `fromOnset/zero <= 0.5 (sequential seeds)`,
 * a metric) says what was counted. The derived counts are checked against the stored ones, and a
 * mismatch (a seeds folder that is not the one judged) is reported, never hidden.
 */
import type { CountedQuantity, ExpectationResult } from '../claims/result-types.ts';
import type { SeedMetric, SeedOutcome, SeedSummary } from '../claims/seed-summary.ts';
import { isMechanismMetric, learned, rateCounts, SEED_METRICS, SEED_OUTCOMES } from '../claims/seed-summary.ts';
import { ablationCounts, type AblationExpectation } from '../claims/kinds/ablation.ts';
import { metricValues } from '../claims/kinds/metric.ts';

/** One seed of an arm under one expectation. */
export interface SeedMark {
  seed: number;
  /** Whether the expectation counted this seed (null: the rule could not be re-derived). */
  counted: boolean | null;
  /** Whether it counted as a success (rates); null for a metric, an uncounted seed, or an unknown rule. */
  success: boolean | null;
  /** A metric's value (Infinity: censored, e.g. never reached the target); null otherwise. */
  value: number | null;
}

export interface ArmSeedMarks {
  marks: SeedMark[];
  /** Derived x and n, or null when the rule is unknown. */
  derived: { x: number | null; n: number } | null;
  /** Whether the derived counts equal the stored ones. */
  consistent: boolean;
}

type Rule = (s: SeedSummary) => { counted: boolean; success: boolean | null; value: number | null };

const isOutcome = (x: string | undefined): x is SeedOutcome => (SEED_OUTCOMES as readonly string[]).includes(x ?? '');

/** `outcome` or `outcome given other`. */
function outcomeRule(name: string): Rule | null {
  const m = /^(\S+)(?: given (\S+))?$/.exec(name);
  if (!m || !isOutcome(m[1]) || (m[2] !== undefined && !isOutcome(m[2]))) return null;
  const [outcome, given] = [m[1], m[2] as SeedOutcome | undefined];
  return (s) => {
    const c = rateCounts([s], outcome, given);
    return { counted: c.n === 1, success: c.n === 1 ? c.x === 1 : null, value: null };
  };
}

/** `fromOnset/zero t1,2 <= 0.5 (sequential seeds)` (ablationRateName). */
function ablationRule(name: string): Rule | null {
  const m = /^(afterCritical|fromOnset)\/(zero|mean)(?: t([\d,]+))? (<=|>=) (\S+) \((sequential|partial|memorised) seeds\)$/.exec(name);
  if (!m) return null;
  const value = Number(m[5]);
  if (!Number.isFinite(value)) return null;
  const exp: AblationExpectation = {
    kind: 'ablation',
    arm: '',
    verdict: m[6] as AblationExpectation['verdict'],
    ablation: m[1] as AblationExpectation['ablation'],
    mode: m[2] as AblationExpectation['mode'],
    intermediates: m[3] ? m[3].split(',').map(Number) : 'all',
    ...(m[4] === '<=' ? { atMost: value } : { atLeast: value }),
    atLeastFraction: 0.5,
  };
  return (s) => {
    const c = ablationCounts([s], exp);
    return { counted: c.n === 1, success: c.n === 1 ? c.x === 1 : null, value: null };
  };
}

function metricRule(name: string): Rule | null {
  if (!(SEED_METRICS as readonly string[]).includes(name)) return null;
  const metric = name as SeedMetric;
  return (s) => {
    const values = metricValues(isMechanismMetric(metric) && !learned(s) ? [] : [s], metric);
    return { counted: values.length === 1, success: null, value: values[0] ?? null };
  };
}

/** The counting rule of one arm's quantity, or null when its name is not one the kinds write. */
export function ruleOf(kind: ExpectationResult['kind'], name: string): Rule | null {
  if (kind === 'rate' || kind === 'compare') return outcomeRule(name);
  if (kind === 'ablation') return ablationRule(name);
  if (kind === 'metric') return metricRule(name);
  return null;
}

/**
 * The seeds of one arm under one expectation: every seed the claim used (`seedNumbers`), each
 * marked counted / success from its summary (seeds without a summary: unknown).
 */
export function armSeedMarks(kind: ExpectationResult['kind'], counted: CountedQuantity, seedNumbers: readonly number[], summaries: readonly SeedSummary[]): ArmSeedMarks {
  const rule = ruleOf(kind, counted.name);
  const bySeed = new Map(summaries.map((s) => [s.seed, s]));
  const marks = seedNumbers.map((seed): SeedMark => {
    const s = bySeed.get(seed);
    if (!rule || !s) return { seed, counted: null, success: null, value: null };
    return { seed, ...rule(s) };
  });
  if (!rule || marks.some((m) => m.counted === null)) return { marks, derived: null, consistent: false };
  const n = marks.filter((m) => m.counted).length;
  const x = counted.x === null ? null : marks.filter((m) => m.success).length;
  return { marks, derived: { x, n }, consistent: n === counted.n && x === counted.x };
}
