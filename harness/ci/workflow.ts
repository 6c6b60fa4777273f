/**
 * GitHub Actions workflow files as data: reading them (YAML), the typed view the policy checks
 * use, and the `staircase` calls of their `run:` scripts. The files are linted by actionlint
 * (specs/ci/actionlint.test.ts); this module only reads them.
 */
import { readFileSync } from 'node:fs';
import YAML from 'yaml';

export interface WorkflowStep {
  id?: string;
  name?: string;
  if?: string | boolean;
  uses?: string;
  with?: Record<string, string | number | boolean>;
  run?: string;
  env?: Record<string, string | number | boolean>;
}

export interface WorkflowJob {
  needs?: string | string[];
  if?: string | boolean;
  'runs-on': string | string[];
  permissions?: Record<string, string> | string;
  env?: Record<string, string | number | boolean>;
  strategy?: { matrix?: string | Record<string, unknown> };
  steps?: WorkflowStep[];
  'timeout-minutes'?: number;
}

export interface Workflow {
  /** `on` (YAML 1.1 would read the key as true; the yaml package reads YAML 1.2, so it stays `on`). */
  on: Record<string, unknown> | string | string[];
  permissions?: Record<string, string> | string;
  concurrency?: unknown;
  env?: Record<string, string | number | boolean>;
  jobs: Record<string, WorkflowJob>;
}

/** The workflow folder of the repository. */
export const WORKFLOW_DIR = '.github/workflows';

/** Read a workflow file (YAML). */
export function readWorkflow(file: string): Workflow {
  return YAML.parse(readFileSync(file, 'utf8')) as Workflow;
}

/** `needs` as a list. */
export const needsOf = (job: WorkflowJob): string[] => (job.needs === undefined ? [] : Array.isArray(job.needs) ? job.needs : [job.needs]);

/** `runs-on` labels as a list. */
export const runsOnOf = (job: WorkflowJob): string[] => (Array.isArray(job['runs-on']) ? job['runs-on'] : [job['runs-on']]);

/** One `staircase` invocation in a `run:` script: the command and the flags it passes. */
export interface StaircaseCall {
  command: string;
  flags: string[];
  line: string;
}

/**
 * The `staircase` invocations of a run script (`npx staircase CMD ...` or `node bin/staircase.mjs CMD ...`),
 * with backslash-continued lines joined.
 */
export function staircaseCalls(script: string): StaircaseCall[] {
  const lines = script.replace(/\\\n\s*/g, ' ').split('\n');
  const calls: StaircaseCall[] = [];
  for (const line of lines) {
    for (const m of line.matchAll(/(?:npx\s+staircase|node\s+\S*bin\/staircase\.mjs)\s+([a-z][a-z-]*)([^;&|)]*)/g)) {
      const flags = [...(m[2] ?? '').matchAll(/(?:^|\s)(--[a-z][a-z-]*)/g)].map((f) => f[1]!);
      calls.push({ command: m[1]!, flags, line: line.trim() });
    }
  }
  return calls;
}
