/**
 * The baseline flags shared by `check` and `merge`: `--baseline [DIR]`, `--no-baseline`,
 * `--baseline-alpha A`, `--min-effect E`. Baselines are on by default when `baselines/<tier>/`
 * exists in the working directory, unless every baseline there is of a claim the pack does not
 * have: those are another pack's (a custom `--claims DIR` beside the repository's baselines), and
 * the pack is compared with them only when `--baseline DIR` names the folder.
 */
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import type { BaselineOptions } from '../baselines/attach-baselines.ts';
import { baselinePath, DEFAULT_BASELINES_DIR } from '../baselines/baseline-file.ts';
import { DEFAULT_BASELINE_ALPHA, DEFAULT_MIN_EFFECT } from '../baselines/compare-rate.ts';
import { UsageError } from './args.ts';
import { flag, fraction, text, withBareValues } from './declare.ts';

/** The flags, declared once (check, merge; baseline power reads the last two). */
export const BASELINE_OPTIONS = {
  baseline: text('[DIR]', `compare every claim with DIR/<tier>/<claim-id>.json (default DIR: ${DEFAULT_BASELINES_DIR}); on by default when ${DEFAULT_BASELINES_DIR}/<tier>/ exists and holds no other pack's baselines only; a regression exits 1`, { bare: DEFAULT_BASELINES_DIR }),
  'no-baseline': flag('do not compare with baselines'),
  'baseline-alpha': fraction('A', 'one-sided significance level of each comparison', { default: DEFAULT_BASELINE_ALPHA, openLow: true }),
  'min-effect': fraction('E', 'smallest change that counts: a rate difference, or a rank-biserial r for metrics', { default: DEFAULT_MIN_EFFECT, openLow: false }),
};

/** `--baseline` with no value (last, or before another flag) means the default folder. */
export const withBaselineDefault = (argv: readonly string[]): string[] => withBareValues(argv, BASELINE_OPTIONS);

/**
 * Resolve the flags: where the baselines are (null: none) and the test settings; `note` says why
 * an existing default folder is not used (it holds baselines, none of a claim of this pack).
 */
export function resolveBaselineOptions(
  values: Record<string, unknown>,
  tier: string,
  pack: { dir: string; claimIds: readonly string[] },
  cwd: string = process.cwd(),
): BaselineOptions & { note?: string } {
  // Values as declared (numbers), or as given (strings), read the same way.
  const alpha = BASELINE_OPTIONS['baseline-alpha'].read(values['baseline-alpha'], 'baseline-alpha');
  const minEffect = BASELINE_OPTIONS['min-effect'].read(values['min-effect'], 'min-effect');
  if (values['no-baseline'] && values.baseline !== undefined) throw new UsageError('--baseline and --no-baseline contradict each other; give one');
  if (values['no-baseline']) return { dir: null, alpha, minEffect };
  if (typeof values.baseline === 'string') return { dir: values.baseline, alpha, minEffect };
  const tierDir = path.join(cwd, DEFAULT_BASELINES_DIR, tier);
  if (!existsSync(tierDir)) return { dir: null, alpha, minEffect };
  const anyOfPack = pack.claimIds.some((id) => existsSync(path.join(cwd, baselinePath(DEFAULT_BASELINES_DIR, tier, id))));
  if (anyOfPack || !readdirSync(tierDir).some((f) => f.endsWith('.json'))) return { dir: DEFAULT_BASELINES_DIR, alpha, minEffect };
  const note = `note: no baseline comparison: ${DEFAULT_BASELINES_DIR}/${tier}/ holds baselines of another pack, none of a claim in ${pack.dir}; give --baseline DIR to compare this pack with DIR/${tier}/`;
  return { dir: null, alpha, minEffect, note };
}
