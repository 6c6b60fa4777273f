import { existsSync } from 'node:fs';
import path from 'node:path';
import { BACKEND_NAMES, initBackend, type BackendRequest } from '../backend/select.ts';
import { parse, UsageError } from './args.ts';

export const PROBE_HELP = `staircase probe DIR [--backend B] [--problems N] [--threshold P]

Probe a trained seed (DIR/checkpoint from staircase train) and classify how it computes:
  logit lens   after each layer, final LayerNorm + unembedding at t_i's position (the <op> after
               g_i, <predict> for t_K): mean softmax mass of t_i over the six elements (chance 1/6)
  ablation     zero / mean-ablate t_i's residual after and from its critical layer; answer accuracy
  verdict      sequential | partial | memorised | failed, with the evidence
Writes DIR/probe.json (schemas/probe.schema.json) and DIR/staircase.svg (heatmap), prints the table.

Options:
  --backend B      ${BACKEND_NAMES.join(' | ')} (default auto)
  --problems N     length-K problems for the lens and ablations (default 1024)
  --threshold P    probability at which t_i counts as decodable (default 0.5)`;

export async function probeCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parse(argv, { backend: { type: 'string' }, problems: { type: 'string' }, threshold: { type: 'string' }, help: { type: 'boolean', short: 'h' } }, true);
  if (values.help) {
    console.log(PROBE_HELP);
    return 0;
  }
  const dir = positionals[0];
  if (!dir || positionals.length > 1) throw new UsageError('probe takes exactly one DIR (a folder written by staircase train)');
  const backend = String(values.backend ?? 'auto');
  if (!(BACKEND_NAMES as readonly string[]).includes(backend)) throw new UsageError(`--backend must be one of ${BACKEND_NAMES.join(', ')}, got '${backend}'`);
  const settings: Record<string, number> = {};
  if (values.problems !== undefined) {
    const n = Number(values.problems);
    if (!Number.isInteger(n) || n < 1) throw new UsageError(`--problems must be a whole number of problems, at least 1, got '${String(values.problems)}' (e.g. --problems 1024)`);
    settings.nProblems = n;
  }
  if (values.threshold !== undefined) {
    const p = Number(values.threshold);
    if (!(p > 0 && p < 1)) throw new UsageError(`--threshold must be a probability between 0 and 1, got '${String(values.threshold)}' (e.g. --threshold 0.5)`);
    settings.decodeThreshold = p;
  }
  if (!existsSync(dir)) throw new UsageError(`no folder ${dir}: give the --out folder of a \`staircase train\` run`);
  if (!existsSync(path.join(dir, 'checkpoint', 'config.json'))) throw new UsageError(`${dir} has no checkpoint/config.json: give the --out folder of a \`staircase train\` run`);
  await initBackend(backend as BackendRequest);
  const { runProbe } = await import('../probe/run.ts');
  const { table } = await runProbe(dir, settings);
  console.log(table);
  return 0;
}
