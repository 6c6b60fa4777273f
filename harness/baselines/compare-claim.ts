/**
 * A claim's seeds now against its stored baseline: stale and missing baselines are reported,
 * never compared; another backend or device is compared only when the claim allows it; then
 * each quantity the claim reads (quantities.ts) is tested (compare-rate.ts, compare-metric.ts).
 */
import type { Claim } from '../claims/claim-types.ts';
import type { BaselineComparison, ClaimBaseline, ComparisonStatus } from '../claims/result-types.ts';
import type { SeedSummary } from '../claims/seed-summary.ts';
import { CENSORED_METRICS } from '../claims/kinds/metric.ts';
import type { BackendName, BaselineFile } from './baseline-file.ts';
import { backendsOf } from './baseline-file.ts';
import { compareMetric } from './compare-metric.ts';
import { compareRate, type CompareSettings } from './compare-rate.ts';
import { claimQuantities, metricSample } from './quantities.ts';

/** A baseline as found on disk: the file's path, and its content (null: there is none). */
export interface FoundBaseline {
  /** The baselines folder (holding <tier>/<claim-id>.json). */
  dir: string;
  file: string;
  data: BaselineFile | null;
}

const backendText = (list: readonly BackendName[]): string => (list.length ? list.map((b) => `${b.name}/${b.device}`).join(', ') : 'none');
const sameBackends = (a: readonly BackendName[], b: readonly BackendName[]): boolean => backendText(a) === backendText(b);

/** `3/4 = 0.75` or `median 120 (n 4)`. */
function sideText(c: BaselineComparison, side: 'current' | 'baseline'): string {
  const s = c[side];
  if (c.kind === 'rate') return `${s.successes ?? 0}/${s.n}`;
  return `median ${s.estimate === null ? (s.n ? 'never' : '—') : Number(s.estimate.toPrecision(4))} (n ${s.n})`;
}

/** One comparison in words, for the claim's reason. */
export function comparisonText(c: BaselineComparison): string {
  const p = c.pValue === null ? 'no test' : `p = ${c.pValue.toPrecision(2)}`;
  return `${c.arm} ${c.quantity}: ${sideText(c, 'current')} now vs ${sideText(c, 'baseline')} in the baseline (${p})`;
}

/** Baseline metric values as the test reads them: censored nulls as +Infinity, other nulls dropped (as metricValues). */
function baselineMetric(values: readonly (number | null)[], censored: boolean): number[] {
  return values.flatMap((v) => (v === null ? (censored ? [Infinity] : []) : [v]));
}

/**
 * Compare `claim`'s seeds (by arm) with its baseline.
 * @param found the baseline file (data null when missing)
 */
export function compareClaimWithBaseline(claim: Claim, byArm: ReadonlyMap<string, readonly SeedSummary[]>, found: FoundBaseline, settings: Omit<CompareSettings, 'confidence'>): ClaimBaseline {
  const dir = found.dir;
  const data = found.data;
  if (!data) {
    return { dir, status: 'missing', reason: `no baseline ${found.file}; make one with \`staircase baseline update --from RESULTS_DIR\``, comparisons: [] };
  }
  if (data.claim.version !== claim.version) {
    return {
      dir,
      status: 'stale',
      reason: `${found.file} is of claim version ${data.claim.version}, the claim file is version ${claim.version}: not compared; regenerate it with \`staircase baseline update --from RESULTS_DIR\` from a check of version ${claim.version}`,
      comparisons: [],
    };
  }
  const settingsAt: CompareSettings = { ...settings, confidence: claim.confidence };
  const current = Object.keys(claim.arms).flatMap((arm) => [...(byArm.get(arm) ?? [])]);
  const nowBackends = backendsOf(current);
  const crossed = !sameBackends(nowBackends, data.provenance.backends);
  const blocked = crossed && !claim.baseline.crossBackend && current.length > 0;

  const comparisons: BaselineComparison[] = [];
  for (const q of claimQuantities(claim)) {
    const seeds = byArm.get(q.arm) ?? [];
    const stored = data.arms[q.arm];
    let status: ComparisonStatus;
    let entry: Omit<BaselineComparison, 'status'>;
    if (q.kind === 'rate') {
      const base = stored?.rates[q.quantity] ?? { successes: 0, seeds: 0 };
      const r = compareRate(q.count(seeds), { successes: base.successes, n: base.seeds }, q.better, settingsAt);
      entry = { arm: q.arm, quantity: q.quantity, kind: 'rate', current: r.current, baseline: r.baseline, pValue: r.pValue };
      status = r.status;
    } else {
      const base = baselineMetric(stored?.metrics[q.quantity] ?? [], CENSORED_METRICS.includes(q.quantity));
      const m = compareMetric(metricSample(seeds, q.quantity), base, q.better, settingsAt);
      entry = { arm: q.arm, quantity: q.quantity, kind: 'metric', current: m.current, baseline: m.baseline, pValue: m.pValue };
      status = m.status;
    }
    if (blocked) comparisons.push({ ...entry, pValue: null, status: 'incomparable' });
    else comparisons.push({ ...entry, status });
  }

  const settingsText = `one-sided tests at alpha ${settings.alpha}, min effect ${settings.minEffect} (rate difference; rank-biserial r for metrics)`;
  if (blocked) {
    return {
      dir,
      status: 'incomparable',
      reason: `this check ran on ${backendText(nowBackends)}, the baseline on ${backendText(data.provenance.backends)}; backends and devices differ in float arithmetic and can change what a seed learns, so they are compared only when the claim sets \`baseline: { crossBackend: true }\``,
      comparisons,
    };
  }
  const of = (s: ComparisonStatus) => comparisons.filter((c) => c.status === s);
  const [regressions, improvements, same, none] = [of('regression'), of('improvement'), of('same'), of('incomparable')];
  const cross = crossed ? `; compared across backends (${backendText(nowBackends)} now, ${backendText(data.provenance.backends)} in the baseline), as the claim allows (baseline.crossBackend)` : '';
  const counts = `${regressions.length} regression${regressions.length === 1 ? '' : 's'}, ${improvements.length} improvement${improvements.length === 1 ? '' : 's'}, ${same.length} same${none.length ? `, ${none.length} without seeds on one side` : ''}`;
  const details = [...regressions, ...improvements].map(comparisonText);
  const status = regressions.length ? 'regression' : improvements.length ? 'improvement' : same.length ? 'same' : 'incomparable';
  const why = status === 'incomparable' ? `no quantity has seeds on both sides (${none.map((c) => `${c.arm} ${c.quantity}`).join(', ')})` : counts;
  const commit = data.provenance.git ? ` (commit ${data.provenance.git.commit.slice(0, 10)})` : '';
  return {
    dir,
    status,
    reason: `${why} against ${found.file}${commit}; ${settingsText}${details.length ? `: ${details.join('; ')}` : ''}${cross}`,
    comparisons,
  };
}
