import { ValidationError } from './util/schema.ts';
import { BackendError } from './backend/select.ts';
import { UsageError } from './cli/args.ts';
import { agree } from './cli/agree.ts';
import { baseline } from './cli/baseline.ts';
import { bench } from './cli/bench.ts';
import { check } from './cli/check.ts';
import { ls, validate } from './cli/claims-cli.ts';
import type { Command } from './cli/declare.ts';
import { hash } from './cli/hash.ts';
import { merge } from './cli/merge.ts';
import { plan } from './cli/plan.ts';
import { probe } from './cli/probe.ts';
import { report } from './cli/report.ts';
import { sweep } from './cli/sweep.ts';
import { train } from './cli/train.ts';
import { packageVersion } from './util/provenance.ts';
import { didYouMean } from './util/suggest.ts';

/** Every command, in the order `staircase --help` lists them; each declares its own name, summary and options. */
const COMMANDS: readonly Command[] = [
  train,
  probe,
  check,
  bench,
  validate,
  ls,
  sweep,
  merge,
  plan,
  baseline,
  report,
  agree,
  hash,
  { name: 'sweep-worker', summary: '(internal) run one sweep job file; started by the sweep, one process per job', internal: true, main: async (a) => (await import('./sweep/worker.ts')).sweepWorkerCommand(a) },
];
const PUBLIC = COMMANDS.filter((c) => !c.internal);

export const HELP = `staircase: a reproducibility harness for claims about how transformers learn

Transformers compose elements of the dihedral group D3 left to right; recipes (loss mode,
k^2 weighting, weight sharing, depth) decide whether a model learns the sequential algorithm
(one composition step per layer) or a lookup. staircase trains seeds, probes how each model
computes, and checks claims about those seeds with statistics.

Usage: staircase <command> [options]      (staircase help <command>, or <command> --help, for details)
       staircase --version

Commands:
${PUBLIC.map((c) => `  ${c.name.padEnd(8)} ${c.summary}`).join('\n')}

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
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    const hint = didYouMean(name, COMMANDS.map((c) => c.name));
    console.error(`staircase: unknown command '${name}'${hint ? ` (did you mean '${hint}'?)` : ''}; the commands are ${PUBLIC.map((c) => c.name).join(', ')} (staircase --help)`);
    return 2;
  }
  try {
    return await command.main(rest);
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
    // An external trainer's failure (harness/trainers/external.ts TrainerError) names the trainer, the seed and the file.
    if (error instanceof BackendError || (error instanceof Error && error.name === 'TrainerError')) {
      console.error(`staircase ${name}: ${error.message}`);
      return 2;
    }
    console.error(`staircase ${name}: ${(error as Error).stack ?? String(error)}`);
    return 1;
  }
}
