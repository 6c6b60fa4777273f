/**
 * The claims part of the dashboard: an overview table, then one section per claim with each
 * expectation's numbers, its rate (or metric) plot against the threshold and the baseline (a
 * compare also the difference of its two rates with the interval its verdict reads), links to
 * the seeds behind each arm's rate, the baseline comparison, and each arm's rate across commits.
 */
import { estimateCell, nCell, pCell } from '../claims/render-results.ts';
import type { SeedMetric } from '../claims/seed-summary.ts';
import { SEED_METRICS } from '../claims/seed-summary.ts';
import { claimRates, type ExpectationRates } from './arm-rates.ts';
import type { ReportClaim } from './baseline-types.ts';
import type { HistoryEntry } from './history.ts';
import { rateSeries } from './history.ts';
import { anchor, badge, esc, h, table } from './html.ts';
import type { ReportSeed } from './read-results.ts';
import { historyChartSvg } from './svg-history-chart.ts';
import { pct, spanPct } from './svg-kit.ts';
import { seedListHref } from './site-paths.ts';
import { differenceChartSvg } from './svg-difference.ts';
import { metricChartSvg, rateChartSvg } from './svg-rate-chart.ts';

export interface ClaimsContext {
  claims: readonly ReportClaim[];
  seeds: readonly ReportSeed[];
  /** This tier's history, current run last. */
  history: readonly HistoryEntry[];
}

const armLink = (arm: string): string => h('a', { href: `#${anchor('arm', arm)}` }, esc(arm));

/** ` (n futile)`: inconclusive expectations that more seeds of this tier are not expected to decide (claims/futility.ts). */
const futileNote = (n: number): string => (n ? ` (${n} futile at this tier)` : '');

/** The overview: one row per claim. */
export function claimsOverview(claims: readonly ReportClaim[]): string {
  const rows = claims.map((c) => {
    const counts = { pass: 0, fail: 0, inconclusive: 0 };
    for (const e of c.expectations) counts[e.status] += 1;
    return [
      h('a', { href: `#${anchor('claim', c.id)}` }, esc(`${c.id}@${c.version}`)),
      esc(c.statement),
      badge(c.status),
      esc(`${counts.pass} pass, ${counts.fail} fail, ${counts.inconclusive} inconclusive${futileNote(c.expectations.filter((e) => e.futile).length)}`),
      c.baseline ? badge(c.baseline.status) : h('span', { class: 'muted' }, 'no baseline'),
    ];
  });
  return table('overview', ['claim', 'statement', 'verdict', 'expectations', 'baseline'], rows);
}

function metricValues(er: ExpectationRates, claim: ReportClaim, seeds: readonly ReportSeed[]): { arm: string; values: (number | null)[]; median: number | null }[] {
  const metric = er.rates[0]?.quantity as SeedMetric;
  return er.rates.map((r) => {
    const judged = new Set(claim.seeds[r.arm] ?? []);
    const values = (SEED_METRICS as readonly string[]).includes(metric) ? seeds.filter((s) => s.summary.arm === r.arm && judged.has(s.summary.seed)).map((s) => s.summary.metrics[metric]) : [];
    return { arm: r.arm, values, median: r.estimate };
  });
}

/** Whether the expectation compares per-seed values (a metric) rather than rates. */
const perSeedValues = (er: ExpectationRates): boolean => er.rates.some((r) => r.kind === 'metric');

function baselineTable(er: ExpectationRates): string {
  if (er.baseline.size === 0) return '';
  const rows = [...er.baseline.values()].map((b) => [
    armLink(b.arm),
    esc(b.quantity),
    esc(`${b.current.successes ?? '—'}/${b.current.n} = ${pct(b.current.estimate)} ${spanPct(b.current.interval)}`),
    esc(`${b.baseline.successes ?? '—'}/${b.baseline.n} = ${pct(b.baseline.estimate)} ${spanPct(b.baseline.interval)}`),
    esc(b.pValue === null ? '—' : b.pValue.toPrecision(2)),
    badge(b.status),
  ]);
  return table('baseline', ['arm', 'quantity', 'now', 'baseline', 'p', 'status'], rows);
}

function historyFigures(claim: ReportClaim, er: ExpectationRates, history: readonly HistoryEntry[]): string {
  if (perSeedValues(er)) return '';
  const figures = er.rates.map((r) => {
    const points = rateSeries(history, claim.id, claim.version, er.index, r.arm);
    const title = `${claim.id} · ${er.expectation.label} · ${r.arm}: rate across ${points.length} run${points.length === 1 ? '' : 's'}`;
    return h('figure', { class: 'history' }, historyChartSvg(points, title, er.threshold?.value ?? null), h('figcaption', {}, esc(`${r.arm}: ${r.quantity} rate per commit, with its interval`)));
  });
  return figures.join('');
}

function rateCaption(er: ExpectationRates): string {
  if (perSeedValues(er)) return `each seed's ${er.rates[0]?.quantity ?? 'value'} per arm; bar: the median`;
  const parts = [`success rate per arm with its interval (${er.expectation.method})`];
  if (er.threshold) parts.push('dashed: the threshold');
  if (er.baseline.size) parts.push('diamond: the baseline');
  parts.push('x/n links to the seeds');
  return parts.join('; ');
}

function expectationBlock(claim: ReportClaim, er: ExpectationRates, ctx: ClaimsContext): string {
  const e = er.expectation;
  const title = `${claim.id}: ${e.label}`;
  const links = new Map(er.rates.map((r) => [r.arm, seedListHref(claim.id, er.index, r.arm)]));
  const plot = perSeedValues(er) ? metricChartSvg(metricValues(er, claim, ctx.seeds), er.rates[0]?.quantity ?? 'metric', title) : rateChartSvg(er, title, links);
  const difference = e.kind === 'compare' ? h('figure', { class: 'difference' }, differenceChartSvg(e, `${title}: difference`), h('figcaption', {}, esc(`the difference the verdict reads, with its interval (${e.method}); dashed: the least difference claimed`))) : '';
  const seedLinks = er.rates.map((r) => h('a', { class: 'seed-list-link', href: links.get(r.arm)! }, esc(`${r.arm}: the seeds behind ${r.successes === null ? `n = ${r.n}` : `${r.successes}/${r.n}`}`)));
  const numbers = table('numbers', ['estimate', 'interval', 'n', 'p', 'method', 'arms', 'seeds'], [
    [esc(estimateCell(e)), esc(e.interval ? `[${e.interval.lower.toFixed(2)}, ${e.interval.upper.toFixed(2)}]` : '—'), esc(nCell(e)), esc(pCell(e)), esc(e.method), e.arms.map(armLink).join(' vs '), seedLinks.join('<br>')],
  ]);
  return h(
    'div',
    { class: 'expectation', 'data-status': e.status },
    h('h3', {}, `${badge(e.status)} `, e.futile ? `${badge('futile')} ` : '', esc(e.label)),
    h('p', {}, esc(e.description)),
    h('div', { class: 'plots' }, h('figure', { class: 'rate' }, plot, h('figcaption', {}, esc(rateCaption(er)))), difference, historyFigures(claim, er, ctx.history)),
    numbers,
    h('p', { class: 'reason' }, esc(e.reason)),
    baselineTable(er),
  );
}

/** One section per claim. */
export function claimSections(ctx: ClaimsContext): string[] {
  return ctx.claims.map((claim) => {
    const baseline = claim.baseline
      ? h('p', { class: 'baseline-status' }, 'Baseline ', h('code', {}, esc(claim.baseline.dir)), ': ', badge(claim.baseline.status), ' ', esc(claim.baseline.reason))
      : h('p', { class: 'baseline-status muted' }, 'No baseline comparison in this results folder.');
    const seeds = Object.entries(claim.seeds).map(([arm, list]) => `${armLink(arm)}: ${esc(list.join(', '))}`).join('; ');
    return h(
      'section',
      { class: 'claim', id: anchor('claim', claim.id), 'data-claim': claim.id, 'data-status': claim.status },
      h('h2', {}, esc(`${claim.id}@${claim.version} `), badge(claim.status)),
      h('p', { class: 'statement' }, esc(claim.statement)),
      h('p', { class: 'muted' }, `Confidence ${esc(pct(claim.confidence))}; seeds ${seeds}`),
      baseline,
      ...claimRates(claim).map((er) => expectationBlock(claim, er, ctx)),
    );
  });
}
