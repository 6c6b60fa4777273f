/**
 * The project's own rules for its workflows, beyond what actionlint checks (syntax, expressions,
 * `needs`, runner labels): least-privilege permissions, a concurrency group, no expression inside
 * a script, actions pinned to a version, self-hosted jobs only behind the gate job (the fork gate),
 * and every `staircase` call naming a command and flags that exist. Each check returns the
 * problems it finds, one line each; none means the workflow keeps the rule.
 */
import { needsOf, runsOnOf, staircaseCalls, type Workflow } from './workflow.ts';

/** Write scopes a job may hold, by workflow file and job; everything else is read or none. */
export const WRITE_ALLOWED: Record<string, Record<string, string[]>> = {
  'claims-gpu.yml': { merge: ['pull-requests'], deploy: ['pages', 'id-token'] },
  'claims-nightly.yml': { deploy: ['pages', 'id-token'] },
};

/** Triggers, concurrency, permissions and timeouts. */
export function permissionProblems(file: string, w: Workflow): string[] {
  const problems: string[] = [];
  if (typeof w.on === 'object' && !Array.isArray(w.on) && 'pull_request_target' in w.on) problems.push('uses pull_request_target (runs fork code with a write token): use pull_request');
  if (!/\$\{\{.*\}\}/.test(String((w.concurrency as { group?: string } | undefined)?.group ?? ''))) problems.push('has no concurrency group keyed by an expression');
  if (w.permissions === undefined) problems.push('declares no workflow-level permissions');
  else if (typeof w.permissions === 'string' ? w.permissions !== 'read-all' : !Object.values(w.permissions).every((v) => v === 'read' || v === 'none')) problems.push(`workflow-level permissions must be read or none, got ${JSON.stringify(w.permissions)}`);
  for (const [id, job] of Object.entries(w.jobs)) {
    if (!job.permissions || typeof job.permissions !== 'object') {
      problems.push(`job ${id} declares no permissions`);
      continue;
    }
    const writes = Object.entries(job.permissions).filter(([, v]) => v === 'write').map(([k]) => k).sort();
    const allowed = [...(WRITE_ALLOWED[file]?.[id] ?? [])].sort();
    if (writes.join() !== allowed.join()) problems.push(`job ${id} writes [${writes.join(', ')}], allowed [${allowed.join(', ')}]`);
    if (!(Number(job['timeout-minutes']) > 0)) problems.push(`job ${id} has no timeout-minutes`);
  }
  return problems;
}

/** No `${{ }}` inside a run script (no script injection); every action pinned to a version. */
export function stepProblems(w: Workflow): string[] {
  const problems: string[] = [];
  for (const [id, job] of Object.entries(w.jobs)) {
    for (const step of job.steps ?? []) {
      if (step.run?.includes('${{')) problems.push(`job ${id}, step ${step.name ?? step.id ?? '?'}: an expression inside run: (pass it through env:)`);
      if (step.uses && !/^[\w.-]+\/[\w./-]+@(v\d+|[0-9a-f]{40})$/.test(step.uses)) problems.push(`job ${id}: ${step.uses} is not pinned to a version`);
    }
  }
  return problems;
}

/** Self-hosted jobs run only behind the gate job, which is hosted, holds no permissions and runs no checked-out code. */
export function gateProblems(w: Workflow): string[] {
  const selfHosted = Object.entries(w.jobs).filter(([, j]) => runsOnOf(j).includes('self-hosted'));
  if (!selfHosted.length) return [];
  const gate = w.jobs.gate;
  if (!gate) return ['self-hosted jobs but no gate job'];
  const problems: string[] = [];
  if (runsOnOf(gate).join() !== 'ubuntu-latest') problems.push('the gate must run on ubuntu-latest');
  if (JSON.stringify(gate.permissions) !== '{}') problems.push('the gate must hold no permissions (permissions: {})');
  if ((gate.steps ?? []).some((s) => s.uses)) problems.push('the gate must use no action (it checks nothing out)');
  for (const [id, job] of selfHosted) {
    if (!needsOf(job).includes('gate')) problems.push(`self-hosted job ${id} does not need the gate`);
    if (!String(job.if).includes("needs.gate.outputs.run == 'true'")) problems.push(`self-hosted job ${id} does not run only when the gate says so (if: needs.gate.outputs.run == 'true')`);
    const checkout = (job.steps ?? []).find((s) => s.uses?.startsWith('actions/checkout'));
    if (checkout && checkout.with?.['persist-credentials'] !== false) problems.push(`self-hosted job ${id} keeps the token in the checkout (persist-credentials: false)`);
  }
  return problems;
}

/** Every `staircase` call names a command of `help` (command -> its --help text) and only flags that help documents. */
export function commandProblems(w: Workflow, help: Record<string, string>): string[] {
  const problems: string[] = [];
  for (const [id, job] of Object.entries(w.jobs)) {
    for (const call of (job.steps ?? []).flatMap((s) => (s.run ? staircaseCalls(s.run) : []))) {
      const text = help[call.command];
      if (text === undefined) problems.push(`job ${id}: no command staircase ${call.command} (${call.line})`);
      else for (const flag of call.flags) if (!new RegExp(`${flag}(?![\\w-])`).test(text)) problems.push(`job ${id}: staircase ${call.command} --help documents no ${flag} (${call.line})`);
    }
  }
  return problems;
}

/** Every rule above, for one workflow file. */
export function policyProblems(file: string, w: Workflow, help: Record<string, string>): string[] {
  return [...permissionProblems(file, w), ...stepProblems(w), ...gateProblems(w), ...commandProblems(w, help)];
}
