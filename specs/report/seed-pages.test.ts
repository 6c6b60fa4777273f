/**
 * The dashboard's seed-by-seed pages without a browser: the seeds behind each rate re-derived
 * from the report fixture's seed files give exactly the counts its verdicts read; claim and seed
 * pages escape hostile arm names and statements; every committed nightly seed (runs/nightly)
 * renders a page with its curve, and a curriculum seed's curve marks the switch; the history
 * axis keeps its labels apart with many runs; a compare's difference chart draws its interval.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { SeedSummary } from '../../harness/claims/seed-summary.ts';
import type { ProbeResult } from '../../harness/probe/result.ts';
import type { RunRecord } from '../../harness/train/record.ts';
import type { HistoryPoint } from '../../harness/report/history.ts';
import { readResultsDir, type ReportInput, type ReportSeed } from '../../harness/report/read-results.ts';
import { armSeedMarks } from '../../harness/report/seed-membership.ts';
import { safeName, seedPagePath } from '../../harness/report/site-paths.ts';
import { renderClaimPage } from '../../harness/report/site-seed-lists.ts';
import { renderSeedPage } from '../../harness/report/site-seed-page.ts';
import { renderDashboard } from '../../harness/report/build-site.ts';
import { curveSvg } from '../../harness/report/svg-curve.ts';
import { differenceChartSvg } from '../../harness/report/svg-difference.ts';
import { historyChartSvg, LABEL_GAP } from '../../harness/report/svg-history-chart.ts';
import { PACKAGE_ROOT } from '../../harness/util/provenance.ts';

const FIXTURE = path.join(PACKAGE_ROOT, 'fixtures', 'report', 'results');
const NIGHTLY = path.join(PACKAGE_ROOT, 'runs', 'nightly', 'seeds');
const HOSTILE = 'arm <script>window.__xss = 1</script><img src=x onerror="alert(1)"> & "q"';

const readJson = <T>(file: string): T => JSON.parse(readFileSync(file, 'utf8')) as T;

/** The committed nightly seeds, read as the report reads a seeds folder. */
function nightlySeeds(): ReportSeed[] {
  if (!existsSync(NIGHTLY)) return [];
  return readdirSync(NIGHTLY)
    .sort()
    .filter((key) => existsSync(path.join(NIGHTLY, key, 'summary.json')))
    .map((key) => {
      const at = (f: string) => path.join(NIGHTLY, key, f);
      return { key, summary: readJson<SeedSummary>(at('summary.json')), record: existsSync(at('record.json')) ? readJson<RunRecord>(at('record.json')) : null, probe: existsSync(at('probe.json')) ? readJson<ProbeResult>(at('probe.json')) : null };
    });
}

/** The fixture with one arm renamed to hostile text everywhere (results and seed files). */
function hostileInput(): { input: ReportInput; arm: string } {
  const input = readResultsDir(FIXTURE);
  const arm = input.seeds[0]!.summary.arm;
  const renamed = JSON.stringify(input).split(JSON.stringify(arm)).join(JSON.stringify(HOSTILE));
  const out = JSON.parse(renamed) as ReportInput;
  out.results.claims[0]!.statement += HOSTILE;
  return { input: out, arm: HOSTILE };
}

const labelXs = (svg: string): number[] => [...svg.matchAll(/<text x="([\d.]+)" y="[\d.]+" text-anchor="middle" fill="#444444" font-size="10">[0-9a-f]{7}<\/text>/g)].map((m) => Number(m[1]));

describe('the seeds behind each rate', () => {
  it('re-derives from the fixture seed files exactly the counts every verdict read', () => {
    const input = readResultsDir(FIXTURE);
    let checked = 0;
    for (const claim of input.results.claims)
      for (const e of claim.expectations)
        for (const c of e.counted) {
          const marks = armSeedMarks(e.kind, c, claim.seeds[c.arm] ?? [], input.seeds.filter((s) => s.summary.arm === c.arm).map((s) => s.summary));
          expect(marks.consistent, `${claim.id} ${e.label} ${c.arm}`).toBe(true);
          expect(marks.marks.map((m) => m.seed)).toEqual(claim.seeds[c.arm]);
          checked += 1;
        }
    expect(checked).toBeGreaterThan(4);
  });

  it('says so when the seed files do not give the stored counts', () => {
    const input = readResultsDir(FIXTURE);
    const claim = input.results.claims[0]!;
    const e = claim.expectations[0]!;
    const c = { ...e.counted[0]!, x: (e.counted[0]!.x ?? 0) + 1 };
    const marks = armSeedMarks(e.kind, c, claim.seeds[c.arm]!, input.seeds.map((s) => s.summary));
    expect(marks.consistent).toBe(false);
    expect(armSeedMarks(e.kind, { ...c, name: 'no such outcome' }, claim.seeds[c.arm]!, []).derived).toBeNull();
  });
});

describe('claim and seed pages', () => {
  it('escape hostile arm names and statements, and name files safely', () => {
    const { input, arm } = hostileInput();
    const pages = [renderDashboard(input, { history: [], historyFile: null }), ...input.results.claims.map((c) => renderClaimPage(c, input.seeds)), ...input.seeds.map((s) => renderSeedPage(s, input.results.claims))];
    for (const html of pages) {
      expect(html).not.toContain('<script');
      expect(html).not.toContain('<img');
    }
    expect(pages.some((html) => html.includes('arm &lt;script&gt;window.__xss = 1&lt;/script&gt;'))).toBe(true);
    expect(safeName(arm)).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(safeName('a/b')).not.toBe(safeName('a?b'));
    expect(seedPagePath('../../etc/passwd')).toMatch(/^seeds\/[A-Za-z0-9_-]+\.html$/);
  });

  const nightly = nightlySeeds();
  it.skipIf(nightly.length === 0)('render every committed nightly seed, its curve with the curriculum switch marked', () => {
    for (const s of nightly) {
      const html = renderSeedPage(s, []);
      expect(html, s.key).toContain('class="plot curve-chart"');
      expect(html).toContain(`verdict: ${s.probe!.verdict}`);
      const switched = s.record!.curriculum.switchedAtStep;
      expect(html.includes('class="switch"'), s.key).toBe(switched !== null);
    }
    const curriculum = nightly.find((s) => s.record?.curriculum.switchedAtStep !== null && s.record !== null);
    if (curriculum) {
      const r = curriculum.record!;
      const svg = curveSvg({ curve: r.curve, switchedAtStep: r.curriculum.switchedAtStep, targetAccuracy: r.arm.targetAccuracy, title: 't' });
      expect(svg).toContain(`curriculum switch to full-sequence loss at step ${r.curriculum.switchedAtStep}`);
      expect(svg.match(/class="accuracy"/g)).toHaveLength(r.curve[0]!.perKAccuracy.length);
    }
  });
});

describe('the history axis and the difference chart', () => {
  const points = (n: number): HistoryPoint[] =>
    Array.from({ length: n }, (_, j) => ({
      commit: j.toString(16).padStart(7, '0').repeat(6).slice(0, 40),
      date: new Date(Date.UTC(2026, 0, 1) + j * 86_400_000).toISOString(),
      rate: { claim: 'c', version: 1, expectation: 0, label: 'l', arm: 'a', quantity: 'sequential', successes: j % 8, n: 8, estimate: (j % 8) / 8, interval: { lower: 0, upper: 1 }, status: 'inconclusive' as const },
    }));

  it.each([3, 12, 55, 200])('keeps %i runs\' commit labels at least LABEL_GAP apart, the newest labelled', (n) => {
    const svg = historyChartSvg(points(n), 'history', 0.5);
    const xs = labelXs(svg);
    expect(xs.length).toBeGreaterThan(1);
    for (let j = 1; j < xs.length; j++) expect(xs[j]! - xs[j - 1]!).toBeGreaterThanOrEqual(LABEL_GAP - 0.01);
    expect(svg).toContain(`>${points(n)[n - 1]!.commit!.slice(0, 7)}</text>`);
    expect(svg.match(/class="run"/g)).toHaveLength(n);
    if (n <= 3) expect(xs).toHaveLength(n);
  });

  it('draws a compare expectation\'s difference with the interval its verdict reads', () => {
    const e = readResultsDir(FIXTURE).results.claims.flatMap((c) => c.expectations).find((x) => x.kind === 'compare')!;
    const svg = differenceChartSvg(e, 'difference');
    expect(svg).toContain('class="difference-interval"');
    expect(svg).toContain(`${Number((e.interval!.upper * 100).toFixed(1))}%]`);
    expect(svg).toContain('class="threshold"');
  });
});
