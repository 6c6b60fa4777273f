/**
 * GitHub Actions workflow files as data: reading them (YAML), checking them against the
 * workflow JSON Schema vendored from SchemaStore (schemas/vendor/github-workflow.json; no
 * network at test time), and the typed view the local runner and the workflow specs use.
 */
import { Ajv, type ValidateFunction } from 'ajv';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { SCHEMA_DIR } from '../util/schema.ts';

export interface WorkflowStep {
  id?: string;
  name?: string;
  if?: string | boolean;
  uses?: string;
  with?: Record<string, string | number | boolean>;
  run?: string;
  shell?: string;
  env?: Record<string, string | number | boolean>;
  'continue-on-error'?: boolean;
}

export interface WorkflowJob {
  name?: string;
  needs?: string | string[];
  if?: string | boolean;
  'runs-on': string | string[];
  permissions?: Record<string, string> | string;
  outputs?: Record<string, string>;
  env?: Record<string, string | number | boolean>;
  strategy?: { matrix?: string | Record<string, unknown>; 'fail-fast'?: boolean };
  steps?: WorkflowStep[];
  concurrency?: unknown;
  environment?: unknown;
  'timeout-minutes'?: number;
}

export interface Workflow {
  name?: string;
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

let validator: ValidateFunction | null = null;

/**
 * Problems of a workflow against the SchemaStore schema (draft-07; `strict: false` because the
 * schema uses keywords Ajv's strict mode rejects). An empty list means valid.
 */
export function workflowSchemaProblems(data: unknown): string[] {
  validator ??= new Ajv({ allErrors: true, strict: false }).compile(JSON.parse(readFileSync(path.join(SCHEMA_DIR, 'vendor', 'github-workflow.json'), 'utf8')) as object);
  if (validator(data)) return [];
  return (validator.errors ?? []).map((e) => `${e.instancePath || '(top level)'} ${e.message ?? 'is invalid'} ${JSON.stringify(e.params)}`);
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
