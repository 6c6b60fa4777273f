/**
 * Reading claim packs: a folder of YAML files, one claim each. Inputs are
 * checked once here (schema + cross-field checks + unique ids); everything
 * downstream works on typed Claims.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { readYamlFile, resolveArm } from '../train/config.ts';
import type { ArmConfig } from '../train/defaults.ts';
import { ValidationError } from '../util/schema.ts';
import { didYouMean } from '../util/suggest.ts';
import type { Claim } from './claim-types.ts';
import { armLayers, parseClaim } from './validate-claim.ts';
import { expandClaim, packIncludes } from './pack-includes.ts';

/** The default claim pack folder, relative to the working directory. */
export const DEFAULT_CLAIMS_DIR = 'specs/claims';

/** The outcome of checking one file of a pack: the claim, or the error listing its problems. */
export type ClaimFileCheck = { file: string; claim: Claim; error?: undefined } | { file: string; claim?: undefined; error: ValidationError };

/**
 * The claim files (`*.yaml`, `*.yml`, except the pack's shared `_*.yaml`) of a folder, sorted by name.
 * @throws ValidationError when the folder does not exist or holds no claim file.
 */
export function listClaimFiles(dir: string): string[] {
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new ValidationError(dir, [code === 'ENOENT' ? 'no such folder (the claim pack ships in specs/claims/; run from the repository root or pass a folder)' : `cannot read the folder: ${code ?? (error as Error).message}`]);
  }
  const files = entries.filter((f) => /\.ya?ml$/.test(f) && !f.startsWith('_')).sort().map((f) => path.join(dir, f));
  if (files.length === 0) throw new ValidationError(dir, ['no claim files (*.yaml) in this folder']);
  return files;
}

/**
 * Expand command-line paths: a folder stands for its claim files, a file for itself.
 * @throws ValidationError for a folder without claim files (a missing file is reported by checkClaimFiles).
 */
export function expandClaimPaths(paths: readonly string[]): string[] {
  return paths.flatMap((p) => {
    let isDir = false;
    try {
      isDir = statSync(p).isDirectory();
    } catch {
      isDir = false;
    }
    return isDir ? listClaimFiles(p) : [p];
  });
}

/**
 * Read and validate one claim file.
 * @throws ValidationError naming the file and every problem (JSON path + what is wrong).
 */
export function loadClaimFile(file: string): Claim {
  if (!existsSync(file)) throw new ValidationError(file, ['no such file (check the path; the claim pack ships in specs/claims/)']);
  return parseClaim(expandClaim(readYamlFile(file), file, packIncludes(path.dirname(file))), file);
}

/**
 * Check many claim files, each on its own (one bad file does not hide the
 * problems of another), then across them: ids are unique, and an arm name
 * resolves to the same configuration (description aside) in every claim and tier.
 */
export function checkClaimFiles(files: readonly string[]): ClaimFileCheck[] {
  const checks: ClaimFileCheck[] = files.map((file) => {
    try {
      return { file, claim: loadClaimFile(file) };
    } catch (error) {
      if (error instanceof ValidationError) return { file, error };
      throw error;
    }
  });
  const firstFileOfId = new Map<string, string>();
  const armSeen = new Map<string, { file: string; claim: Claim }>();
  return checks.map((check) => {
    if (!check.claim) return check;
    const problems: string[] = [];
    const first = firstFileOfId.get(check.claim.id);
    if (first !== undefined) problems.push(`\`id\`: \`${check.claim.id}\` is also the id of ${first}; claim ids must be unique in a pack`);
    else firstFileOfId.set(check.claim.id, check.file);
    for (const arm of Object.keys(check.claim.arms)) {
      const seen = armSeen.get(arm);
      if (!seen) armSeen.set(arm, { file: check.file, claim: check.claim });
      else problems.push(...armConflicts(arm, seen, check.claim));
    }
    return problems.length ? { file: check.file, error: new ValidationError(check.file, problems) } : check;
  });
}

/** An arm name means one configuration across a pack (results and dashboards are keyed by it). */
function armConflicts(arm: string, seen: { file: string; claim: Claim }, claim: Claim): string[] {
  const problems: string[] = [];
  for (const tier of Object.keys(claim.tiers)) {
    if (!seen.claim.tiers[tier]) continue;
    const a = resolveArm(armLayers(seen.claim, arm, tier)) as unknown as Record<string, unknown>;
    const b = resolveArm(armLayers(claim, arm, tier)) as unknown as Record<string, unknown>;
    const diff = Object.keys(b).filter((k) => k !== 'description' && a[k] !== b[k]);
    if (diff.length) problems.push(`\`arms.${arm}\` in tier \`${tier}\` differs from the arm of the same name in ${seen.file} (${diff.map((k) => `${k}: ${String(b[k])} vs ${String(a[k])}`).join(', ')}); an arm name must mean one configuration across the pack, so rename one`);
  }
  return problems;
}

/**
 * Load a claim pack: every claim file of `dir`, validated, in file-name order.
 * @throws ValidationError naming the folder and listing every problem of every bad file.
 */
export function loadClaimPack(dir: string = DEFAULT_CLAIMS_DIR): Claim[] {
  const checks = checkClaimFiles(listClaimFiles(dir));
  const bad = checks.flatMap((c) => (c.error ? c.error.problems.map((p) => `${c.file}: ${p}`) : []));
  if (bad.length) throw new ValidationError(dir, bad);
  return checks.map((c) => c.claim as Claim);
}

/**
 * The tier of a claim.
 * @throws ValidationError for a tier the claim does not define (with a did-you-mean).
 */
export function claimTier(claim: Claim, tier: string): Claim['tiers'][string] {
  const spec = claim.tiers[tier];
  if (spec) return spec;
  const names = Object.keys(claim.tiers);
  const hint = didYouMean(tier, names);
  throw new ValidationError(claim.file || claim.id, [`unknown tier \`${tier}\`${hint ? ` (did you mean \`${hint}\`?)` : ''}; tiers of claim ${claim.id}: ${names.join(', ')}`]);
}

/**
 * Resolve every arm of a claim in a tier:
 * ARM_DEFAULTS <- tiers.<tier>.overrides <- arms.<arm> <- tiers.<tier>.armOverrides.<arm> (pack-includes.ts).
 * The arm's `name` is its key in `arms`.
 * @throws ValidationError for an unknown tier or an arm that does not resolve.
 */
export function resolveClaimArms(claim: Claim, tier: string): Record<string, ArmConfig> {
  claimTier(claim, tier);
  const out: Record<string, ArmConfig> = {};
  for (const name of Object.keys(claim.arms)) out[name] = resolveArm(armLayers(claim, name, tier));
  return out;
}
