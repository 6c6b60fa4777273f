/**
 * The baseline flags shared by `check` and `merge`: `--baseline [DIR]`, `--no-baseline`,
 * `--baseline-alpha A`, `--min-effect E`. Baselines are on by default when `baselines/<tier>/`
 * exists in the working directory and the pack is the repository's (specs/claims): those are its
 * baselines, and another pack is compared with a folder only when `--baseline DIR` names it.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { BaselineOptions } from '../baselines/attach-baselines.ts';
import { DEFAULT_BASELINES_DIR } from '../baselines/baseline-file.ts';
import { DEFAULT_CLAIMS_DIR } from '../claims/load-claims.ts';
import { DEFAULT_BASELINE_ALPHA, DEFAULT_MIN_EFFECT } from '../baselines/compare-rate.ts';
import { UsageError } from './args.ts';

export const BASELINE_OPTIONS = {
  baseline: { type: 'string' },
  'no-baseline': { type: 'boolean' },
  'baseline-alpha': { type: 'string' },
  'min-effect': { type: 'string' },
} as const;

export const BASELINE_HELP = `  --baseline [DIR]    compare every claim with DIR/<tier>/<claim-id>.json (default DIR: ${DEFAULT_BASELINES_DIR});
                      on by default when ${DEFAULT_BASELINES_DIR}/<tier>/ exists and the pack is ${DEFAULT_CLAIMS_DIR};
                      a regression exits 1
  --no-baseline       do not compare with baselines
  --baseline-alpha A  one-sided significance level of each comparison (default ${DEFAULT_BASELINE_ALPHA})
  --min-effect E      smallest change that counts: a rate difference, or a rank-biserial r for
                      metrics (default ${DEFAULT_MIN_EFFECT})`;

/** `--baseline` with no value (last, or before another flag) means the default folder. */
export function withBaselineDefault(argv: readonly string[]): string[] {
  return argv.map((arg, i) => (arg === '--baseline' && (i + 1 >= argv.length || argv[i + 1]!.startsWith('-')) ? `--baseline=${DEFAULT_BASELINES_DIR}` : arg));
}

function fraction(values: Record<string, unknown>, name: string, fallback: number, lo: number, hi: number, openLow: boolean): number {
  const raw = values[name];
  if (raw === undefined) return fallback;
  const x = Number(raw);
  const ok = Number.isFinite(x) && (openLow ? x > lo : x >= lo) && x < hi;
  if (!ok) throw new UsageError(`--${name} must be a number in ${openLow ? '(' : '['}${lo}, ${hi}), got '${String(raw)}'`);
  return x;
}

/**
 * Resolve the flags: where the baselines are (null: none) and the test settings; `note` says why
 * an existing default folder is not used (another pack than ${DEFAULT_CLAIMS_DIR}).
 */
export function resolveBaselineOptions(values: Record<string, unknown>, tier: string, claimsDir: string = DEFAULT_CLAIMS_DIR, cwd: string = process.cwd()): BaselineOptions & { note?: string } {
  const alpha = fraction(values, 'baseline-alpha', DEFAULT_BASELINE_ALPHA, 0, 1, true);
  const minEffect = fraction(values, 'min-effect', DEFAULT_MIN_EFFECT, 0, 1, false);
  if (values['no-baseline'] && values.baseline !== undefined) throw new UsageError('--baseline and --no-baseline contradict each other; give one');
  if (values['no-baseline']) return { dir: null, alpha, minEffect };
  if (typeof values.baseline === 'string') return { dir: values.baseline, alpha, minEffect };
  if (!existsSync(path.join(cwd, DEFAULT_BASELINES_DIR, tier))) return { dir: null, alpha, minEffect };
  if (path.resolve(cwd, claimsDir) === path.resolve(cwd, DEFAULT_CLAIMS_DIR)) return { dir: DEFAULT_BASELINES_DIR, alpha, minEffect };
  const note = `note: no baseline comparison: ${DEFAULT_BASELINES_DIR}/${tier}/ holds the baselines of ${DEFAULT_CLAIMS_DIR}, not of ${claimsDir}; give --baseline DIR to compare this pack with DIR/${tier}/`;
  return { dir: null, alpha, minEffect, note };
}
