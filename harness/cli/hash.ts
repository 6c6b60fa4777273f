import { hashedFiles, trainingCodeHash } from '../sweep/code-hash.ts';
import { defineCommand, flag } from './declare.ts';

export const hash = defineCommand({
  name: 'hash',
  summary: 'print the training code hash (the result-cache key CI caches trained seeds by)',
  about: `Print the training code hash: sha256 over the code that trains, probes and summarises a seed and
the @tensorflow/* versions in package-lock.json. It is part of every result-cache key, so CI keys
its cache of trained seeds by it (a change to that code retrains everything; any other change
reuses the cache).`,
  options: { files: flag('list the hashed files instead, one a line') },
  examples: ['npx staircase hash', 'npx staircase hash --files'],
  run: async (values) => {
    console.log(values.files ? hashedFiles().join('\n') : trainingCodeHash());
    return 0;
  },
});
