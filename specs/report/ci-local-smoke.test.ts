/**
 * ci.yml's smoke-claims job, run locally (harness/ci/run-local.ts) on a tiny claim pack: the real
 * `staircase hash`, `staircase check` (2 seeds, 20 steps each) and `staircase report` steps, with a
 * fresh cache. What the job uploads must be there: results.json, summary.md, the JUnit file, the
 * exported seeds and the dashboard; the job summary and the annotation on the claim file too.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runLocal, type LocalRunResult } from '../../harness/ci/run-local.ts';
import { PACKAGE_ROOT } from '../../harness/util/provenance.ts';

const CLAIMS = 'specs/report/tiny-claims';

describe("ci.yml's smoke-claims job, run locally on a tiny claim pack", () => {
  let dir: string;
  let result: LocalRunResult;
  const log: string[] = [];
  const artifact = (...p: string[]): string => path.join(result.artifactsDir, 'smoke-results', ...p);

  beforeAll(() => {
    // Inside the work tree (out/ is git-ignored): hashFiles(), like GitHub's, sees only the workspace.
    mkdirSync(path.join(PACKAGE_ROOT, 'out'), { recursive: true });
    dir = mkdtempSync(path.join(PACKAGE_ROOT, 'out', 'ci-local-spec-'));
    result = runLocal({
      workflowFile: path.join(PACKAGE_ROOT, '.github/workflows/ci.yml'),
      jobs: ['smoke-claims'],
      env: { CLAIMS, OUT: path.relative(PACKAGE_ROOT, path.join(dir, 'smoke')), STAIRCASE_CACHE_DIR: path.join(dir, 'cache') },
      vars: {},
      skip: /^Install$/,
      outDir: path.join(dir, 'ci'),
      cwd: PACKAGE_ROOT,
      capture: true,
      log: (line) => void log.push(line),
    });
  }, 600_000);

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('runs every step; the check fails the job (one claim fails, by design) and the report and upload still run', () => {
    const outcome = Object.fromEntries(result.steps.map((s) => [s.step, s.outcome]));
    expect(outcome, log.join('\n')).toEqual({
      'actions/checkout@v4': 'success',
      'actions/setup-node@v4': 'success',
      Install: 'skipped',
      'Training code hash': 'success',
      'Restore the seed cache': 'success',
      'Check the smoke tier': 'failure',
      'Save the seed cache': 'success',
      Dashboard: 'success',
      'Upload results, JUnit and dashboard': 'success',
    });
    expect(result.jobs['smoke-claims']).toBe('failure');
  });

  it('uploads results.json, summary.md, the JUnit file, one folder per seed and the dashboard', () => {
    expect(readdirSync(artifact()).sort()).toEqual(['junit.xml', 'results.json', 'seeds', 'site', 'summary.md']);
    const seeds = readdirSync(artifact('seeds'));
    expect(seeds).toHaveLength(2);
    for (const key of seeds) expect(readdirSync(artifact('seeds', key)).sort()).toEqual(['probe.json', 'record.json', 'summary.json']);
    const results = JSON.parse(readFileSync(artifact('results.json'), 'utf8')) as { claimsDir: string; summary: object };
    expect(results.claimsDir).toBe(CLAIMS);
    // The check compares with the committed baselines/smoke/ (none for this pack: no regressions).
    expect(results.summary).toEqual({ pass: 0, fail: 1, inconclusive: 0, regressions: 0 });
    expect(readFileSync(artifact('site', 'index.html'), 'utf8')).toContain('data-claim="tiny-budget"');
  });

  it('writes JUnit with one testcase per expectation, the failure pointing at its line of the claim file', () => {
    const xml = readFileSync(artifact('junit.xml'), 'utf8');
    expect(xml).toMatch(/<testsuites name="staircase claims \(tier smoke\)" tests="3" failures="1" errors="0" skipped="1"/);
    // The third testcase is the baseline comparison, skipped: this pack has no baseline in baselines/smoke/.
    expect(xml).toMatch(/name="baseline \(baselines\)"[^>]*><skipped message="missing: no baseline/);
    expect(xml).toContain(`<testcase classname="tiny-budget@1" name="converged &gt;= 90%" file="${CLAIMS}/tiny-budget.yaml" line="26" time="0"><failure type="fail" message="0/2 seeds converged; Clopper-Pearson 95% interval [0.00, 0.84] lies wholly below 0.9">`);
    expect(xml).not.toContain('<script>');
  });

  it('writes the job summary (a claims table) and an error annotation on the failing expectation', () => {
    const summary = readFileSync(path.join(dir, 'ci', 'smoke-claims', 'summary.md'), 'utf8');
    expect(summary).toContain('<h3>staircase claims: tier smoke</h3>');
    expect(summary).toContain('<th>claim</th><th>statement</th><th>expectation</th><th>arm(s)</th><th>estimate</th><th>interval</th><th>verdict</th><th>baseline</th>');
    expect(summary).toContain('&lt;script&gt;window.__xss = 1&lt;/script&gt;');
    expect(summary).not.toContain('<script>');
    expect(summary.split('<h3>staircase claims').length, 'one summary: check writes it, report does not repeat it').toBe(2);
    expect(log.join('\n')).toContain(`::error title=claim tiny-budget@1 fails%3A converged >= 90%25,file=${CLAIMS}/tiny-budget.yaml,line=26::`);
  });

  it('keyed the cache by the code hash `staircase hash` printed, and trained into the cache the job named', () => {
    expect(log.join('\n')).toMatch(/cache: \.staircase\/cache persists locally; nothing to restore \(key staircase-smoke-Linux-[0-9a-f]{64}-[0-9a-f]{64}\)/);
    expect(existsSync(path.join(dir, 'cache'))).toBe(true);
  });
});
