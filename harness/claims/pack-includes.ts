/**
 * A claim pack's shared configuration, written once (as lm-evaluation-harness's `include`):
 * `_tiers.yaml` (every tier: seeds, rounds, model size and budget) and `_arms.yaml` (every arm:
 * model, loss, weighting, task). A claim file names its arms as a list and says only what is
 * its own (id, version, statement, source, notes, expectations, and any per-claim tier override).
 * Files whose name starts with `_` are not claims.
 *
 * Precedence, each layer overriding the one before:
 *   ARM_DEFAULTS <- _tiers.yaml tiers.<tier>.overrides <- _arms.yaml arms.<arm>
 *     <- _arms.yaml arms.<arm>.tiers.<tier> <- claim tiers.<tier>.overrides <- claim tiers.<tier>.armOverrides.<arm>
 * A claim file that spells its arms and tiers out in full (the older form) reads as before.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { readYamlFile, type ArmOverrides } from '../train/config.ts';
import { validate, ValidationError } from '../util/schema.ts';
import { didYouMean } from '../util/suggest.ts';

export const TIERS_FILE = '_tiers.yaml';
export const ARMS_FILE = '_arms.yaml';

interface SharedTier {
  seeds: number;
  maxSeeds: number;
  roundSize: number;
  firstSeed?: number;
  gate?: 'claims' | 'replay';
  trainer?: string;
  overrides?: ArmOverrides;
  armOverrides?: Record<string, ArmOverrides>;
}
type SharedArm = ArmOverrides & { tiers?: Record<string, ArmOverrides> };

/** The shared files of a pack folder (each null when absent). */
export interface PackIncludes {
  tiers: Record<string, SharedTier> | null;
  arms: Record<string, SharedArm> | null;
  /** The files read, for messages. */
  tiersFile: string;
  armsFile: string;
}

const cache = new Map<string, PackIncludes>();

function readShared<T>(file: string, key: 'tiers' | 'arms'): T | null {
  if (!existsSync(file)) return null;
  validate('arm', {}, '(arm schema)'); // registers arm.schema.json for the $refs
  const data = validate<Record<string, unknown>>('claim-pack', readYamlFile(file) ?? {}, file);
  const other = key === 'tiers' ? 'arms' : 'tiers';
  if (data[other] !== undefined) throw new ValidationError(file, [`\`${other}\` belongs in ${other === 'tiers' ? TIERS_FILE : ARMS_FILE}, not in ${path.basename(file)}`]);
  if (data[key] === undefined) throw new ValidationError(file, [`missing required field \`${key}\``]);
  return data[key] as T;
}

/** The shared configuration of the pack folder `dir` (read once per folder). */
export function packIncludes(dir: string): PackIncludes {
  const key = path.resolve(dir);
  let hit = cache.get(key);
  if (!hit) {
    const tiersFile = path.join(dir, TIERS_FILE);
    const armsFile = path.join(dir, ARMS_FILE);
    hit = { tiers: readShared(tiersFile, 'tiers'), arms: readShared(armsFile, 'arms'), tiersFile, armsFile };
    cache.set(key, hit);
  }
  return hit;
}

/** Forget what was read (specs that write pack folders). */
export function clearPackIncludes(): void {
  cache.clear();
}

/**
 * Expand a claim file's data with its pack's shared configuration into the full form
 * (`arms` as an object, every tier spelled out) that parseClaim validates.
 * @throws ValidationError for an arm or tier the shared files do not define (with a did-you-mean).
 */
export function expandClaim(data: unknown, file: string, inc: PackIncludes): unknown {
  if (data === null || typeof data !== 'object' || Array.isArray(data)) return data;
  const raw = data as Record<string, unknown>;
  const listed = Array.isArray(raw.arms);
  if (!listed) return data; // the older, self-contained form
  const problems: string[] = [];
  const names = raw.arms as unknown[];
  if (!inc.arms) problems.push(`\`arms\` lists arm names, but the pack has no ${ARMS_FILE} beside ${path.basename(file)} to define them`);
  if (!inc.tiers) problems.push(`\`arms\` lists arm names, but the pack has no ${TIERS_FILE} beside ${path.basename(file)} to define the tiers`);
  if (problems.length) throw new ValidationError(file, problems);
  const sharedArms = inc.arms!;
  const sharedTiers = inc.tiers!;
  const arms: Record<string, ArmOverrides> = {};
  names.forEach((name, i) => {
    if (typeof name !== 'string') return void problems.push(`\`arms.${i}\` must be an arm name (a string), got ${JSON.stringify(name)}`);
    const arm = sharedArms[name];
    if (!arm) {
      const hint = didYouMean(name, Object.keys(sharedArms));
      return void problems.push(`\`arms.${i}\`: unknown arm \`${name}\`${hint ? ` (did you mean \`${hint}\`?)` : ''}; define it in ${inc.armsFile} (arms there: ${Object.keys(sharedArms).join(', ')})`);
    }
    const { tiers: _perTier, ...fields } = arm;
    arms[name] = fields;
  });
  const own = (raw.tiers ?? {}) as Record<string, Partial<SharedTier>>;
  const tierKeys = ['seeds', 'maxSeeds', 'roundSize', 'overrides', 'armOverrides'];
  for (const [tier, spec] of Object.entries(own)) {
    for (const key of Object.keys(spec ?? {})) {
      if (tierKeys.includes(key)) continue;
      const hint = didYouMean(key, tierKeys);
      problems.push(`\`tiers.${tier}.${key}\`: unknown field${hint ? ` (did you mean \`${hint}\`?)` : ''}; a claim may override ${tierKeys.join(', ')} of a tier`);
    }
    for (const name of Object.keys(spec?.armOverrides ?? {})) if (!names.includes(name)) problems.push(`\`tiers.${tier}.armOverrides.${name}\`: \`${name}\` is not an arm of this claim (${names.join(', ')})`);
    if (!sharedTiers[tier]) {
      const hint = didYouMean(tier, Object.keys(sharedTiers));
      problems.push(`\`tiers.${tier}\`: unknown tier${hint ? ` (did you mean \`${hint}\`?)` : ''}; tiers of the pack (${inc.tiersFile}): ${Object.keys(sharedTiers).join(', ')}`);
    }
  }
  if (problems.length) throw new ValidationError(file, problems);
  const tiers: Record<string, SharedTier> = {};
  for (const [tierName, shared] of Object.entries(sharedTiers)) {
    const mine = own[tierName] ?? {};
    const armOverrides: Record<string, ArmOverrides> = {};
    for (const name of Object.keys(arms)) {
      const merged = { ...sharedArms[name]!.tiers?.[tierName], ...shared.armOverrides?.[name], ...mine.overrides, ...mine.armOverrides?.[name] };
      if (Object.keys(merged).length) armOverrides[name] = merged;
    }
    tiers[tierName] = { seeds: mine.seeds ?? shared.seeds, maxSeeds: mine.maxSeeds ?? shared.maxSeeds, roundSize: mine.roundSize ?? shared.roundSize, ...(shared.firstSeed !== undefined ? { firstSeed: shared.firstSeed } : {}), ...(shared.gate !== undefined ? { gate: shared.gate } : {}), ...(shared.trainer !== undefined ? { trainer: shared.trainer } : {}), overrides: shared.overrides ?? {}, armOverrides };
  }
  return { ...raw, arms, tiers };
}
