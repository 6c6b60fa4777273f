/**
 * One page per claim (claims/<id>.html) listing, for every expectation and every arm it reads,
 * the seeds behind the rate: every seed the claim used, whether the expectation counted it
 * (mechanism outcomes count only the seeds that learned), whether it succeeded (or its value,
 * for a metric), its verdict and training outcome, and a link to the seed's own page. The counts
 * re-derived here are checked against the x of n the verdict read.
 */
import { verdictLabel } from '../claims/seed-summary.ts';
import type { CountedQuantity, ExpectationResult } from '../claims/result-types.ts';
import type { ReportClaim } from './baseline-types.ts';
import { anchor, badge, esc, h, page, table } from './html.ts';
import type { ReportSeed } from './read-results.ts';
import { armSeedMarks, type ArmSeedMarks, type SeedMark } from './seed-membership.ts';
import { claimPagePath, seedListAnchor, seedPagePath, up } from './site-paths.ts';

const mark = (yes: boolean | null, yesText: string, noText: string): string =>
  yes === null ? h('span', { class: 'muted' }, '?') : h('span', { class: yes ? 'mark-yes' : 'mark-no' }, esc(yes ? yesText : noText));

function valueText(m: SeedMark): string {
  if (!m.counted || m.value === null) return '';
  return m.value === Infinity ? 'never' : String(Number(m.value.toPrecision(4)));
}

/** The sentence over one arm's list: what was counted and whether this folder reproduces it. */
function countsLine(c: CountedQuantity, marks: ArmSeedMarks): string {
  const stored = c.x === null ? `${c.n} seeds counted (${c.quantity})` : `${c.x} of ${c.n} counted seeds succeeded (${c.quantity})`;
  const learned = c.learned === null ? '' : `; ${c.learned} of ${c.total} seeds learned within the budget`;
  let check: string;
  if (marks.consistent) check = 'The seeds below give the same counts.';
  else if (marks.derived) check = `The seed files here give ${marks.derived.x === null ? '' : `${marks.derived.x} of `}${marks.derived.n}, not the counts the verdict read: this folder's seeds are not exactly the ones judged.`;
  else check = 'Which seeds were counted cannot be re-derived here (a seed without a summary, or a quantity this report does not know).';
  return h('p', {}, esc(`${stored}${learned}. `), h('span', { class: marks.consistent ? 'muted' : 'warning' }, esc(check)));
}

function armList(claim: ReportClaim, index: number, e: ExpectationResult, c: CountedQuantity, seeds: readonly ReportSeed[]): string {
  const mine = seeds.filter((s) => s.summary.arm === c.arm);
  const numbers = claim.seeds[c.arm] ?? [];
  const marks = armSeedMarks(e.kind, c, numbers, mine.map((s) => s.summary));
  const byNumber = new Map(mine.map((s) => [s.summary.seed, s]));
  const metric = c.x === null;
  const rows = marks.marks.map((m) => {
    const s = byNumber.get(m.seed);
    const seedCell = s ? h('a', { href: up(seedPagePath(s.key)) }, esc(`seed ${m.seed}`)) : esc(`seed ${m.seed}`) + h('span', { class: 'muted' }, ' (no files)');
    return [
      seedCell,
      mark(m.counted, 'counted', 'not counted'),
      metric ? esc(valueText(m)) : m.counted === false ? '' : mark(m.success, 'success', 'no'),
      esc(s ? verdictLabel(s.summary.verdict) : '—'),
      esc(s?.summary.outcome ?? '—'),
      esc(s ? String(s.summary.metrics.steps ?? '—') : '—'),
      esc(s ? (s.summary.staircase ? 'yes' : 'no') : '—'),
    ];
  });
  return h(
    'section',
    { class: 'seed-list', id: seedListAnchor(index, c.arm), 'data-arm': c.arm, 'data-expectation': String(index) },
    h('h3', {}, esc(`${c.arm}: ${c.name}`)),
    countsLine(c, marks),
    numbers.length ? table('seeds', ['seed', 'counted', metric ? c.name : 'success', 'verdict', 'training', 'steps', 'staircase'], rows) : h('p', { class: 'muted' }, 'The claim used no seed of this arm.'),
  );
}

/** The seed-list page of one claim. */
export function renderClaimPage(claim: ReportClaim, seeds: readonly ReportSeed[]): string {
  const title = `${claim.id}@${claim.version}: seeds`;
  const blocks = claim.expectations.map((e, index) =>
    h(
      'div',
      { class: 'expectation', 'data-status': e.status },
      h('h2', {}, `${badge(e.status)} `, esc(e.label)),
      h('p', {}, esc(e.description)),
      h('p', { class: 'reason' }, esc(e.reason)),
      ...e.counted.map((c) => armList(claim, index, e, c, seeds)),
    ),
  );
  const header = h(
    'header',
    {},
    h('p', {}, h('a', { href: `../index.html#${anchor('claim', claim.id)}` }, '← dashboard')),
    h('h1', {}, esc(title), ' ', badge(claim.status)),
    h('p', { class: 'statement' }, esc(claim.statement)),
    h('p', { class: 'muted' }, 'Every seed the claim used, per expectation and arm: whether the expectation counted it, whether it succeeded, and a link to its page (training curve, logit lens, ablations, verdict evidence).'),
  );
  return page(title, header + h('main', {}, ...blocks));
}

/** Every claim page: [path from the site root, html]. */
export function claimPages(claims: readonly ReportClaim[], seeds: readonly ReportSeed[]): [string, string][] {
  return claims.map((c) => [claimPagePath(c.id), renderClaimPage(c, seeds)]);
}
