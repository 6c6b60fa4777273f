/**
 * The artifact contract between the workflows and the CLI, tested on the real scripts: ci.yml's
 * smoke-claims steps (`staircase hash`, `check`, `report`) run in bash, as the runner runs them,
 * in a scratch checkout on a two-seed claim pack; what they write must be what the job's cache,
 * `if:` and upload steps name. The same results folder through claims-gpu.yml's merge-job report
 * step must give every file that job's later steps test, upload and read; and the shard job's
 * names must line up: plan -> matrix.shard -> sweep --out -> upload -> download -> merge.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readWorkflow, type WorkflowJob, type WorkflowStep } from '../../harness/ci/workflow.ts';
import { COMMENT_MARKER } from '../../harness/report/pr-comment.ts';
import { DEFAULT_CACHE_DIR } from '../../harness/sweep/cache.ts';
import { PACKAGE_ROOT } from '../../harness/util/provenance.ts';

const CLAIMS = 'specs/report/tiny-claims';
const ci = readWorkflow(path.join(PACKAGE_ROOT, '.github/workflows/ci.yml'));
const gpu = readWorkflow(path.join(PACKAGE_ROOT, '.github/workflows/claims-gpu.yml'));
const step = (job: WorkflowJob, key: string): WorkflowStep => {
  const found = (job.steps ?? []).find((s) => s.id === key || s.name === key || s.uses?.startsWith(`${key}@`));
  if (!found) throw new Error(`no step ${key}`);
  return found;
};
const lines = (v: unknown): string[] => String(v).split('\n').map((l) => l.trim()).filter(Boolean);

/** `npx staircase` as this checkout's CLI (a scratch checkout has no node_modules). */
const CLI_NPX = `npx() { if [ "$1" = staircase ]; then shift; node "${path.join(PACKAGE_ROOT, 'bin', 'staircase.mjs')}" "$@"; else command npx "$@"; fi; }\n`;

/** Run a step's script as the runner does (bash -e, GITHUB_OUTPUT / GITHUB_STEP_SUMMARY files), in `cwd`, with only `env`. */
function runStep(s: WorkflowStep, cwd: string, env: Record<string, string>, npx = CLI_NPX) {
  const output = path.join(cwd, `.github-output-${Math.random().toString(36).slice(2)}`);
  writeFileSync(output, '');
  const r = spawnSync('bash', ['-e', '-c', npx + s.run!], {
    cwd,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? os.tmpdir(), CI: 'true', GITHUB_OUTPUT: output, ...env },
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  const outputs = Object.fromEntries(readFileSync(output, 'utf8').split('\n').filter((l) => l.includes('=')).map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]));
  rmSync(output);
  return { status: r.status, log: `${r.stdout}${r.stderr}`, outputs };
}

describe("ci.yml's smoke-claims job: what hash, check and report write is what the job caches and uploads", () => {
  const job = ci.jobs['smoke-claims']!;
  const env: Record<string, string> = { ...(job.env as Record<string, string>), CLAIMS };
  const OUT = String(job.env?.OUT);
  let ws: string;
  let at: (...p: string[]) => string;
  let hash: ReturnType<typeof runStep>;
  let check: ReturnType<typeof runStep>;
  let report: ReturnType<typeof runStep>;

  beforeAll(() => {
    ws = mkdtempSync(path.join(os.tmpdir(), 'staircase-artifacts-'));
    at = (...p) => path.join(ws, ...p);
    // A checkout as the runner has it (the pack, and the committed baselines/), without the cache.
    cpSync(path.join(PACKAGE_ROOT, CLAIMS), at(CLAIMS), { recursive: true });
    cpSync(path.join(PACKAGE_ROOT, 'baselines'), at('baselines'), { recursive: true });
    const github = { GITHUB_ACTIONS: 'true', GITHUB_STEP_SUMMARY: at('step-summary.md') };
    hash = runStep(step(job, 'hash'), ws, { ...env, ...github });
    check = runStep(step(job, 'check'), ws, { ...env, ...github });
    report = runStep(step(job, 'Dashboard'), ws, { ...env, ...github });
  }, 600_000);
  afterAll(() => rmSync(ws, { recursive: true, force: true }));

  it('the check fails (one claim fails, by design), so the steps after it run on always() and on the results file it wrote', () => {
    expect(check.status, check.log).toBe(1);
    expect(report.status, report.log).toBe(0);
    for (const name of ['Save the seed cache', 'Dashboard', 'Upload results, JUnit and dashboard']) expect(String(step(job, name).if)).toMatch(/^always\(\) && /);
    expect(String(step(job, 'Dashboard').if)).toContain("hashFiles(format('{0}/results.json', env.OUT))");
    expect(existsSync(at(OUT, 'results.json'))).toBe(true);
  });

  it('uploads every file check and report write to OUT but sweep.json, and each is there', () => {
    const upload = step(job, 'Upload results, JUnit and dashboard');
    expect(upload.with?.['if-no-files-found']).toBe('error');
    const uploaded = lines(upload.with?.path).map((p) => {
      expect(p).toMatch(/^\$\{\{ env\.OUT \}\}\/[\w.]+$/);
      return p.replace('${{ env.OUT }}/', '');
    });
    expect([...uploaded, 'sweep.json'].sort()).toEqual(readdirSync(at(OUT)).sort());
    expect(step(job, 'check').run).toContain('--junit "$OUT/junit.xml"');
    const seeds = readdirSync(at(OUT, 'seeds'));
    expect(seeds).toHaveLength(2);
    for (const key of seeds) expect(readdirSync(at(OUT, 'seeds', key)).sort()).toEqual(['probe.json', 'record.json', 'summary.json']);
    const results = JSON.parse(readFileSync(at(OUT, 'results.json'), 'utf8')) as { claimsDir: string; summary: object };
    expect(results.claimsDir).toBe(CLAIMS);
    expect(results.summary).toEqual({ pass: 0, fail: 1, inconclusive: 0 });
    expect(readFileSync(at(OUT, 'site', 'index.html'), 'utf8')).toContain('data-claim="tiny-budget"');
  });

  it('writes JUnit with one testcase per expectation, the failure pointing at its line of the claim file', () => {
    const xml = readFileSync(at(OUT, 'junit.xml'), 'utf8');
    // A pack other than specs/claims is not compared with the baselines of specs/claims (no --baseline given).
    expect(xml).toMatch(/<testsuites name="staircase claims \(tier smoke\)" tests="2" failures="1" errors="0" skipped="0"/);
    expect(xml).toContain(`<testcase classname="tiny-budget@1" name="converged &gt;= 90%" file="${CLAIMS}/tiny-budget.yaml" line="26" time="0"><failure type="fail" message="0/2 seeds converged; Clopper-Pearson 95% interval [0.00, 0.84] lies wholly below 0.9">`);
    expect(xml).not.toContain('<script>');
  });

  it('writes the job summary (a claims table, once) and an error annotation on the failing expectation', () => {
    const summary = readFileSync(at('step-summary.md'), 'utf8');
    expect(summary).toContain('<h3>staircase claims: tier smoke</h3>');
    expect(summary).toContain('<th>claim</th><th>statement</th><th>expectation</th><th>arm(s)</th><th>estimate</th><th>interval</th><th>verdict</th><th>baseline</th>');
    expect(summary).toContain('&lt;script&gt;window.__xss = 1&lt;/script&gt;');
    expect(summary).not.toContain('<script>');
    expect(summary.split('<h3>staircase claims').length, 'one summary: check writes it, report does not repeat it').toBe(2);
    expect(check.log).toContain(`::error title=claim tiny-budget@1 fails%3A converged >= 90%25,file=${CLAIMS}/tiny-budget.yaml,line=26::`);
    expect(check.log).toMatch(/^check: 1 claim, tier smoke, up to (1 worker|\d+ workers) of up to (1 seed|\d+ seeds) each, cache /m);
    expect(check.log).toContain('(1 claim, tier smoke)');
  });

  it('keys the cache by the code hash `staircase hash` prints, and the check trains into the folder the cache steps save', () => {
    expect(hash.outputs.hash).toMatch(/^[0-9a-f]{64}$/);
    for (const name of ['actions/cache/restore', 'actions/cache/save']) expect(step(job, name).with?.path).toBe(DEFAULT_CACHE_DIR);
    expect(readdirSync(at(DEFAULT_CACHE_DIR)).filter((e) => /^[0-9a-f]{64}$/.test(e))).toHaveLength(2);
  });

  describe("the same results folder through claims-gpu.yml's merge job (merge writes check's layout)", () => {
    const merge = gpu.jobs.merge!;
    let ws2: string;
    let run: ReturnType<typeof runStep>;
    beforeAll(() => {
      ws2 = mkdtempSync(path.join(os.tmpdir(), 'staircase-merge-job-'));
      cpSync(at(OUT), path.join(ws2, 'out', 'full'), { recursive: true });
      rmSync(path.join(ws2, 'out', 'full', 'site'), { recursive: true });
      run = runStep(step(merge, 'Job summary, annotations, JUnit, dashboard, PR comment'), ws2, { EVENT: 'pull_request', DASHBOARD_URL: 'https://owner.github.io/staircase/', GITHUB_STEP_SUMMARY: path.join(ws2, 'summary.md') });
    }, 120_000);
    afterAll(() => rmSync(ws2, { recursive: true, force: true }));

    it('writes every file the later steps test with hashFiles, upload, publish and read', () => {
      expect(run.status, run.log).toBe(0);
      const steps = merge.steps!.slice(merge.steps!.findIndex((s) => s.name?.startsWith('Job summary')));
      const named = steps.flatMap((s) => [
        ...[...String(s.if ?? '').matchAll(/hashFiles\('([^']+)'\)/g)].map((m) => m[1]!),
        ...(s.uses?.startsWith('actions/upload') ? lines(s.with?.path) : []),
        ...[...String(s.with?.script ?? '').matchAll(/readFileSync\('([^']+)'/g)].map((m) => m[1]!),
      ]);
      expect(new Set(named)).toEqual(new Set(['out/full/results.json', 'out/full', 'out/site', 'out/full/comment.md', 'out/site/index.html']));
      for (const p of named) expect(existsSync(path.join(ws2, p)), p).toBe(true);
      expect(existsSync(path.join(ws2, 'out/full/junit.xml'))).toBe(true);
    });

    it('writes the comment with the marker the comment step finds its earlier comment by', () => {
      expect(String(step(merge, 'actions/github-script').with?.script)).toContain(`c.body?.startsWith(marker)`);
      expect(readFileSync(path.join(ws2, 'out/full/comment.md'), 'utf8').startsWith(COMMENT_MARKER)).toBe(true);
    });
  });
});

describe("claims-gpu.yml's shard names line up: plan -> matrix.shard -> sweep --out -> upload -> download -> merge", () => {
  it('holds for the matrix `staircase plan` prints', () => {
    const plan = runStep(step(gpu.jobs.plan!, 'plan'), PACKAGE_ROOT, { SHARDS: '2' });
    expect(plan.status, plan.log).toBe(0);
    const matrix = JSON.parse(plan.outputs.matrix!) as { include: { shard: string }[] };
    expect(matrix.include.map((e) => e.shard)).toEqual(['1/2', '2/2']);
    const shards = gpu.jobs.shards!;
    expect(shards.env?.SHARD).toBe('${{ matrix.shard }}');
    const echo = 'npx() { printf "%s\\n" "$@"; }\n';
    for (const { shard } of matrix.include) {
      const index = runStep(step(shards, 'shard'), PACKAGE_ROOT, { SHARD: shard }).outputs.index!;
      const sweepArgs = runStep(step(shards, 'Sweep this shard of the full tier'), PACKAGE_ROOT, { SHARD: shard }, echo).log.trim().split('\n');
      const out = sweepArgs[sweepArgs.indexOf('--out') + 1];
      const upload = step(shards, 'actions/upload-artifact').with!;
      const sub = (v: unknown) => String(v).replaceAll('${{ steps.shard.outputs.index }}', index);
      expect(sub(upload.path)).toBe(out);
      expect(sub(upload.name)).toBe(`shard-${shard.split('/')[0]}`);
      const download = step(gpu.jobs.merge!, 'actions/download-artifact').with!;
      expect(new RegExp(`^${String(download.pattern).replace('*', '.*')}$`).test(sub(upload.name))).toBe(true);
      expect(step(gpu.jobs.merge!, 'merge').run).toContain(`npx staircase merge ${String(download.path)}/${String(download.pattern)} `);
    }
  });
});
