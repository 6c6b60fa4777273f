/**
 * The seed success-rate dashboard: a static site (index.html with inline SVG plots, no scripts)
 * built from a results folder and the rate history, plus the data it shows (results.json, and
 * history.jsonl with this run, which the next run appends to).
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { writeFileAtomic, writeJsonAtomic } from '../util/atomic.ts';
import { historyEntry, tierHistory, withRun, type HistoryEntry } from './history.ts';
import { anchor, badge, esc, h, page } from './html.ts';
import type { ReportInput } from './read-results.ts';
import { armSections } from './site-arms.ts';
import { claimSections, claimsOverview } from './site-claims.ts';
import { provenanceSection } from './site-provenance.ts';
import { claimPages } from './site-seed-lists.ts';
import { seedPages } from './site-seed-page.ts';
import { plural } from '../util/plural.ts';

export interface SiteOptions {
  /** Earlier runs (every tier); this run is added when missing. */
  history: readonly HistoryEntry[];
  /** The history file read, for the provenance (null: none). */
  historyFile: string | null;
  generatedAt?: Date;
}

/** Arm names in order of first appearance in the claims. */
export function armsOf(input: ReportInput): string[] {
  return [...new Set([...input.results.claims.flatMap((c) => [...c.expectations.flatMap((e) => e.arms), ...Object.keys(c.seeds)]), ...input.seeds.map((s) => s.summary.arm)])];
}

/** The dashboard page. */
export function renderDashboard(input: ReportInput, opts: SiteOptions): string {
  const { results } = input;
  const current = historyEntry(results);
  const history = tierHistory(opts.history, current);
  const arms = armsOf(input);
  const s = results.summary;
  const title = `staircase claims: tier ${results.tier}`;
  const commit = results.git ? `${results.git.commit.slice(0, 10)}${results.git.dirty ? ' (dirty)' : ''}` : 'no git';
  const header = h(
    'header',
    {},
    h('h1', {}, esc(title)),
    h('p', {}, badge(s.fail > 0 ? 'fail' : s.inconclusive > 0 ? 'inconclusive' : 'pass'), ' ', esc(`${s.pass} pass, ${s.fail} fail, ${s.inconclusive} inconclusive of ${plural(results.claims.length, 'claim')}${s.regressions !== undefined ? `; ${plural(s.regressions, 'regression')}` : ''}. Commit ${commit}, ${results.backend.name}/${results.backend.device}, checked ${results.createdAt}.`)),
    h('nav', {}, h('a', { href: '#claims' }, 'Claims'), h('a', { href: '#arms' }, 'Arms'), h('a', { href: '#provenance' }, 'Provenance')),
  );
  const main = h(
    'main',
    {},
    h('h2', { id: 'claims' }, 'Claims'),
    h('p', { class: 'muted' }, 'Each expectation shows the estimate with its interval (the interval the verdict reads), the threshold, the baseline when there is one, and the rate across commits. A claim passes when every expectation passes; a rate the data cannot decide is inconclusive.'),
    claimsOverview(results.claims),
    ...claimSections({ claims: results.claims, seeds: input.seeds, history }),
    h('h2', { id: 'arms' }, 'Arms'),
    h('p', {}, ...arms.map((a, j) => `${j ? ' · ' : ''}${h('a', { href: `#${anchor('arm', a)}` }, esc(a))}`)),
    ...armSections(arms, input.seeds),
    provenanceSection({ results, seeds: input.seeds, arms, from: input.dir, history: opts.historyFile ? { file: opts.historyFile, runs: history.length } : null, generatedAt: (opts.generatedAt ?? new Date()).toISOString() }),
  );
  const footer = h('footer', {}, h('p', { class: 'muted' }, 'Built by ', h('code', {}, 'staircase report'), '. Static HTML and SVG: no scripts.'));
  return page(title, header + main + footer);
}

/**
 * Write the site: index.html, a page per claim with the seeds behind each rate (claims/), a page
 * per seed (seeds/), results.json, and history.jsonl (every earlier run, of every tier, plus this one).
 * @returns the files written, relative to `outDir` (the page folders as `claims/`, `seeds/`)
 */
export function buildSite(input: ReportInput, outDir: string, opts: SiteOptions): string[] {
  mkdirSync(outDir, { recursive: true });
  writeFileAtomic(path.join(outDir, 'index.html'), renderDashboard(input, opts));
  const pages = [...claimPages(input.results.claims, input.seeds), ...seedPages(input.seeds, input.results.claims)];
  for (const dir of new Set(pages.map(([file]) => path.dirname(file)))) mkdirSync(path.join(outDir, dir), { recursive: true });
  for (const [file, html] of pages) writeFileAtomic(path.join(outDir, file), html);
  writeJsonAtomic(path.join(outDir, 'results.json'), input.results);
  const all = withRun(opts.history, historyEntry(input.results));
  writeFileAtomic(path.join(outDir, 'history.jsonl'), all.map((e) => `${JSON.stringify(e)}\n`).join(''));
  const folders = [...new Set(pages.map(([file]) => `${path.dirname(file)}/`))];
  return ['index.html', ...folders, 'results.json', 'history.jsonl'];
}
