/**
 * `staircase validate` and `staircase ls`: check and list a claim pack (validate: arm files too).
 */
import type { Claim, TierSpec } from '../claims/claim-types.ts';
import { KIND_NAMES } from '../claims/kinds/index.ts';
import { checkClaimFiles, claimTier, DEFAULT_CLAIMS_DIR, expandClaimPaths, loadClaimPack, resolveClaimArms } from '../claims/load-claims.ts';
import { formatTable } from '../util/text-table.ts';
import { tierWarnings } from '../claims/tier-power.ts';
import { claimsOption } from './common-options.ts';
import { defineCommand, text } from './declare.ts';
import { armText, checkArmFile, isArmFile } from './arm-files.ts';

const VALIDATE_ABOUT = `Check arm files (e.g. specs/arms/*.yaml: overrides of harness/train/defaults.ts, resolved as
\`staircase train --arm\` would; a file without a claim field is an arm file) and claim files: the schema (schemas/claim.schema.json) and what a schema cannot say (every arm
named in \`expect\` exists, maxSeeds >= seeds, every arm resolves in every tier, e.g. heads divides
dModel after the tier's overrides, ids unique, the file is named <id>.yaml). Prints \`ok FILE\` for
each good file and every problem of each bad one, with the field's path; exit 2 if any is bad.
Warns (exit code unchanged) when a tier can never decide an expectation: with its maxSeeds, even
the best case cannot confirm it (e.g. 4 seeds cannot confirm sequential >= 0.8: 4/4 gives a lower
bound of 0.40) or the worst case cannot refute it.

A claim file (one claim; arms override harness/train/defaults.ts like arm files do):
  id: curriculum-keeps-staircase            # kebab-case, = the file name
  version: 1                                # bump on any change
  statement: The curriculum keeps a learned staircase.
  source: write-up
  arms:
    universal-curriculum: { model: universal, loss: curriculum }
  tiers:                                    # smoke and full are required
    smoke: { seeds: 4, maxSeeds: 8, roundSize: 4, overrides: { K: 2, layers: 3, dModel: 64, heads: 4 } }
    full:  { seeds: 32, maxSeeds: 64, roundSize: 8 }
  expect:                                   # kinds: ${KIND_NAMES.join(' | ')}
    - { kind: rate, arm: universal-curriculum, outcome: sequential, atLeast: 0.5 }
    # mechanism outcomes count among the seeds that learned; \`given\` conditions on another one
    - { kind: rate, arm: universal-curriculum, outcome: sequential, given: sequential-at-switch, atLeast: 0.8 }`;

const LS_ABOUT = `List the claims of a pack (default ${DEFAULT_CLAIMS_DIR}/): id@version, arms, number of
expectations, seeds per tier (first..max by round, e.g. 4..8 by 4) and the statement.
With --tier T, only that tier, plus the model sizes its arms resolve to (K, layers, dModel).
The pack is validated first (see staircase validate --help), and the table is followed by a
warning for each expectation a listed tier can never decide with its maxSeeds.`;

export const validate = defineCommand({
  name: 'validate',
  summary: 'check claim files (schema + cross-field checks); ok or every problem per file',
  positionals: '[FILE.yaml | DIR ...]',
  usage: `[FILE.yaml | DIR ...]      (default: ${DEFAULT_CLAIMS_DIR}/)`,
  about: VALIDATE_ABOUT,
  options: {},
  examples: ['npx staircase validate', 'npx staircase validate specs/claims/ specs/arms/smoke-universal.yaml'],
  run: async (_values, positionals) => validateRun(positionals),
});

/** `staircase validate`: exit 0 when every file is good, 2 otherwise. */
async function validateRun(positionals: string[]): Promise<number> {
  const all = expandClaimPaths(positionals.length ? positionals : [DEFAULT_CLAIMS_DIR]);
  const armFiles = all.filter(isArmFile);
  const files = all.filter((f) => !armFiles.includes(f));
  const armChecks = armFiles.map(checkArmFile);
  for (const c of armChecks) {
    if (c.arm) console.log(`ok   ${c.file} (arm: ${armText(c.arm)})`);
    else console.log(`bad  ${c.file}: ${c.error!.problems.length === 1 ? c.error!.problems[0] : c.error!.problems.map((p) => `\n       - ${p}`).join('')}`);
  }
  const checks = checkClaimFiles(files);
  let warnings = 0;
  for (const check of checks) {
    if (check.claim) {
      console.log(`ok   ${check.file}`);
      const lines = tierWarnings(check.claim);
      warnings += lines.length;
      for (const w of lines) console.log(`       warn: ${w}`);
    } else {
      const count = check.error.problems.length;
      console.log(`bad  ${check.file}: ${count} problem${count === 1 ? '' : 's'}`);
      for (const p of check.error.problems) console.log(`       - ${p}`);
    }
  }
  const bad = checks.filter((c) => c.error).length + armChecks.filter((c) => c.error).length;
  const total = all.length;
  const noun = !armFiles.length ? 'claim file' : !files.length ? 'arm file' : 'file';
  const warned = warnings ? `; ${warnings} warning${warnings === 1 ? '' : 's'} (expectations a tier can never decide)` : '';
  console.log(`\n${total - bad} of ${total} ${noun}${total === 1 ? '' : 's'} ok${bad ? `, ${bad} bad` : ''}${warned}`);
  return bad ? 2 : 0;
}

/** `4..8 by 4`, or `4` when the tier has no sequential extension. */
export function seedsText(tier: TierSpec): string {
  const from = tier.firstSeed !== 1 ? ` from ${tier.firstSeed}` : '';
  return (tier.maxSeeds > tier.seeds ? `${tier.seeds}..${tier.maxSeeds} by ${tier.roundSize}` : `${tier.seeds}`) + from;
}

/** Distinct model sizes the claim's arms resolve to in a tier, e.g. `K2 L3 d64`. */
function sizesText(claim: Claim, tier: string): string {
  const arms = Object.values(resolveClaimArms(claim, tier));
  return [...new Set(arms.map((a) => `${a.task === 'd3' ? '' : `${a.task} `}K${a.K} L${a.layers} d${a.dModel}`))].join(', ');
}

export const ls = defineCommand({
  name: 'ls',
  summary: 'list the claims of a pack: id@version, arms, expectations, seeds per tier',
  about: LS_ABOUT,
  options: { claims: claimsOption(), tier: text('T', 'only this tier, with the model sizes its arms resolve to') },
  examples: ['npx staircase ls', 'npx staircase ls --tier full'],
  run: async (values) => lsRun(values.claims, values.tier),
});

/** `staircase ls`: a table of the pack's claims. */
async function lsRun(dir: string, tier: string | undefined): Promise<number> {
  const claims = loadClaimPack(dir);
  const tierNames = tier ? [tier] : [...new Set(claims.flatMap((c) => Object.keys(c.tiers)))];
  const headers = ['claim', 'arms', 'exp', ...tierNames.map((t) => `seeds ${t}`), ...(tier ? [`size ${tier}`] : []), 'statement'];
  const rows = claims.map((c) => [
    `${c.id}@${c.version}`,
    Object.keys(c.arms).join(', '),
    String(c.expect.length),
    ...tierNames.map((t) => (c.tiers[t] ? seedsText(c.tiers[t]) : tier ? seedsText(claimTier(c, t)) : '—')),
    ...(tier ? [sizesText(c, tier)] : []),
    c.statement,
  ]);
  console.log(formatTable(headers, rows, headers.map((h) => (h === 'exp' ? 'right' : 'left'))));
  console.log(`\n${claims.length} claim${claims.length === 1 ? '' : 's'} in ${dir}`);
  const warnings = claims.flatMap((c) => tierWarnings(c, tierNames).map((w) => `warn: ${c.id}: ${w}`));
  if (warnings.length) console.log(`\n${warnings.join('\n')}`);
  return 0;
}
