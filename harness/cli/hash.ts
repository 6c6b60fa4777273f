import { hashedFiles, trainingCodeHash } from '../sweep/code-hash.ts';
import { parse } from './args.ts';

export const HASH_HELP = `staircase hash [--files]

Print the training code hash: sha256 over the code that trains, probes and summarises a seed and
the @tensorflow/* versions in package-lock.json. It is part of every result-cache key, so CI keys
its cache of trained seeds by it (a change to that code retrains everything; any other change
reuses the cache).

Options:
  --files   list the hashed files instead, one a line`;

export async function hashCommand(argv: string[]): Promise<number> {
  const { values } = parse(argv, { files: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } });
  if (values.help) {
    console.log(HASH_HELP);
    return 0;
  }
  console.log(values.files ? hashedFiles().join('\n') : trainingCodeHash());
  return 0;
}
