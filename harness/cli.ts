import { ValidationError } from './util/schema.ts';
import { BackendError } from './backend/select.ts';
import { UsageError } from './cli/args.ts';
import { packageVersion } from './util/provenance.ts';
import { didYouMean } from './util/suggest.ts';

type Command = { summary: string; run: (argv: string[]) => Promise<number> };

const COMMANDS: Record<string, Command> = {
  train: { summary: 'train one seed of an arm; writes record.json and a checkpoint', run: async (a) => (await import('./cli/train.ts')).trainCommand(a) },
  probe: { summary: 'logit lens + sequential ablation of a trained seed; writes probe.json and staircase.svg', run: async (a) => (await import('./cli/probe.ts')).probeCommand(a) },
  check: { summary: 'train and probe the seeds a claim pack needs, judge every claim with statistics', run: async (a) => (await import('./cli/check.ts')).checkCommand(a) },
  bench: { summary: 'training steps/s per backend and model size (and the PyTorch twin where torch exists)', run: async (a) => (await import('./cli/bench.ts')).benchCommand(a) },
  validate: { summary: 'check claim files (schema + cross-field checks); ok or every problem per file', run: async (a) => (await import('./cli/claims-cli.ts')).validateCommand(a) },
  ls: { summary: 'list the claims of a pack: id@version, arms, expectations, seeds per tier', run: async (a) => (await import('./cli/claims-cli.ts')).lsCommand(a) },
  sweep: { summary: 'train and probe one round of a claim pack (or shard i/n of it) without judging; writes seeds/ and shard.json', run: async (a) => (await import('./cli/sweep.ts')).sweepCommand(a) },
  merge: { summary: 'combine shard outputs into one results folder and judge the claims (and baselines)', run: async (a) => (await import('./cli/merge.ts')).mergeCommand(a) },
  plan: { summary: "print a round's shards as a GitHub Actions matrix (JSON)", run: async (a) => (await import('./cli/plan.ts')).planCommand(a) },
  baseline: { summary: 'baseline update: store what a check learned as baselines/<tier>/; baseline power: the test at N seeds', run: async (a) => (await import('./cli/baseline.ts')).baselineCommand(a) },
  report: { summary: 'dashboard (static site), JUnit, GitHub job summary and rate history from a results folder', run: async (a) => (await import('./cli/report.ts')).reportCommand(a) },
  hash: { summary: 'print the training code hash (the result-cache key CI caches trained seeds by)', run: async (a) => (await import('./cli/hash.ts')).hashCommand(a) },
  'sweep-worker': { summary: '(internal) run one sweep job file; started by the sweep, one process per job', run: async (a) => (await import('./sweep/worker.ts')).sweepWorkerCommand(a) },
};

export const HELP = `staircase: a reproducibility harness for claims about how transformers learn

Transformers compose elements of the dihedral group D3 left to right; recipes (loss mode,
k^2 weighting, weight sharing, depth) decide whether a model learns the sequential algorithm
(one composition step per layer) or a lookup. staircase trains seeds, probes how each model
computes, and checks claims about those seeds with statistics.

Usage: staircase <command> [options]      (staircase help <command>, or <command> --help, for details)
       staircase --version

Commands:
${Object.entries(COMMANDS)
  .filter(([name]) => !name.startsWith('sweep-'))
  .map(([name, c]) => `  ${name.padEnd(8)} ${c.summary}`)
  .join('\n')}

Examples:
  npx staircase train --arm specs/arms/smoke-answer-only.yaml --seed 1 --out runs/s1
  npx staircase probe runs/s1
  npm run bench -- --out bench.json
  npx staircase check --out out/smoke && npx staircase baseline update --from out/smoke
  npx staircase plan --shards 3 --tier full     # then: sweep --shard i/3 on each runner, merge`;

/** Run the CLI; returns the exit code (0 ok, 1 failure, 2 usage or input error). */
export async function main(argv: string[]): Promise<number> {
  const [first, ...others] = argv;
  if (first === '--version' || first === '-v') {
    console.log(packageVersion('staircase'));
    return 0;
  }
  // `staircase help CMD` is `staircase CMD --help`.
  const [name, ...rest] = first === 'help' && others[0] !== undefined ? [others[0], '--help'] : [first, ...others];
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    console.log(HELP);
    return name ? 0 : 2;
  }
  const command = COMMANDS[name];
  if (!command) {
    const hint = didYouMean(name, Object.keys(COMMANDS));
    console.error(`staircase: unknown command '${name}'${hint ? ` (did you mean '${hint}'?)` : ''}; the commands are ${Object.keys(COMMANDS).filter((c) => !c.startsWith('sweep-')).join(', ')} (staircase --help)`);
    return 2;
  }
  try {
    return await command.run(rest);
  } catch (error) {
    if (error instanceof UsageError) {
      console.error(`staircase ${name}: ${error.message}`);
      return 2;
    }
    if (error instanceof ValidationError) {
      // One problem is one line: the file (or flag), the field and the fix.
      console.error(`staircase ${name}: ${error.problems.length === 1 ? `${error.file}: ${error.problems[0]}` : error.message}`);
      return 2;
    }
    if (error instanceof BackendError) {
      console.error(`staircase ${name}: ${error.message}`);
      return 2;
    }
    console.error(`staircase ${name}: ${(error as Error).stack ?? String(error)}`);
    return 1;
  }
}
