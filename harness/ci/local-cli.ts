/**
 * `scripts/ci-local.sh`: run a workflow's jobs on this machine (harness/ci/run-local.ts).
 */
import path from 'node:path';
import { parse, UsageError } from '../cli/args.ts';
import { runLocal } from './run-local.ts';

export const CI_LOCAL_HELP = `scripts/ci-local.sh [--workflow FILE] [--job ID ...] [--event NAME] [--env K=V ...] [--var K=V ...] [--skip REGEX] [--out DIR]

Run a GitHub Actions workflow's jobs here, without GitHub: run: steps in bash as the runner does
(GITHUB_OUTPUT, GITHUB_ENV, GITHUB_STEP_SUMMARY, GITHUB_ACTIONS=true), uses: steps through local
stand-ins (artifacts become folders under OUT/artifacts/<name>/), if:, needs, outputs and matrices
evaluated as on GitHub. The files under OUT/artifacts/ are what the workflow would upload.

Options:
  --workflow FILE  default .github/workflows/ci.yml
  --job ID         a job to run, with the jobs it needs (repeatable; default all)
  --event NAME     the triggering event (default workflow_dispatch, else push)
  --env K=V        override an env variable of the workflow, its jobs and steps (repeatable)
  --var K=V        a repository variable (vars.K) (repeatable)
  --skip REGEX     skip steps whose name matches (e.g. '^Install$' when node_modules is installed)
  --out DIR        default out/ci-local (artifacts, job summaries, step files)`;

const pairs = (list: unknown, flag: string): Record<string, string> =>
  Object.fromEntries(
    ((list as string[] | undefined) ?? []).map((kv) => {
      const at = kv.indexOf('=');
      if (at < 1) throw new UsageError(`--${flag} takes KEY=VALUE, got '${kv}'`);
      return [kv.slice(0, at), kv.slice(at + 1)];
    }),
  );

export function ciLocalCommand(argv: string[]): number {
  const { values } = parse(argv, {
    workflow: { type: 'string' },
    job: { type: 'string', multiple: true },
    event: { type: 'string' },
    env: { type: 'string', multiple: true },
    var: { type: 'string', multiple: true },
    skip: { type: 'string' },
    out: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    console.log(CI_LOCAL_HELP);
    return 0;
  }
  const result = runLocal({
    workflowFile: String(values.workflow ?? '.github/workflows/ci.yml'),
    jobs: (values.job as string[] | undefined) ?? [],
    event: values.event as string | undefined,
    env: pairs(values.env, 'env'),
    vars: pairs(values.var, 'var'),
    skip: values.skip === undefined ? null : new RegExp(String(values.skip)),
    outDir: String(values.out ?? 'out/ci-local'),
    cwd: process.cwd(),
  });
  console.log(`\n${Object.entries(result.jobs).map(([j, r]) => `${j}: ${r}`).join(', ')}; artifacts in ${path.relative(process.cwd(), result.artifactsDir)}`);
  return Object.values(result.jobs).includes('failure') ? 1 : 0;
}

try {
  process.exitCode = ciLocalCommand(process.argv.slice(2));
} catch (error) {
  console.error(`ci-local: ${error instanceof UsageError ? error.message : ((error as Error).stack ?? String(error))}`);
  process.exitCode = 2;
}
