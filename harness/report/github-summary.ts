/**
 * GitHub Actions reports through @actions/core: the job summary ($GITHUB_STEP_SUMMARY), a table
 * of claims (statement, expectation, arm, estimate, interval, verdict, baseline) linking to the
 * dashboard, and annotations on the claim files: an error per failing expectation, a warning per
 * baseline regression. The same summary, with a marker, is the pull-request comment body.
 */
import * as core from '@actions/core';
import { appendFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { estimateCell } from '../claims/render-results.ts';
import type { Status } from '../claims/result-types.ts';
import { claimRates } from './arm-rates.ts';
import type { ReportResults } from './baseline-types.ts';
import { claimLocations, locateClaim } from './claim-locations.ts';
import { anchor, esc } from './html.ts';
import { pct, spanPct } from './svg-kit.ts';
import { plural } from '../util/plural.ts';

type Summary = typeof core.summary;

const ICON: Record<Status, string> = { pass: '✅ pass', fail: '❌ fail', inconclusive: '❔ inconclusive' };

const link = (text: string, href: string | null): string => (href ? `<a href="${esc(href)}">${esc(text)}</a>` : esc(text));

/** The baseline cell of one expectation: per arm, status and the two rates. */
function baselineCell(results: ReportResults, claimIndex: number, expectationIndex: number): string {
  const claim = results.claims[claimIndex]!;
  if (!claim.baseline) return 'no baseline';
  const er = claimRates(claim)[expectationIndex]!;
  const parts = [...er.baseline.values()].map((b) => `${esc(b.arm)}: ${esc(b.status)} (${esc(`${pct(b.baseline.estimate)} → ${pct(b.current.estimate)}`)}${b.pValue === null ? '' : `, p ${esc(b.pValue.toPrecision(2))}`})`);
  return parts.length ? parts.join('<br>') : 'no baseline for these arms';
}

/** Add the claims summary to `s` (the @actions/core summary buffer). */
export function buildSummary(s: Summary, results: ReportResults, dashboardUrl: string | null): Summary {
  const sum = results.summary;
  const commit = results.git ? `${results.git.commit.slice(0, 10)}${results.git.dirty ? ' (dirty)' : ''}` : 'no git';
  s.addHeading(`staircase claims: tier ${esc(results.tier)}`, 3);
  s.addRaw(
    `<p><b>${sum.pass} pass, ${sum.fail} fail, ${sum.inconclusive} inconclusive</b> of ${plural(results.claims.length, 'claim')}${sum.regressions !== undefined ? `, ${plural(sum.regressions, 'regression')} against the baseline` : ''}. ` +
      `Backend ${esc(`${results.backend.name}/${results.backend.device}`)}, commit <code>${esc(commit)}</code>, checked ${esc(results.createdAt)}.` +
      `${dashboardUrl ? ` Dashboard: ${link('seed success rates', dashboardUrl)}.` : ''}</p>`,
    true,
  );
  const header = ['claim', 'statement', 'expectation', 'arm(s)', 'estimate', 'interval', 'verdict', 'baseline'].map((data) => ({ data, header: true }));
  // The claim and its statement span the claim's expectation rows.
  const rows = results.claims.flatMap((c, ci) =>
    c.expectations.map((e, ei) => [
      ...(ei === 0
        ? [
            { data: `${link(`${c.id}@${c.version}`, dashboardUrl ? `${dashboardUrl}#${anchor('claim', c.id)}` : null)}<br>${ICON[c.status]}`, rowspan: String(c.expectations.length) },
            { data: esc(c.statement), rowspan: String(c.expectations.length) },
          ]
        : []),
      esc(e.label),
      esc(e.arms.join(' vs ')),
      esc(estimateCell(e)),
      esc(e.interval ? spanPct(e.interval) : '—'),
      ICON[e.status],
      baselineCell(results, ci, ei),
    ]),
  );
  s.addTable([header, ...rows]);
  const notes = results.claims.flatMap((c) => c.expectations.filter((e) => e.status !== 'pass').map((e) => `${ICON[e.status]} <code>${esc(c.id)}</code>: ${esc(e.description)} ${esc(e.reason)}`));
  if (notes.length) s.addDetails(`Why ${notes.length} expectation(s) did not pass`, `<ul>${notes.map((n) => `<li>${n}</li>`).join('')}</ul>`);
  return s;
}

/** A path GitHub can annotate: relative to the workspace (the working directory). */
const annotationPath = (file: string): string => (path.isAbsolute(file) ? path.relative(process.cwd(), file) : file).split(path.sep).join('/');

/** Error annotations for failing expectations and warnings for baseline regressions. @returns how many */
export function annotate(results: ReportResults): number {
  const locations = claimLocations(results.claimsDir);
  let count = 0;
  for (const c of results.claims) {
    const at = locateClaim(locations, results.claimsDir, c.id);
    c.expectations.forEach((e, j) => {
      if (e.status !== 'fail') return;
      core.error(`${e.description} ${e.reason}`, { title: `claim ${c.id}@${c.version} fails: ${e.label}`, file: annotationPath(at.file), startLine: at.expectationLines[j] ?? at.line });
      count += 1;
    });
    if (c.baseline?.status === 'regression') {
      core.warning(`${c.baseline.reason} (baseline ${c.baseline.dir})`, { title: `claim ${c.id}@${c.version} regressed against the baseline`, file: annotationPath(at.file), startLine: at.line });
      count += 1;
    }
  }
  return count;
}

/** The job summary (when $GITHUB_STEP_SUMMARY is set) and the annotations. */
export async function publishGithubReport(results: ReportResults, opts: { dashboardUrl: string | null }): Promise<void> {
  annotate(results);
  const file = process.env.GITHUB_STEP_SUMMARY;
  if (!file) {
    console.error('github: GITHUB_STEP_SUMMARY is not set, so no job summary was written (annotations were printed)');
    return;
  }
  // The runner creates the file; outside a runner (a step run by hand) it may not exist yet.
  mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  appendFileSync(file, '');
  core.summary.emptyBuffer();
  await buildSummary(core.summary, results, opts.dashboardUrl).write();
}
