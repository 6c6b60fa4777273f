/**
 * The report's data paths on real claim evaluations (evaluateClaim over seed summaries, the same
 * function `check` uses): reading results with and without a baseline, the rate history file,
 * JUnit, the job summary and PR comment, and the dashboard page, with hostile text escaped.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import * as core from '@actions/core';
import { describe, expect, it } from 'vitest';
import { evaluateClaim } from '../../harness/claims/evaluate-claim.ts';
import { loadClaimFile } from '../../harness/claims/load-claims.ts';
import { buildResults } from '../../harness/claims/results.ts';
import { claimRates } from '../../harness/report/arm-rates.ts';
import type { BaselineComparison, ReportResults } from '../../harness/report/baseline-types.ts';
import { renderDashboard } from '../../harness/report/build-site.ts';
import { buildSummary } from '../../harness/report/github-summary.ts';
import { appendHistory, historyEntry, rateSeries, readHistory, tierHistory } from '../../harness/report/history.ts';
import { renderJunit } from '../../harness/report/junit.ts';
import { COMMENT_MARKER, renderComment } from '../../harness/report/pr-comment.ts';
import { parseResults } from '../../harness/report/read-results.ts';
import { ValidationError } from '../../harness/util/schema.ts';
import { armSeeds, byArm, times, tmpDir, validClaimData, writeClaim } from '../claims-engine/helpers.ts';

const UA = 'universal-answer-only';
const SF = 'standard-full-sequence';
const HOSTILE = 'Sequential <script>window.__xss = 1</script> & "quoted" <img src=x onerror=alert(1)>';

/** A results record from a real evaluation: a claim (rate + compare) over 8 + 8 synthetic seeds. */
function makeResults(opts: { sequential?: number; createdAt?: string; commit?: string; baseline?: BaselineComparison } = {}): { results: ReportResults; dir: string } {
  const dir = tmpDir();
  const data = validClaimData();
  data.statement = HOSTILE;
  const claim = loadClaimFile(writeClaim(dir, 'test-claim.yaml', data));
  const k = opts.sequential ?? 8;
  const seeds = byArm(armSeeds(UA, [...times(k, 'sequential'), ...times(8 - k, 'memorised')]), armSeeds(SF, times(8, 'memorised')));
  const results = buildResults(
    { tier: 'smoke', claimsDir: dir, backend: { name: 'wasm', device: 'cpu' }, git: { commit: opts.commit ?? 'a'.repeat(40), dirty: false }, createdAt: new Date(opts.createdAt ?? '2026-01-02T03:04:05Z') },
    [evaluateClaim(claim, 'smoke', seeds)],
  ) as ReportResults;
  if (opts.baseline) results.claims[0]!.baseline = opts.baseline;
  return { results: JSON.parse(JSON.stringify(results)) as ReportResults, dir };
}

/** A baseline comparison of UA's sequential rate: 8/8 in the baseline, `now` of 8 in this run. */
const baseline = (status: BaselineComparison['status'], now = 3): BaselineComparison => ({
  dir: 'baselines/smoke',
  status,
  reason: `rate of ${UA} went from 8/8 to ${now}/8 <b>bold</b>`,
  comparisons: [
    { arm: UA, quantity: 'sequential', kind: 'rate', current: { successes: now, n: 8, estimate: now / 8, interval: { lower: 0.14, upper: 0.69 } }, baseline: { successes: 8, n: 8, estimate: 1, interval: { lower: 0.68, upper: 1 } }, pValue: 0.026, status: status === 'stale' || status === 'missing' ? 'incomparable' : status },
  ],
});

describe('reading results.json', () => {
  it('accepts results without a baseline, and with a baseline and a regression count', () => {
    const { results } = makeResults();
    expect(parseResults(results, 'results.json').claims[0]!.baseline).toBeUndefined();
    const withBaseline = makeResults({ baseline: baseline('regression') }).results;
    withBaseline.summary.regressions = 1;
    expect(parseResults(withBaseline, 'results.json').claims[0]!.baseline?.status).toBe('regression');
  });

  it('names the file and the field of a malformed baseline, and still refuses unknown fields elsewhere', () => {
    const { results } = makeResults({ baseline: { ...baseline('same'), status: 'better' as never } });
    expect(() => parseResults(results, 'out/results.json')).toThrow(/out\/results\.json: 1 problem\n.*`claims\.0\.baseline\.status` must be one of same, regression/);
    const extra = makeResults().results as unknown as { claims: Record<string, unknown>[] };
    extra.claims[0]!.baselines = {};
    expect(() => parseResults(extra, 'results.json')).toThrow(ValidationError);
  });
});

describe('per-arm rates', () => {
  it('splits each expectation into its arms, with the threshold a rate is held to and the baseline of that arm and quantity', () => {
    const [rate, compare] = claimRates(makeResults({ sequential: 6, baseline: baseline('same') }).results.claims[0]!);
    expect(rate!.rates).toEqual([{ arm: UA, quantity: 'sequential', kind: 'rate', successes: 6, n: 8, estimate: 0.75, interval: expect.objectContaining({ lower: expect.any(Number) }) }]);
    expect(rate!.threshold).toEqual({ value: 0.5, side: 'atLeast' });
    expect(rate!.baseline.get(UA)?.baseline.successes).toBe(8);
    expect(compare!.rates.map((r) => [r.arm, r.quantity, r.successes])).toEqual([
      [UA, 'staircase', 6],
      [SF, 'staircase', 0],
    ]);
    expect(compare!.threshold).toBeNull(); // the compare claim tests a difference, not each rate
    expect(compare!.baseline.has(SF)).toBe(false);
  });
});

describe('the rate history file', () => {
  it('appends each run once, reads runs back in date order, and follows one claim version', () => {
    const file = path.join(tmpDir(), 'history.jsonl');
    const first = historyEntry(makeResults({ sequential: 4, createdAt: '2026-01-01T00:00:00Z', commit: '1'.repeat(40) }).results);
    const second = historyEntry(makeResults({ sequential: 7, createdAt: '2026-01-05T00:00:00Z', commit: '2'.repeat(40) }).results);
    expect(first.rates.map((r) => `${r.expectation}:${r.arm}:${r.successes}/${r.n}`)).toEqual([`0:${UA}:4/8`, `1:${UA}:4/8`, `1:${SF}:0/8`]);
    expect(appendHistory(file, second)).toBe(true);
    expect(appendHistory(file, first)).toBe(true);
    expect(appendHistory(file, first)).toBe(false);
    expect(readFileSync(file, 'utf8').trim().split('\n')).toHaveLength(2);
    const current = historyEntry(makeResults({ sequential: 8, createdAt: '2026-01-09T00:00:00Z', commit: '3'.repeat(40) }).results);
    const runs = tierHistory(readHistory(file), current);
    expect(rateSeries(runs, 'test-claim', 1, 0, UA).map((p) => [p.commit?.[0], p.rate.successes])).toEqual([
      ['1', 4],
      ['2', 7],
      ['3', 8],
    ]);
    expect(rateSeries(runs, 'test-claim', 2, 0, UA)).toEqual([]);
  });

  it('names the line of a line that is not a history entry', () => {
    const file = path.join(tmpDir(), 'history.jsonl');
    writeFileSync(file, `${JSON.stringify(historyEntry(makeResults().results))}\n{"kind":"other"}\nnot json\n`);
    expect(() => readHistory(file)).toThrow(/2 problems\n.*line 2: not a staircase.history version 1 entry\n.*line 3: /);
  });
});

describe('JUnit', () => {
  it('has a testcase per expectation at its line of the claim file, skips inconclusive ones, fails a regression, and escapes text', () => {
    const { results, dir } = makeResults({ sequential: 2, baseline: baseline('regression') });
    expect(results.claims[0]!.expectations.map((e) => e.status)).toEqual(['inconclusive', 'inconclusive']);
    const xml = renderJunit(results);
    const file = path.join(dir, 'test-claim.yaml');
    const lines = readFileSync(file, 'utf8').split('\n');
    const expectLines = lines.flatMap((l, j) => (/^ {2}- kind:/.test(l) ? [j + 1] : []));
    expect(expectLines).toHaveLength(2);
    expect(xml).toContain('<testsuites name="staircase claims (tier smoke)" tests="3" failures="1" errors="0" skipped="2" time="0">');
    expect(xml).toContain(`name="sequential &gt;= 50%" file="${file}" line="${expectLines[0]}"`);
    expect(xml).toContain(`line="${expectLines[1]}" time="0"><skipped message="inconclusive: `);
    expect(xml).toContain('<testcase classname="test-claim@1" name="baseline (baselines/smoke)"');
    expect(xml).toContain('<failure type="regression" message="rate of universal-answer-only went from 8/8 to 3/8 &lt;b&gt;bold&lt;/b&gt;">');
    expect(xml).toContain('value="Sequential &lt;script&gt;window.__xss = 1&lt;/script&gt; &amp; &quot;quoted&quot; &lt;img src=x onerror=alert(1)&gt;"');
    expect(xml).not.toMatch(/<script|<img|<b>/);
  });
});

describe('job summary and pull-request comment', () => {
  it('is a claims table with the statement escaped, verdicts, baseline per arm, and links to the dashboard', () => {
    const { results } = makeResults({ sequential: 8, baseline: baseline('same', 8) });
    core.summary.emptyBuffer();
    const html = buildSummary(core.summary, results, 'https://example.org/dash/').stringify();
    core.summary.emptyBuffer();
    expect(html).toContain('<a href="https://example.org/dash/#claim-test-claim">test-claim@1</a><br>✅ pass');
    expect(html).toContain('<td rowspan="2">Sequential &lt;script&gt;window.__xss = 1&lt;/script&gt; &amp; &quot;quoted&quot; &lt;img src=x onerror=alert(1)&gt;</td>');
    expect(html).toContain(`<td>8/8 = 1.00</td><td>[63.1%, 100%]</td><td>✅ pass</td><td>${UA}: same (100% → 100%, p 0.026)</td>`);
    expect(html).toContain('<td>✅ pass</td><td>no baseline for these arms</td>'); // the compare's staircase rates have none
    expect(html.match(/<tr>/g)).toHaveLength(3); // header + one row per expectation
    expect(html).not.toMatch(/<script|<img/);
  });

  it('starts the comment with the marker the workflow finds it by, and links the workflow run', () => {
    const body = renderComment(makeResults().results, null, { GITHUB_SERVER_URL: 'https://github.com', GITHUB_REPOSITORY: 'o/r', GITHUB_RUN_ID: '42' });
    expect(body.startsWith(`${COMMENT_MARKER}\n<h3>staircase claims: tier smoke</h3>`)).toBe(true);
    expect(body).toContain('<a href="https://github.com/o/r/actions/runs/42">workflow run 42</a>');
  });
});

describe('the dashboard page', () => {
  it('escapes every text from the claim files and results, has no script, and forbids scripts by policy', () => {
    const { results, dir } = makeResults({ sequential: 6, baseline: baseline('regression') });
    const html = renderDashboard({ dir, results, seeds: [] }, { history: [], historyFile: null });
    expect(html).toContain('Sequential &lt;script&gt;window.__xss = 1&lt;/script&gt; &amp; &quot;quoted&quot; &lt;img src=x onerror=alert(1)&gt;');
    expect(html).toContain('went from 8/8 to 3/8 &lt;b&gt;bold&lt;/b&gt;');
    expect(html).not.toMatch(/<script|<img|<b>bold/i);
    expect(html).toContain(`<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:">`);
  });

  it('draws the baseline beside the rate, and each rate across the runs of the history', () => {
    const runs = [4, 5, 7].map((k, j) => historyEntry(makeResults({ sequential: k, createdAt: `2026-01-0${j + 1}T00:00:00Z`, commit: String(j + 1).repeat(40) }).results));
    const { results, dir } = makeResults({ sequential: 6, createdAt: '2026-01-09T00:00:00Z', commit: '9'.repeat(40), baseline: baseline('same') });
    const html = renderDashboard({ dir, results, seeds: [] }, { history: runs, historyFile: 'history.jsonl' });
    expect(html.match(/class="plot rate-chart"/g)).toHaveLength(2);
    expect(html.match(/<path class="baseline"/g)).toHaveLength(1);
    // one history chart per arm of the rate and compare expectations, each with 4 runs (3 earlier + this one)
    expect(html.match(/class="plot history-chart"/g)).toHaveLength(3);
    expect(html.match(/<circle class="run"/g)).toHaveLength(12);
    expect(html).toContain('No per-seed files for this arm');
  });

  it('marks an expectation futile at this tier, in the overview and at the expectation, and leaves the others unmarked', () => {
    const { results, dir } = makeResults({ sequential: 4 });
    const e = results.claims[0]!.expectations[0]!;
    e.futile = { seeds: { [UA]: 64 }, interval: { lower: 0.3, upper: 0.7 } };
    const html = renderDashboard({ dir, results, seeds: [] }, { history: [], historyFile: null });
    expect(html.match(/class="badge badge-futile"/g)).toHaveLength(1);
    expect(html).toMatch(/\d inconclusive \(1 futile at this tier\)/);
    delete e.futile;
    expect(renderDashboard({ dir, results, seeds: [] }, { history: [], historyFile: null })).not.toMatch(/class="badge badge-futile"|futile at this tier/);
  });

  it('gives a long arm name room left of its rate bar', () => {
    const { results, dir } = makeResults({ sequential: 4 });
    const html = renderDashboard({ dir, results, seeds: [] }, { history: [], historyFile: null });
    const svg = html.match(/<svg[^>]*class="plot rate-chart"[^>]*>[\s\S]*?<\/svg>/)![0];
    const label = svg.match(/<text x="([\d.]+)"[^>]*text-anchor="end"[^>]*font-weight="bold"[^>]*>universal-answer-only</)!;
    expect(Number(label[1])).toBeGreaterThanOrEqual(7.5 * 'universal-answer-only'.length);
  });
});
