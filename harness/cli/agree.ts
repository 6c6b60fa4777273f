/**
 * `staircase agree A B`: the same claim pack and tier checked under two trainers (e.g. staircase's
 * own and `--trainer torch`), compared rate by rate with exact tests (harness/agreement/).
 */
import { writeFileSync } from 'node:fs';
import { compareTrainers, renderAgreement } from '../agreement/trainer-agreement.ts';
import { readResultsDir } from '../report/read-results.ts';
import { UsageError } from './args.ts';
import { defineCommand, flag, text, type Values } from './declare.ts';

const options = {
  md: text('FILE', 'also write the report as Markdown to FILE'),
  json: text('FILE', 'also write the comparison as JSON to FILE'),
  'same-seeds': flag('compare only the (arm, seed) pairs both folders hold (e.g. a subset of a nightly run retrained by another trainer)'),
  alpha: text('A', "significance level of Holm's adjusted p for `differ`", { default: '0.05' }),
};

export const agree = defineCommand({
  name: 'agree',
  summary: 'compare two results folders of one tier trained by two trainers (e.g. tfjs vs torch): does a finding depend on the framework?',
  usage: 'RESULTS_A RESULTS_B [--same-seeds] [--md FILE] [--json FILE] [--alpha A]',
  positionals: 'RESULTS_A RESULTS_B',
  about: `Read two results folders (\`staircase check --out\`) of the same claim pack and tier, trained by two
trainers (staircase's own and \`--trainer torch\`, say), and compare every arm's rates of converged,
sequential, partial, memorised and staircase seeds with Fisher's exact two-sided test (the baselines'
test; Holm-adjusted over the table) and the Newcombe interval of the difference; then the claims'
verdicts side by side. Exit 0 when no rate differs, 1 when one does (a finding that depends on the
framework), 2 on bad input.`,
  options,
  examples: [
    'npx staircase check --tier smoke --out out/tfjs && npx staircase check --tier smoke --trainer torch --out out/torch',
    'npx staircase agree out/tfjs out/torch --md docs/runs/agreement-smoke.md',
  ],
  run: agreeRun,
});

async function agreeRun(values: Values<typeof options>, positionals: string[]): Promise<number> {
  if (positionals.length !== 2) throw new UsageError('agree needs two results folders, e.g. `staircase agree out/tfjs out/torch`');
  const alpha = Number(values.alpha);
  if (!(alpha > 0 && alpha < 1)) throw new UsageError(`--alpha must be in (0, 1), got ${values.alpha}`);
  const [a, b] = positionals.map((d) => readResultsDir(d)) as [ReturnType<typeof readResultsDir>, ReturnType<typeof readResultsDir>];
  let agreement;
  try {
    agreement = compareTrainers(a, b, { alpha, sameSeeds: values['same-seeds'] });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const md = renderAgreement(agreement);
  console.log(md);
  if (values.md) writeFileSync(values.md, md);
  if (values.json) writeFileSync(values.json, `${JSON.stringify(agreement, null, 2)}\n`);
  return agreement.rates.some((r) => r.status === 'differ') ? 1 : 0;
}
