import { readFileSync } from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { ARM_DEFAULTS, ARM_KEYS, type ArmConfig } from './defaults.ts';
import { validate, ValidationError } from '../util/schema.ts';
import { didYouMean } from '../util/suggest.ts';

export type ArmOverrides = Partial<ArmConfig>;

/** Parse `key=value` overrides from the command line, typed by the default's type. */
export function parseSetOverrides(pairs: readonly string[]): ArmOverrides {
  const out: Record<string, unknown> = {};
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    if (eq < 1) throw new ValidationError('--set', [`\`${pair}\` is not key=value (example: --set lr=0.003)`]);
    const key = pair.slice(0, eq);
    const raw = pair.slice(eq + 1);
    if (!(ARM_KEYS as string[]).includes(key)) {
      const hint = didYouMean(key, ARM_KEYS);
      throw new ValidationError('--set', [`unknown field \`${key}\`${hint ? ` (did you mean \`${hint}\`?)` : ''}; allowed: ${ARM_KEYS.join(', ')}`]);
    }
    const def = ARM_DEFAULTS[key as keyof ArmConfig];
    if (typeof def === 'number' && (raw.trim() === '' || !Number.isFinite(Number(raw)))) throw new ValidationError('--set', [`\`${key}\` must be a number, got '${raw}' (e.g. --set ${key}=${def})`]);
    out[key] = typeof def === 'number' ? Number(raw) : raw;
  }
  return out as ArmOverrides;
}

/** The divisors of n closest to h (at most two), as the fix for heads that do not divide dModel. */
function nearestDivisors(n: number, h: number): number[] {
  const divisors = Array.from({ length: n }, (_, i) => i + 1).filter((d) => n % d === 0);
  return divisors.sort((a, b) => Math.abs(a - h) - Math.abs(b - h) || a - b).slice(0, 2).sort((a, b) => a - b);
}

/**
 * Checks the schema cannot express, blamed on the layer that set the field (`origin`: field ->
 * source; a field no layer set is a default): `heads: 5` in an arm file names the arm file.
 */
function checkSemantics(arm: ArmConfig, origin: Record<string, string>, fallback: string): void {
  const problems: { source: string; text: string }[] = [];
  if (arm.dModel % arm.heads !== 0) {
    problems.push({ source: origin.heads ?? origin.dModel ?? fallback, text: `\`heads\` (${arm.heads}) must divide \`dModel\` (${arm.dModel}): use heads ${nearestDivisors(arm.dModel, arm.heads).join(' or ')}, or another dModel` });
  }
  if (arm.loss === 'curriculum' && arm.fullSteps < 1) problems.push({ source: origin.fullSteps ?? origin.loss ?? fallback, text: '`fullSteps` must be at least 1 for loss: curriculum' });
  if (problems.length) throw new ValidationError(problems[0]!.source, problems.map((p) => p.text));
}

/** Defaults, then the arm's overrides, then more overrides (tier, --set); validated at each layer. */
export function resolveArm(layers: readonly { source: string; values: unknown }[]): ArmConfig {
  let merged: Record<string, unknown> = { ...ARM_DEFAULTS };
  const origin: Record<string, string> = {};
  for (const layer of layers) {
    const values = validate<ArmOverrides>('arm', layer.values ?? {}, layer.source);
    merged = { ...merged, ...values };
    for (const key of Object.keys(values)) origin[key] = layer.source;
  }
  const arm = merged as unknown as ArmConfig;
  checkSemantics(arm, origin, layers.at(-1)?.source ?? 'arm');
  return arm;
}

export function readYamlFile(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new ValidationError(file, [code === 'ENOENT' ? 'no such file (check the path; arms ship in specs/arms/)' : `cannot read the file: ${code ?? (error as Error).message}`]);
  }
  try {
    return YAML.parse(text) as unknown;
  } catch (error) {
    throw new ValidationError(file, [`not valid YAML: ${(error as Error).message.split('\n')[0]}`]);
  }
}

/**
 * Read an arm file and resolve it against the defaults (name defaults to the file's base name).
 * An empty file is an error: the defaults alone are the study's 10,000-step K=6 run, never what a
 * file that says nothing meant.
 */
export function loadArmFile(file: string, extra: ArmOverrides = {}): ArmConfig {
  const values = readYamlFile(file) ?? {};
  if (values && typeof values === 'object' && !Array.isArray(values) && Object.keys(values).length === 0) {
    throw new ValidationError(file, ['an empty arm file: write the fields that differ from harness/train/defaults.ts (e.g. `model: universal`), as specs/arms/smoke-answer-only.yaml does']);
  }
  const named = { name: path.basename(file).replace(/\.ya?ml$/, ''), ...(values as object) };
  return resolveArm([
    { source: file, values: named },
    { source: '--set', values: extra },
  ]);
}
