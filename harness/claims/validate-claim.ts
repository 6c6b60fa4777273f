/**
 * From raw YAML data to a typed Claim: the JSON Schema, defaults, then the
 * cross-field checks the schema cannot express. Every problem names the JSON
 * path (dotted) of the field at fault; the ValidationError names the file.
 */
import path from 'node:path';
import { resolveArm } from '../train/config.ts';
import type { ArmConfig } from '../train/defaults.ts';
import { ValidationError } from '../util/schema.ts';
import { didYouMean } from '../util/suggest.ts';
import type { BaselinePolicy, Claim, Expectation, TierSpec } from './claim-types.ts';
import { DEFAULT_CONFIDENCE } from './claim-types.ts';
import { expectationArms, kindOf } from './kinds/index.ts';
import { validateClaimSchema } from './schema-problems.ts';

/** The claim file as the schema describes it (optional fields not yet defaulted). */
type Defaulted = 'firstSeed' | 'gate' | 'overrides' | 'armOverrides';
type RawTier = Omit<TierSpec, Defaulted> & Partial<Pick<TierSpec, Defaulted>>;
type RawClaim = Omit<Claim, 'tiers' | 'confidence' | 'baseline' | 'expect' | 'file'> & {
  tiers: Record<string, RawTier>;
  confidence?: number;
  baseline?: Partial<BaselinePolicy>;
  expect: Record<string, unknown>[];
};

/** Fill in the documented defaults of an expectation (its kind's). */
const withDefaults = (exp: Record<string, unknown>): Expectation => ({ ...kindOf(exp as { kind: string }).defaults, ...exp }) as unknown as Expectation;

function normalise(raw: RawClaim, file: string): Claim {
  const tiers: Record<string, TierSpec> = {};
  for (const [name, t] of Object.entries(raw.tiers)) {
    tiers[name] = { seeds: t.seeds, maxSeeds: t.maxSeeds, roundSize: t.roundSize, firstSeed: t.firstSeed ?? 1, gate: t.gate ?? 'claims', ...(t.trainer !== undefined ? { trainer: t.trainer } : {}), overrides: t.overrides ?? {}, armOverrides: t.armOverrides ?? {} };
  }
  return {
    id: raw.id,
    version: raw.version,
    statement: raw.statement,
    source: raw.source,
    ...(raw.notes !== undefined ? { notes: raw.notes } : {}),
    arms: raw.arms,
    tiers,
    confidence: raw.confidence ?? DEFAULT_CONFIDENCE,
    baseline: { crossBackend: raw.baseline?.crossBackend ?? false },
    expect: raw.expect.map(withDefaults),
    file,
  };
}

/**
 * The layers an arm resolves from in a tier: defaults <- tier overrides <- arms.<arm> <- armOverrides.<arm>.
 * The tier sets the size and budget of every arm; the arm says what makes it that arm (and wins,
 * e.g. the one-layer binary control's `layers: 1`); armOverrides carry the arm's own per-tier
 * fields and any per-claim override (pack-includes.ts).
 */
export function armLayers(claim: Claim, armName: string, tierName: string): { source: string; values: unknown }[] {
  const tier = claim.tiers[tierName];
  const where = claim.file || claim.id;
  return [
    { source: `${where} tiers.${tierName}.overrides`, values: tier?.overrides ?? {} },
    { source: `${where} arms.${armName}`, values: { ...claim.arms[armName], name: armName } },
    { source: `${where} tiers.${tierName}.armOverrides.${armName}`, values: tier?.armOverrides[armName] ?? {} },
  ];
}

function unknownArm(name: string, arms: string[]): string {
  const hint = didYouMean(name, arms);
  return `unknown arm \`${name}\`${hint ? ` (did you mean \`${hint}\`?)` : ''}; arms of this claim: ${arms.join(', ')}`;
}

/** The cross-field checks; returns the problems (empty when the claim is consistent). */
export function crossFieldProblems(claim: Claim): string[] {
  const problems: string[] = [];
  const armNames = Object.keys(claim.arms);
  const base = claim.file ? path.basename(claim.file) : '';
  if (base && base !== `${claim.id}.yaml`) problems.push(`\`id\` is \`${claim.id}\` but the file is named \`${base}\`: name the file \`${claim.id}.yaml\` (or change the id)`);
  for (const [name, arm] of Object.entries(claim.arms)) {
    if (arm.name !== undefined) problems.push(`\`arms.${name}.name\`: an arm's name is its key in \`arms\`; remove \`name\``);
  }
  claim.expect.forEach((exp, i) => {
    const kind = kindOf(exp);
    for (const [field, name] of kind.armFields(exp)) if (!claim.arms[name]) problems.push(`\`expect.${i}.${field}\`: ${unknownArm(name, armNames)}`);
    const [a, b] = expectationArms(exp);
    if (b !== undefined && a === b) problems.push(`\`expect.${i}\` compares arm \`${a}\` with itself`);
    problems.push(...(kind.problems?.(exp, i) ?? []));
  });
  const used = new Set(claim.expect.flatMap(expectationArms));
  for (const name of armNames) if (!used.has(name)) problems.push(`\`arms.${name}\` is not used by any expectation (it would train seeds for nothing); use it in \`expect\` or remove it`);
  for (const [tierName, tier] of Object.entries(claim.tiers)) {
    const p = `tiers.${tierName}`;
    if (tier.maxSeeds < tier.seeds) problems.push(`\`${p}.maxSeeds\` (${tier.maxSeeds}) must be >= \`${p}.seeds\` (${tier.seeds})`);
    for (const name of Object.keys(tier.armOverrides)) if (!claim.arms[name]) problems.push(`\`${p}.armOverrides.${name}\`: ${unknownArm(name, armNames)}`);
    for (const name of armNames) {
      let arm: ArmConfig;
      try {
        arm = resolveArm(armLayers(claim, name, tierName));
      } catch (error) {
        if (!(error instanceof ValidationError)) throw error;
        for (const q of error.problems) problems.push(`\`${p}\`, arm \`${name}\` (defaults <- ${p}.overrides <- arms.${name} <- ${p}.armOverrides.${name}): ${q}`);
        continue;
      }
      claim.expect.forEach((exp, i) => problems.push(...(kindOf(exp).armProblems?.(exp, i, { name, config: arm, tier: tierName }) ?? [])));
    }
  }
  return problems;
}

/**
 * Validate raw claim data read from `file` and return the typed claim with
 * defaults applied.
 * @throws ValidationError listing every schema or cross-field problem, each with its JSON path.
 */
export function parseClaim(data: unknown, file: string): Claim {
  const raw = validateClaimSchema<RawClaim>(data, file);
  const claim = normalise(raw, file);
  const problems = crossFieldProblems(claim);
  if (problems.length) throw new ValidationError(file, problems);
  return claim;
}
