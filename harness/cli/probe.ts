import { existsSync } from 'node:fs';
import path from 'node:path';
import { initBackend } from '../backend/select.ts';
import { UsageError } from './args.ts';
import { backendOption } from './common-options.ts';
import { defineCommand, int, number } from './declare.ts';

export const probe = defineCommand({
  name: 'probe',
  summary: 'logit lens + sequential ablation of a trained seed; writes probe.json and staircase.svg',
  positionals: 'DIR',
  about: `Probe a trained seed (DIR/checkpoint from staircase train) and classify how it computes:
  logit lens   after each layer, final LayerNorm + unembedding at t_i's position (the <op> after
               g_i, <predict> for t_K): mean softmax mass of t_i over the six elements (chance 1/6)
  ablation     zero / mean-ablate t_i's residual after and from its critical layer; answer accuracy
  verdict      sequential | partial | memorised | failed, with the evidence
Writes DIR/probe.json (schemas/probe.schema.json) and DIR/staircase.svg (heatmap), prints the table.`,
  options: {
    backend: backendOption(),
    problems: int('N', 'length-K problems for the lens and ablations', { min: 1, unit: 'problems', example: '1024', defaultText: '1024' }),
    threshold: number('P', 'probability at which t_i counts as decodable', { check: (p) => p > 0 && p < 1, must: 'a probability between 0 and 1', example: '0.5', defaultText: '0.5' }),
  },
  examples: ['npx staircase probe runs/s1', 'npx staircase probe fixtures/memorised-k2-l1 --problems 256'],
  run: async (values, positionals) => {
    const dir = positionals[0];
    if (!dir || positionals.length > 1) throw new UsageError('probe takes exactly one DIR (a folder written by staircase train)');
    const settings: Record<string, number> = {};
    if (values.problems !== undefined) settings.nProblems = values.problems;
    if (values.threshold !== undefined) settings.decodeThreshold = values.threshold;
    if (!existsSync(dir)) throw new UsageError(`no folder ${dir}: give the --out folder of a \`staircase train\` run`);
    if (!existsSync(path.join(dir, 'checkpoint', 'config.json'))) throw new UsageError(`${dir} has no checkpoint/config.json: give the --out folder of a \`staircase train\` run`);
    await initBackend(values.backend);
    const { runProbe } = await import('../probe/run.ts');
    const { table } = await runProbe(dir, settings);
    console.log(table);
    return 0;
  },
});
