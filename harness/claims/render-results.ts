/**
 * Claim results for people: a terminal table and a Markdown job summary. Every
 * row shows the estimate, its interval, n and p beside the verdict, never a bare
 * pass/fail; the reasons of every expectation that did not pass follow the table.
 */
import type { ClaimsResults, ExpectationResult, Status } from './result-types.ts';
import { kindOf } from './kinds/index.ts';
import { formatSpan } from './rate-intervals.ts';
import type { Align } from '../util/text-table.ts';
import { formatMarkdownTable, formatTable } from '../util/text-table.ts';
import { plural } from '../util/plural.ts';

const HEADERS = ['claim', 'expectation', 'arm(s)', 'estimate', 'interval', 'n', 'p', 'verdict'];
const ALIGN: Align[] = ['left', 'left', 'left', 'right', 'right', 'right', 'right', 'left'];
const DASH = '—';

/** The estimate cell: x/n = rate, a difference of rates, or two medians (each kind's own). */
export const estimateCell = (e: ExpectationResult): string => kindOf(e).estimateCell(e);

/** The n cell: one count, or `n1 + n2` for two arms; `3 of 4` when fewer seeds were judged than trained (e.g. only the learned ones). */
export const nCell = (e: ExpectationResult): string => e.counted.map((c) => (c.n < c.total ? `${c.n} of ${c.total}` : String(c.n))).join(' + ');

/** The p cell. */
export const pCell = (e: ExpectationResult): string => (e.pValue === null ? DASH : e.pValue < 1e-4 ? e.pValue.toExponential(1) : e.pValue.toPrecision(2));

const VERDICT_TEXT: Record<Status, string> = { pass: 'pass', fail: 'FAIL', inconclusive: 'inconclusive' };
const VERDICT_ICON: Record<Status, string> = { pass: '✅ pass', fail: '❌ fail', inconclusive: '❔ inconclusive' };

function rows(results: ClaimsResults, verdict: Record<Status, string>, claimCell: (id: string, status: Status) => string): string[][] {
  return results.claims.flatMap((c) =>
    c.expectations.map((e, i) => [
      i === 0 ? claimCell(`${c.id}@${c.version}`, c.status) : '',
      e.label,
      e.arms.join(' vs '),
      estimateCell(e),
      e.interval ? formatSpan(e.interval) : DASH,
      nCell(e),
      pCell(e),
      verdict[e.status],
    ]),
  );
}

function summaryLine(results: ClaimsResults): string {
  const s = results.summary;
  return `${s.pass} pass, ${s.fail} fail, ${s.inconclusive} inconclusive (${plural(results.claims.length, 'claim')}, tier ${results.tier})`;
}

/** The terminal table of a results record, then the statements and the reasons of non-passing expectations. */
export function renderClaimsTable(results: ClaimsResults): string {
  const table = formatTable(HEADERS, rows(results, VERDICT_TEXT, (id, status) => `${id} ${VERDICT_TEXT[status]}`), ALIGN);
  const notes = results.claims.flatMap((c) => [
    `${c.id}@${c.version} (${VERDICT_TEXT[c.status]}): ${c.statement}`,
    ...c.expectations.filter((e) => e.status !== 'pass').map((e) => `  ${VERDICT_TEXT[e.status]}: ${e.description} ${e.reason}`),
  ]);
  return [`Claims: ${summaryLine(results)}`, '', table, '', ...notes].join('\n');
}

/** A Markdown job summary (GitHub Actions $GITHUB_STEP_SUMMARY): summary line, table, statements with reasons. */
export function renderMarkdownSummary(results: ClaimsResults): string {
  const table = formatMarkdownTable(
    HEADERS,
    rows(results, VERDICT_ICON, (id, status) => `\`${id}\` ${VERDICT_ICON[status]}`),
    ALIGN,
  );
  const git = results.git ? `${results.git.commit.slice(0, 10)}${results.git.dirty ? ' (dirty)' : ''}` : 'no git';
  const statements = results.claims.flatMap((c) => [
    `- ${VERDICT_ICON[c.status]} **\`${c.id}@${c.version}\`**: ${c.statement}`,
    ...c.expectations.map((e) => `  - ${VERDICT_ICON[e.status]}: ${e.description} (${e.reason})`),
  ]);
  return [
    `### staircase claims: tier \`${results.tier}\``,
    '',
    `**${summaryLine(results)}**. Backend ${results.backend.name}/${results.backend.device}, commit ${git}, ${results.createdAt}.`,
    '',
    table,
    '',
    '#### Statements',
    '',
    ...statements,
    '',
  ].join('\n');
}
