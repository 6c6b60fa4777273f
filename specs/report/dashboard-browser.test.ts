/**
 * The dashboard in a real headless Chromium: built by `staircase report` from the report fixture
 * (fixtures/report/results/, the output of a real `staircase check`, remade by
 * `npm run fixtures:report`), with earlier runs in the history, a baseline on one claim, and
 * hostile text in a statement. No console errors, every claim and plot present and drawn, no
 * script runs; a rate's link opens its seed list, and a seed page shows its training curve, lens
 * heatmap, ablation bars and verdict evidence. The screenshots go to out/dashboard/dashboard.png and
 * dashboard-seed.png (the last seed page; docs/ has copies).
 */
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BaselineComparison, ReportResults } from '../../harness/report/baseline-types.ts';
import { historyEntry } from '../../harness/report/history.ts';
import { readResultsDir } from '../../harness/report/read-results.ts';
import { PACKAGE_ROOT } from '../../harness/util/provenance.ts';
import { chromiumSkipReason, launchChromium } from '../helpers/chromium.ts';
import { runCli } from '../helpers/cli.ts';

const FIXTURE = path.join(PACKAGE_ROOT, 'fixtures', 'report', 'results');
const OUT = path.join(PACKAGE_ROOT, 'out', 'dashboard');
const HOSTILE = ' <script>window.__xss = 1</script><img src=x onerror="window.__xss = 2">';
const skip = chromiumSkipReason();
if (skip) console.warn(`dashboard-browser: skipped: ${skip}`);

/** The fixture's results, with hostile text in the first statement and a baseline on the first claim. */
function prepareResults(dir: string): ReportResults {
  cpSync(FIXTURE, dir, { recursive: true });
  const results = JSON.parse(readFileSync(path.join(dir, 'results.json'), 'utf8')) as ReportResults;
  const first = results.claims[0]!;
  first.statement += HOSTILE;
  const e = first.expectations[0]!;
  const arm = e.arms[0]!;
  const quantity = e.label.split(' ')[0]!;
  const baseline: BaselineComparison = {
    dir: 'baselines/smoke',
    status: 'same',
    reason: `no rate differs from the baseline at p < 0.05 <b>(escaped)</b>`,
    comparisons: [{ arm, quantity, kind: 'rate', current: { successes: e.successes?.[arm] ?? 0, n: e.n[arm] ?? 0, estimate: e.estimates[arm] ?? null, interval: e.intervals[arm] ?? null }, baseline: { successes: 2, n: 3, estimate: 2 / 3, interval: { lower: 0.21, upper: 0.94 } }, pValue: 1, status: 'same' }],
  };
  first.baseline = baseline;
  writeFileSync(path.join(dir, 'results.json'), JSON.stringify(results, null, 2));
  return results;
}

/** Three earlier runs in the history: this run's rates at earlier commits, one success fewer each step back. */
function writeHistory(file: string, results: ReportResults): void {
  const now = historyEntry(results);
  const lines = [3, 2, 1].map((back) => ({
    ...now,
    commit: `${back}`.repeat(40),
    date: new Date(Date.parse(now.date) - back * 86_400_000).toISOString(),
    rates: now.rates.map((r) => ({ ...r, successes: Math.max(0, r.successes - back), estimate: r.n ? Math.max(0, r.successes - back) / r.n : null })),
  }));
  writeFileSync(file, lines.map((l) => `${JSON.stringify(l)}\n`).join(''));
}

describe.skipIf(skip !== null)('the dashboard in headless Chromium', () => {
  let context: BrowserContext;
  let page: Page;
  let results: ReportResults;
  const problems: string[] = [];
  const site = path.join(OUT, 'site');

  beforeAll(async () => {
    rmSync(OUT, { recursive: true, force: true });
    mkdirSync(OUT, { recursive: true });
    const dir = path.join(OUT, 'results');
    results = prepareResults(dir);
    writeHistory(path.join(OUT, 'history.jsonl'), results);
    const r = await runCli(['report', '--from', dir, '--out', site, '--history', path.join(OUT, 'history.jsonl')]);
    expect(r.exitCode, r.stderr).toBe(0);
    context = await launchChromium();
    page = await context.newPage();
    page.on('console', (m) => void (m.type() === 'error' || m.type() === 'warning' ? problems.push(`console ${m.type()}: ${m.text()}`) : undefined));
    page.on('pageerror', (e) => void problems.push(`page error: ${e.message}`));
    page.on('requestfailed', (q) => void problems.push(`request failed: ${q.url()}`));
    await page.goto(pathToFileURL(path.join(site, 'index.html')).href, { waitUntil: 'load' });
  }, 180_000);

  afterAll(async () => {
    await context?.close();
  });

  it('loads without a console error, a page error or a failed request', () => {
    expect(problems).toEqual([]);
  });

  it('has a section per claim with its verdict, and one plot per expectation', async () => {
    const claims = await page.$$eval('section.claim', (els) => els.map((e) => ({ id: e.getAttribute('data-claim'), status: e.getAttribute('data-status'), plots: e.querySelectorAll('.expectation svg.rate-chart, .expectation svg.metric-chart').length })));
    expect(claims).toEqual(results.claims.map((c) => ({ id: c.id, status: c.status, plots: c.expectations.length })));
  });

  it('draws a history chart per arm of each rate expectation, with the three earlier runs and this one', async () => {
    const expected = results.claims.flatMap((c) => c.expectations.filter((e) => e.kind !== 'metric').flatMap((e) => e.arms)).length;
    const runs = await page.$$eval('svg.history-chart', (els) => els.map((e) => e.querySelectorAll('circle.run').length));
    expect(runs).toEqual(Array.from({ length: expected }, () => 4));
  });

  it('draws the baseline beside every rate of the arm and quantity it compares', async () => {
    const first = results.claims[0]!;
    const { arm, quantity } = first.baseline!.comparisons[0]!;
    const expected = first.expectations.filter((e) => e.kind !== 'metric' && e.arms.includes(arm) && e.label.split(' ')[0] === quantity).length;
    expect(expected).toBeGreaterThan(0);
    expect(await page.locator(`section.claim[data-claim="${first.id}"] svg.rate-chart path.baseline`).count()).toBe(expected);
    expect(await page.locator('svg.rate-chart path.baseline').count()).toBe(expected);
  });

  it('shows per arm the mean staircase, one small staircase per seed and the ablation bars', async () => {
    const input = readResultsDir(FIXTURE);
    const arms = [...new Set(input.seeds.map((s) => s.summary.arm))];
    expect(arms.length).toBeGreaterThan(0);
    for (const arm of arms) {
      const section = page.locator(`section.arm[data-arm="${arm}"]`);
      expect(await section.locator('svg.heatmap-mean').count()).toBe(1);
      expect(await section.locator('svg.heatmap-seed').count()).toBe(input.seeds.filter((s) => s.summary.arm === arm).length);
      expect(await section.locator('svg.ablation-bars').count()).toBe(1);
    }
  });

  it('renders every plot at a visible size', async () => {
    const input = readResultsDir(FIXTURE);
    const arms = new Set(input.seeds.map((s) => s.summary.arm));
    const expectations = results.claims.flatMap((c) => c.expectations);
    // a rate or metric chart per expectation, a difference chart per compare, a history chart per arm of each rate, and per arm: mean staircase, ablation bars, a staircase per seed
    const expected = expectations.length + expectations.filter((e) => e.kind === 'compare').length + expectations.filter((e) => e.kind !== 'metric').flatMap((e) => e.arms).length + 2 * arms.size + input.seeds.length;
    const sizes = await page.$$eval('svg.plot', (els) => els.map((e) => e.getBoundingClientRect()).map((r) => [r.width, r.height]));
    expect(sizes).toHaveLength(expected);
    for (const [w, h] of sizes) expect(w! * h!).toBeGreaterThan(1000);
  });

  it('draws each compare expectation with the interval of the difference its verdict reads', async () => {
    const compares = results.claims.flatMap((c) => c.expectations.filter((e) => e.kind === 'compare'));
    expect(compares.length).toBeGreaterThan(0);
    const drawn = await page.$$eval('svg.difference-chart', (els) => els.map((e) => e.querySelector('line.difference-interval title')?.textContent ?? ''));
    expect(drawn).toHaveLength(compares.length);
    compares.forEach((e, j) => expect(drawn[j]).toContain(`${Number((e.interval!.lower * 100).toFixed(1))}%`));
  });

  it('links every rate to the list of its seeds, and each listed seed to its page', async () => {
    const rates = results.claims.flatMap((c) => c.expectations.filter((e) => e.kind !== 'metric').flatMap((e) => e.arms));
    expect(await page.locator('svg.rate-chart a.seed-list-link').count()).toBe(rates.length);
    const first = results.claims[0]!;
    const arm = first.expectations[0]!.arms[0]!;
    await page.locator(`section.claim[data-claim="${first.id}"] svg.rate-chart a.seed-list-link`).first().click();
    await page.waitForLoadState('load');
    expect(page.url()).toContain('/claims/');
    const list = page.locator(`section.seed-list:target`);
    expect(await list.getAttribute('data-arm')).toBe(arm);
    expect(await list.locator('tbody tr').count()).toBe(first.seeds[arm]!.length);
    expect(await list.locator('.mark-yes').count()).toBeGreaterThan(0);
    expect(await list.locator('.warning').count()).toBe(0); // the seed files give the counts the verdict read
    expect(await page.locator('p.statement').textContent()).toBe(first.statement);
    await list.locator('tbody a').first().click();
    await page.waitForLoadState('load');
    expect(page.url()).toMatch(/\/seeds\/[0-9a-f]+\.html$/);
  });

  it('shows on a seed page the training curve, the lens heatmap with numbers, the ablation bars and the verdict evidence', async () => {
    const input = readResultsDir(FIXTURE);
    for (const seed of input.seeds) {
      await page.goto(pathToFileURL(path.join(site, 'seeds', `${seed.key}.html`)).href, { waitUntil: 'load' });
      const probe = seed.probe!;
      const K = probe.criticalLayers.length;
      expect(await page.locator('h1').textContent()).toContain(`seed ${seed.summary.seed}`);
      expect(await page.locator('svg.curve-chart polyline.loss').count()).toBe(1);
      expect(await page.locator('svg.curve-chart polyline.accuracy').count()).toBe(K);
      expect(await page.locator('svg.curve-chart line.switch').count()).toBe(seed.record!.curriculum.switchedAtStep === null ? 0 : 1);
      expect(await page.locator('svg.heatmap-seed-page rect.cell').count()).toBe(probe.logitLens.mass.length * K);
      expect(await page.locator('svg.heatmap-seed-page text', { hasText: probe.logitLens.mass[0]![0]!.toFixed(2) }).count()).toBeGreaterThan(0);
      expect(await page.locator('svg.ablation-bars rect.bar').count()).toBe(1 + 4 * probe.ablation.perIntermediate.length);
      expect(await page.locator('p.verdict-line').textContent()).toContain(`verdict: ${probe.verdict}`);
      expect(await page.locator('ul.evidence li').count()).toBeGreaterThan(0);
      for (const svg of await page.locator('svg.plot').all()) expect(((await svg.boundingBox())?.width ?? 0) * ((await svg.boundingBox())?.height ?? 0)).toBeGreaterThan(1000);
      expect(await page.locator('script').count()).toBe(0);
    }
    expect(problems).toEqual([]);
    await page.screenshot({ path: path.join(OUT, 'dashboard-seed.png'), fullPage: true });
    await page.goto(pathToFileURL(path.join(site, 'index.html')).href, { waitUntil: 'load' });
  });

  it('shows a statement with <script> as text and runs no script', async () => {
    expect(await page.locator('p.statement').first().textContent()).toBe(results.claims[0]!.statement);
    expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
    expect(await page.locator('script').count()).toBe(0);
    expect(await page.locator('main img').count()).toBe(0);
  });

  it('saves a full-page screenshot', async () => {
    const png = path.join(OUT, 'dashboard.png');
    await page.screenshot({ path: png, fullPage: true });
    expect(existsSync(png) && statSync(png).size).toBeGreaterThan(50_000);
  });
});
