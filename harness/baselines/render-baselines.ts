/**
 * Baseline comparisons for people: a terminal table and a Markdown section, one row per
 * compared quantity (both sides with their intervals, the one-sided p, the status), then each
 * claim's reason.
 */
import type { BaselineComparison, BaselineSide, BaselineStatus, ClaimsResults } from '../claims/result-types.ts';
import { formatSpan } from '../claims/rate-intervals.ts';
import type { Align } from '../util/text-table.ts';
import { formatMarkdownTable, formatTable } from '../util/text-table.ts';

const HEADERS = ['claim', 'arm', 'quantity', 'now', 'baseline', 'p', 'status'];
const ALIGN: Align[] = ['left', 'left', 'left', 'right', 'right', 'right', 'left'];
const DASH = '—';

const STATUS_TEXT: Record<BaselineStatus, string> = { same: 'same', regression: 'REGRESSION', improvement: 'improvement', stale: 'stale', missing: 'missing', incomparable: 'incomparable' };
const STATUS_ICON: Record<BaselineStatus, string> = { same: '🟰 same', regression: '🔻 regression', improvement: '🔺 improvement', stale: '🕸️ stale', missing: '∅ missing', incomparable: '≠ incomparable' };

const compact = (x: number): string => `${Number(x.toPrecision(4))}`;

/** `3/4 = 0.75 [0.30, 0.95]` or `median 120 [100, 140] (n 4)`. */
export function sideCell(kind: BaselineComparison['kind'], s: BaselineSide): string {
  const interval = s.interval ? ` ${kind === 'rate' ? formatSpan(s.interval) : `[${compact(s.interval.lower)}, ${compact(s.interval.upper)}]`}` : '';
  if (kind === 'rate') return `${s.successes ?? 0}/${s.n}${s.estimate === null ? '' : ` = ${s.estimate.toFixed(2)}`}${interval}`;
  const median = s.estimate === null ? (s.n ? 'never' : DASH) : compact(s.estimate);
  return `median ${median}${interval} (n ${s.n})`;
}

const pCell = (p: number | null): string => (p === null ? DASH : p < 1e-4 ? p.toExponential(1) : p.toPrecision(2));

/** Counts of claims per baseline status, e.g. `1 regression, 2 same, 1 missing`. */
export function baselineCounts(results: ClaimsResults): string {
  const counts = new Map<BaselineStatus, number>();
  for (const c of results.claims) if (c.baseline) counts.set(c.baseline.status, (counts.get(c.baseline.status) ?? 0) + 1);
  const order: BaselineStatus[] = ['regression', 'improvement', 'same', 'stale', 'missing', 'incomparable'];
  const parts = order.filter((s) => counts.has(s)).map((s) => `${counts.get(s)} ${s}`);
  return parts.length ? parts.join(', ') : 'no claims compared';
}

function rows(results: ClaimsResults, status: Record<BaselineStatus, string>): string[][] {
  return results.claims.flatMap((c) => {
    const b = c.baseline;
    if (!b) return [];
    const id = `${c.id}@${c.version}`;
    if (b.comparisons.length === 0) return [[id, DASH, DASH, DASH, DASH, DASH, status[b.status]]];
    return b.comparisons.map((cmp, i) => [i === 0 ? id : '', cmp.arm, cmp.quantity, sideCell(cmp.kind, cmp.current), sideCell(cmp.kind, cmp.baseline), pCell(cmp.pValue), status[cmp.status]]);
  });
}

/** The terminal section: a heading with the settings and counts, the table, each claim's status and reason. */
export function renderBaselineTable(results: ClaimsResults, settings: { dir: string; alpha: number; minEffect: number }): string {
  const compared = results.claims.filter((c) => c.baseline);
  if (compared.length === 0) return '';
  const heading = `Baselines (${settings.dir}/${results.tier}; one-sided tests at alpha ${settings.alpha}, min effect ${settings.minEffect}): ${baselineCounts(results)}`;
  const notes = compared.map((c) => `${c.id}@${c.version} ${STATUS_TEXT[c.baseline!.status]}: ${c.baseline!.reason}`);
  return [heading, '', formatTable(HEADERS, rows(results, STATUS_TEXT), ALIGN), '', ...notes].join('\n');
}

/** The Markdown section appended to summary.md. */
export function renderBaselineMarkdown(results: ClaimsResults, settings: { dir: string; alpha: number; minEffect: number }): string {
  const compared = results.claims.filter((c) => c.baseline);
  if (compared.length === 0) return '';
  return [
    '#### Baselines',
    '',
    `**${baselineCounts(results)}** against \`${settings.dir}/${results.tier}/\` (one-sided Fisher exact / Mann-Whitney U at alpha ${settings.alpha}, min effect ${settings.minEffect}).`,
    '',
    formatMarkdownTable(HEADERS, rows(results, STATUS_ICON), ALIGN),
    '',
    ...compared.map((c) => `- ${STATUS_ICON[c.baseline!.status]} **\`${c.id}@${c.version}\`**: ${c.baseline!.reason}`),
    '',
  ].join('\n');
}
