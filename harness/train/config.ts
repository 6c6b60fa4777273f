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
    out[key] = typeof def === 'number' ? Number(raw) : raw;
  }
  return out as ArmOverrides;
}

/** Checks the schema cannot express. */
function checkSemantics(arm: ArmConfig, file: string): void {
  const problems: string[] = [];
  if (arm.dModel % arm.heads !== 0) problems.push(`\`heads\` (${arm.heads}) must divide \`dModel\` (${arm.dModel})`);
  if (arm.loss === 'curriculum' && arm.fullSteps < 1) problems.push('`fullSteps` must be at least 1 for loss: curriculum');
  if (problems.length) throw new ValidationError(file, problems);
}

/** Defaults, then the arm's overrides, then more overrides (tier, --set); validated at each layer. */
export function resolveArm(layers: readonly { source: string; values: unknown }[]): ArmConfig {
  let merged: Record<string, unknown> = { ...ARM_DEFAULTS };
  for (const layer of layers) {
    const values = validate<ArmOverrides>('arm', layer.values ?? {}, layer.source);
    merged = { ...merged, ...values };
  }
  const arm = merged as unknown as ArmConfig;
  checkSemantics(arm, layers.at(-1)?.source ?? 'arm');
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

/** Read an arm file and resolve it against the defaults (name defaults to the file's base name). */
export function loadArmFile(file: string, extra: ArmOverrides = {}): ArmConfig {
  const values = readYamlFile(file) ?? {};
  const named = { name: path.basename(file).replace(/\.ya?ml$/, ''), ...(values as object) };
  return resolveArm([
    { source: file, values: named },
    { source: '--set', values: extra },
  ]);
}
