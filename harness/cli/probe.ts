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
  await initBackend((values.backend ?? 'auto') as BackendRequest);
  const settings: Record<string, number> = {};
  if (values.problems !== undefined) settings.nProblems = Number(values.problems);
  if (values.threshold !== undefined) settings.decodeThreshold = Number(values.threshold);
  const { runProbe } = await import('../probe/run.ts');
  const { table } = await runProbe(dir, settings);
  console.log(table);
  return 0;
}
