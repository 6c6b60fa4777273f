/**
 * Run a workflow's jobs on this machine, without GitHub: every `run:` step as the runner would
 * (bash -e, GITHUB_OUTPUT / GITHUB_ENV / GITHUB_STEP_SUMMARY files, GITHUB_ACTIONS=true), every
 * `uses:` step through its local stand-in (harness/ci/local-actions.ts), `if:` conditions, job
 * needs, outputs and matrices evaluated as GitHub does. So the files a local run leaves under
 * OUT/artifacts/ are the files the workflow uploads. Used by scripts/ci-local.sh.
 */
import { createHash } from 'node:crypto';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { asText, condition, interpolate, type ExpressionContext, type Value } from './expression.ts';
import { runAction } from './local-actions.ts';
import { needsOf, readWorkflow, type Workflow, type WorkflowJob, type WorkflowStep } from './workflow.ts';

export interface LocalRunOptions {
  workflowFile: string;
  /** Jobs to run (with the jobs they need); all when empty. */
  jobs: string[];
  /** Event name the run pretends to be (default: workflow_dispatch, else push, else the first trigger). */
  event?: string;
  /** Env overrides, applied above workflow, job and step env. */
  env: Record<string, string>;
  /** `vars` context (repository variables). */
  vars: Record<string, string>;
  /** Steps whose name matches are skipped (e.g. `^Install$` where node_modules is already installed). */
  skip: RegExp | null;
  /** Where artifacts, summaries and step files go. */
  outDir: string;
  cwd: string;
  log?: (line: string) => void;
  /** Capture each run step's output into OUT/<job>/step-<n>.log (and the log) instead of streaming it. */
  capture?: boolean;
}

export interface StepResult {
  job: string;
  step: string;
  outcome: 'success' | 'failure' | 'skipped';
}

export interface LocalRunResult {
  steps: StepResult[];
  jobs: Record<string, 'success' | 'failure' | 'skipped'>;
  artifactsDir: string;
}

/** hashFiles(): sha256 over the files matching the globs (`*`, `**`), '' when none match. */
export function hashFiles(cwd: string, patterns: string[]): string {
  const files = new Set<string>();
  for (const pattern of patterns) {
    const segments = pattern.split('/');
    const firstGlob = segments.findIndex((s) => s.includes('*') || s.includes('?'));
    const base = path.join(cwd, ...(firstGlob < 0 ? segments : segments.slice(0, firstGlob)));
    if (!existsSync(base)) continue;
    if (firstGlob < 0) {
      if (statSync(base).isFile()) files.add(path.relative(cwd, base));
      continue;
    }
    const rx = new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*\*\/?/g, '\0').replaceAll('*', '[^/]*').replaceAll('?', '[^/]').replaceAll('\0', '.*')}$`);
    const walk = (dir: string): void => {
      for (const e of readdirSync(dir, { withFileTypes: true })) {
        const abs = path.join(dir, e.name);
        if (e.isDirectory()) walk(abs);
        else if (rx.test(path.relative(cwd, abs).split(path.sep).join('/'))) files.add(path.relative(cwd, abs));
      }
    };
    walk(base);
  }
  if (!files.size) return '';
  const hash = createHash('sha256');
  for (const f of [...files].sort()) hash.update(createHash('sha256').update(readFileSync(path.join(cwd, f))).digest());
  return hash.digest('hex');
}

/** Parse a GITHUB_OUTPUT / GITHUB_ENV file: `name=value` lines and `name<<DELIM` blocks. */
export function parseCommandFile(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const block = /^([^=<]+)<<(.+)$/.exec(line);
    if (block) {
      const end = lines.indexOf(block[2]!, i + 1);
      out[block[1]!] = lines.slice(i + 1, end < 0 ? undefined : end).join('\n');
      i = end < 0 ? lines.length : end;
    } else if (line.includes('=')) out[line.slice(0, line.indexOf('='))] = line.slice(line.indexOf('=') + 1);
  }
  return out;
}

/** Jobs in an order that respects `needs`, limited to `wanted` and what they need. */
export function jobOrder(workflow: Workflow, wanted: readonly string[]): string[] {
  const ids = Object.keys(workflow.jobs);
  for (const w of wanted) if (!ids.includes(w)) throw new Error(`no job '${w}' in the workflow; jobs: ${ids.join(', ')}`);
  const include = new Set<string>();
  const add = (id: string): void => {
    if (include.has(id)) return;
    include.add(id);
    needsOf(workflow.jobs[id]!).forEach(add);
  };
  (wanted.length ? wanted : ids).forEach(add);
  const order: string[] = [];
  const visit = (id: string, stack: string[]): void => {
    if (order.includes(id)) return;
    if (stack.includes(id)) throw new Error(`needs cycle: ${[...stack, id].join(' -> ')}`);
    needsOf(workflow.jobs[id]!).forEach((n) => visit(n, [...stack, id]));
    order.push(id);
  };
  ids.filter((id) => include.has(id)).forEach((id) => visit(id, []));
  return order;
}

function gitValue(cwd: string, args: string[], fallback: string): string {
  try {
    return execFileSync('git', args, { cwd, stdio: ['ignore', 'pipe', 'ignore'] }).toString().trim() || fallback;
  } catch {
    return fallback;
  }
}

const toStringMap = (values: Record<string, Value>): Record<string, string> => Object.fromEntries(Object.entries(values).map(([k, v]) => [k, asText(v)]));

/** Run the workflow's jobs locally. */
export function runLocal(opts: LocalRunOptions): LocalRunResult {
  const log = opts.log ?? ((line: string) => console.log(line));
  const workflow = readWorkflow(opts.workflowFile);
  const triggers = typeof workflow.on === 'string' ? [workflow.on] : Array.isArray(workflow.on) ? workflow.on : Object.keys(workflow.on);
  const event = opts.event ?? ['workflow_dispatch', 'push'].find((t) => triggers.includes(t)) ?? triggers[0]!;
  const dispatchInputs = (((workflow.on as Record<string, { inputs?: Record<string, { default?: string }> } | null>).workflow_dispatch ?? {}).inputs ?? {}) as Record<string, { default?: string }>;
  const artifactsDir = path.resolve(opts.cwd, opts.outDir, 'artifacts');
  rmSync(artifactsDir, { recursive: true, force: true });
  mkdirSync(artifactsDir, { recursive: true });
  const branch = gitValue(opts.cwd, ['rev-parse', '--abbrev-ref', 'HEAD'], 'local');
  const github: Value = {
    event_name: event,
    event: {},
    ref: `refs/heads/${branch}`,
    ref_name: branch,
    sha: gitValue(opts.cwd, ['rev-parse', 'HEAD'], ''),
    repository: `local/${path.basename(opts.cwd)}`,
    repository_owner: 'local',
    workspace: opts.cwd,
    run_id: 'local',
  };
  const needs: Record<string, Value> = {};
  const steps: StepResult[] = [];
  const jobResults: LocalRunResult['jobs'] = {};

  for (const id of jobOrder(workflow, opts.jobs)) {
    const job: WorkflowJob = workflow.jobs[id]!;
    const jobNeeds = Object.fromEntries(needsOf(job).map((n) => [n, needs[n] ?? null])) as Record<string, Value>;
    const needsOk = needsOf(job).every((n) => jobResults[n] === 'success');
    const base = { github, inputs: Object.fromEntries(Object.entries(dispatchInputs).map(([k, v]) => [k, v.default ?? ''])), vars: opts.vars, needs: jobNeeds, runner: { os: 'Linux', temp: path.resolve(opts.cwd, opts.outDir, id, 'tmp') }, env: {}, steps: {}, matrix: {}, strategy: {}, job: {} } as Record<string, Value>;
    const mk = (contexts: Record<string, Value>, status: 'success' | 'failure'): ExpressionContext => ({ contexts, status, hashFiles: (p) => hashFiles(opts.cwd, p) });
    if (!condition(job.if, mk(base, needsOk ? 'success' : 'failure'))) {
      log(`job ${id}: skipped (if: ${String(job.if ?? 'success()')})`);
      jobResults[id] = 'skipped';
      needs[id] = { result: 'skipped', outputs: {} };
      continue;
    }
    const matrixValue = job.strategy?.matrix === undefined ? null : typeof job.strategy.matrix === 'string' ? interpolate(job.strategy.matrix, mk(base, 'success')) : (job.strategy.matrix as Value);
    const entries = matrixValue === null ? [{}] : ((matrixValue as { include?: Record<string, Value>[] }).include ?? []);
    if (matrixValue !== null && !(matrixValue as { include?: unknown }).include) throw new Error(`job ${id}: only matrices of the form { include: [...] } run locally`);
    let jobStatus: 'success' | 'failure' = 'success';
    let outputs: Record<string, string> = {};
    for (const matrix of entries) {
      const label = Object.keys(matrix).length ? `${id} (${Object.entries(matrix).map(([k, v]) => `${k}=${asText(v)}`).join(', ')})` : id;
      const jobDir = path.resolve(opts.cwd, opts.outDir, label.replace(/[^\w.=-]+/g, '_'));
      mkdirSync(path.join(jobDir, 'tmp'), { recursive: true });
      const summaryFile = path.join(jobDir, 'summary.md');
      writeFileSync(summaryFile, '');
      const stepContexts: Record<string, Value> = {};
      let status: 'success' | 'failure' = 'success';
      const ctxOf = (env: Record<string, string>): Record<string, Value> => ({ ...base, matrix, steps: stepContexts, env });
      const evalMap = (map: Record<string, string | number | boolean> | undefined, env: Record<string, string>): Record<string, string> =>
        Object.fromEntries(Object.entries(map ?? {}).map(([k, v]) => [k, typeof v === 'string' ? asText(interpolate(v, mk(ctxOf(env), status))) : String(v)]));
      let env: Record<string, string> = { ...evalMap(workflow.env, {}) };
      env = { ...env, ...evalMap(job.env, env), ...opts.env };
      log(`job ${label}`);
      for (const [j, step] of (job.steps ?? []).entries() as IterableIterator<[number, WorkflowStep]>) {
        const name = step.name ?? step.uses ?? step.run?.split('\n')[0] ?? `step ${j + 1}`;
        const record = (outcome: StepResult['outcome'], stepOutputs: Record<string, string> = {}): void => {
          if (step.id) stepContexts[step.id] = { outputs: stepOutputs, outcome, conclusion: outcome };
          steps.push({ job: label, step: name, outcome });
        };
        if (opts.skip?.test(name) || !condition(step.if, mk(ctxOf(env), status))) {
          log(`  - ${name}: skipped`);
          record('skipped');
          continue;
        }
        const stepEnv = { ...env, ...evalMap(step.env, env), ...opts.env };
        try {
          let stepOutputs: Record<string, string> = {};
          if (step.uses) {
            const inputs = evalMap(step.with as Record<string, string>, stepEnv);
            stepOutputs = runAction(step.uses, { inputs, artifactsDir, cwd: opts.cwd, log: (l) => log(`    ${l}`) });
          } else if (step.run) {
            const outputFile = path.join(jobDir, 'tmp', `output-${j}`);
            const envFile = path.join(jobDir, 'tmp', `env-${j}`);
            writeFileSync(outputFile, '');
            writeFileSync(envFile, '');
            log(`  $ ${step.run.trim().split('\n').join('\n    ')}`);
            const r = spawnSync('bash', ['-e', '-c', step.run], {
              cwd: opts.cwd,
              stdio: opts.capture ? ['ignore', 'pipe', 'pipe'] : 'inherit',
              maxBuffer: 256 * 1024 * 1024,
              env: { ...process.env, CI: 'true', GITHUB_ACTIONS: 'true', GITHUB_EVENT_NAME: event, GITHUB_WORKSPACE: opts.cwd, RUNNER_TEMP: path.join(jobDir, 'tmp'), GITHUB_OUTPUT: outputFile, GITHUB_ENV: envFile, GITHUB_STEP_SUMMARY: summaryFile, ...stepEnv },
            });
            if (opts.capture) {
              const text = `${r.stdout?.toString() ?? ''}${r.stderr?.toString() ?? ''}`;
              writeFileSync(path.join(jobDir, `step-${j + 1}.log`), text);
              log(text.trimEnd());
            }
            stepOutputs = parseCommandFile(readFileSync(outputFile, 'utf8'));
            env = { ...env, ...parseCommandFile(readFileSync(envFile, 'utf8')) };
            if (r.status !== 0) throw new Error(`exit ${r.status ?? r.signal}`);
          }
          log(`  - ${name}: ok`);
          record('success', stepOutputs);
        } catch (error) {
          log(`  - ${name}: FAILED (${(error as Error).message})`);
          record('failure');
          if (!step['continue-on-error']) status = 'failure';
        }
      }
      if (status === 'failure') jobStatus = 'failure';
      outputs = { ...outputs, ...toStringMap(Object.fromEntries(Object.entries(job.outputs ?? {}).map(([k, v]) => [k, interpolate(v, mk(ctxOf(env), status))]))) };
    }
    jobResults[id] = jobStatus;
    needs[id] = { result: jobStatus, outputs };
    log(`job ${id}: ${jobStatus}`);
  }
  return { steps, jobs: jobResults, artifactsDir };
}
