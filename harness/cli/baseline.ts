/**
 * `staircase baseline update`: store what a check's claims learned as baselines/<tier>/<id>.json.
 * `staircase baseline power`: the false-alarm rate and power of the comparison at a seed count.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { buildBaseline, baselinePath, DEFAULT_BASELINES_DIR } from '../baselines/baseline-file.ts';
import { ratePowerCurve, simulateMetricRegressions, worstRateFalseAlarm } from '../baselines/operating-characteristics.ts';
import { claimQuantities } from '../baselines/quantities.ts';
import { groupByArm } from '../claims/arm-plan.ts';
import { loadClaimPack } from '../claims/load-claims.ts';
import { validateResults } from '../claims/results.ts';
import type { RunRecord } from '../train/record.ts';
import { readResultsDir } from '../shards/results-dir.ts';
import { seedDir } from '../shards/seed-copies.ts';
import { writeJsonAtomic } from '../util/atomic.ts';
import { buildReplayFile, replayPath } from '../baselines/replay.ts';
import { claimTier } from '../claims/load-claims.ts';
import { validate, ValidationError } from '../util/schema.ts';
import { didYouMean } from '../util/suggest.ts';
import { UsageError } from './args.ts';
import { BASELINE_OPTIONS } from './baseline-flags.ts';
import { defineCommand, fraction, int, text, type Values } from './declare.ts';

const options = {
  from: text('RESULTS_DIR', 'update: the --out folder of `staircase check` or `staircase merge`'),
  tier: text('T', 'the tier', { defaultText: "update: the results' tier; power: full" }),
  claims: text('DIR', 'the claim pack', { defaultText: 'update: the one the results ran; power: specs/claims' }),
  out: text('DIR', 'update: the baselines folder', { defaultText: DEFAULT_BASELINES_DIR }),
  seeds: int('N', 'power: seeds per side', { defaultText: "the fewest first-round seeds of the tier's claims", min: 1, example: '8' }),
  'baseline-alpha': BASELINE_OPTIONS['baseline-alpha'],
  'min-effect': BASELINE_OPTIONS['min-effect'],
  drop: fraction('D', 'power: the drop in a rate to detect', { default: 0.3, openLow: true }),
};
type BaselineValues = Values<typeof options>;

export const baseline = defineCommand({
  name: 'baseline',
  summary: 'baseline update: store what a check learned as baselines/<tier>/; baseline power: the test at N seeds',
  positionals: 'update|power',
  usage: `update --from RESULTS_DIR [--tier T] [--claims DIR] [--out DIR] [CLAIM_ID ...]
staircase baseline power [--seeds N | --tier T --claims DIR] [--baseline-alpha A] [--min-effect E] [--drop D]`,
  about: `update: store what the claims of a check (or merge) learned as DIR/<tier>/<claim-id>.json
(schemas/baseline.schema.json; default DIR ${DEFAULT_BASELINES_DIR}): per arm the count of every outcome
(successes of seeds), every metric per seed, and provenance (claim version, git commit, code hash,
backends and devices, package versions, dates, seeds). RESULTS_DIR is the --out folder of
\`staircase check\` or \`staircase merge\` (results.json, sweep.json, seeds/). Only the claims named
are updated (default: all). A claim whose results are of another version than its claim file is
not stored (it would be stale at once): rerun the check first.

power: how the comparison behaves at a seed count (default: the fewest first-round seeds of the
tier in the pack, full by default): the worst false-alarm rate of a rate over true rates 0..1
(exact), the power against a drop of D (default 0.3) in a rate at each baseline rate (exact), and
the false-alarm rate and power of a metric (seeded simulation).`,
  options,
  examples: [
    'npx staircase check --tier smoke --no-baseline --out out/smoke',
    'npx staircase baseline update --from out/smoke                  # writes baselines/smoke/*.json',
    'npx staircase check --tier smoke                                # compares (baselines/smoke exists)',
    'npx staircase baseline power --tier full',
  ],
  run: async (values, positionals) => {
    const [sub, ...rest] = positionals;
    if (!sub) {
      console.log(baseline.help);
      return 2;
    }
    if (sub === 'update') return updateCommand(values, rest);
    if (sub === 'power') return powerCommand(values);
    const hint = didYouMean(sub, ['update', 'power']);
    throw new UsageError(`unknown subcommand '${sub}'${hint ? ` (did you mean '${hint}'?)` : ''}; baseline has: update, power`);
  },
});

/** name -> version over the seeds' run records; several versions of one package are joined with ', '. */
function versionsOf(dir: string, keys: readonly string[]): Record<string, string> {
  const seen = new Map<string, Set<string>>();
  for (const key of new Set(keys)) {
    const file = path.join(seedDir(dir, key), 'record.json');
    if (!existsSync(file)) continue;
    const record = JSON.parse(readFileSync(file, 'utf8')) as Pick<RunRecord, 'versions'>;
    for (const [name, version] of Object.entries(record.versions ?? {})) seen.set(name, (seen.get(name) ?? new Set()).add(version));
  }
  return Object.fromEntries([...seen].sort(([a], [b]) => a.localeCompare(b)).map(([name, vs]) => [name, [...vs].sort().join(', ')]));
}

async function updateCommand(values: BaselineValues, ids: string[]): Promise<number> {
  if (values.from === undefined) throw new UsageError('baseline update needs --from RESULTS_DIR (the --out folder of `staircase check` or `staircase merge`)');
  const from = values.from;
  const outDir = values.out ?? DEFAULT_BASELINES_DIR;
  const resultsFile = path.join(from, 'results.json');
  if (!existsSync(resultsFile)) throw new ValidationError(resultsFile, ['no such file: --from must be the --out folder of `staircase check` or `staircase merge`']);
  const results = validateResults(JSON.parse(readFileSync(resultsFile, 'utf8')), resultsFile);
  const tier = values.tier ?? results.tier;
  if (tier !== results.tier) throw new ValidationError(resultsFile, [`\`tier\` is \`${results.tier}\`, but --tier ${tier} was asked for: pass the results of a ${tier} check, or drop --tier`]);
  const dir = readResultsDir(from);
  const claimsDir = values.claims ?? dir.sweep.claimsDir;
  const pack = new Map(loadClaimPack(claimsDir).map((c) => [c.id, c]));
  const known = results.claims.map((c) => c.id);
  for (const id of ids) {
    if (!known.includes(id)) {
      const hint = didYouMean(id, known);
      throw new UsageError(`claim \`${id}\` is not in ${resultsFile}${hint ? ` (did you mean \`${hint}\`?)` : ''}; its claims: ${known.join(', ')}`);
    }
  }
  const byArm = groupByArm(dir.summaries.filter((s) => s.tier === tier));
  const provenance = {
    resultsDir: from,
    resultsCreatedAt: results.createdAt,
    git: results.git,
    codeHash: dir.sweep.codeHash,
    versions: versionsOf(from, dir.sweep.jobs.map((j) => j.key)),
  };
  let skipped = 0;
  let written = 0;
  for (const result of results.claims) {
    if (ids.length && !ids.includes(result.id)) continue;
    const claim = pack.get(result.id);
    if (!claim) {
      console.error(`skip ${result.id}: no such claim in ${claimsDir} any more`);
      skipped += 1;
      continue;
    }
    if (claim.version !== result.version) {
      console.error(`skip ${result.id}: stale: the results are of claim version ${result.version}, ${claim.file} is version ${claim.version}; rerun the check and update from its results`);
      skipped += 1;
      continue;
    }
    const baseline = buildBaseline(claim, tier, byArm, provenance);
    const file = baselinePath(outDir, tier, claim.id);
    validate('baseline', JSON.parse(JSON.stringify(baseline)), file);
    writeJsonAtomic(file, baseline);
    written += 1;
    const read = claimQuantities(claim)
      .filter((q) => q.kind === 'rate')
      .map((q) => {
        const c = baseline.arms[q.arm]?.rates[q.quantity];
        return `${q.arm} ${q.quantity} ${c?.successes ?? 0}/${c?.seeds ?? 0}`;
      });
    console.log(`wrote ${file}: ${[...new Set(read)].join(', ') || `${Object.keys(baseline.arms).length} arm(s)`}`);
  }
  console.log(`${written} baseline(s) written to ${path.join(outDir, tier)}${skipped ? `, ${skipped} claim(s) skipped` : ''}`);
  // A tier that gates on replay pins its seeds here too: re-pinning is this one command.
  const first = [...pack.values()][0];
  if (!ids.length && first?.tiers[tier] && claimTier(first, tier).gate === 'replay') {
    const pins = buildReplayFile(tier, dir.summaries, { codeHash: dir.sweep.codeHash, commit: results.git?.commit ?? null });
    const file = replayPath(outDir, tier);
    validate('replay', JSON.parse(JSON.stringify(pins)), file);
    writeJsonAtomic(file, pins);
    console.log(`pinned ${pins.seeds.length} seed(s) for exact replay: ${file}`);
  }
  return skipped ? 1 : 0;
}

async function powerCommand(values: BaselineValues): Promise<number> {
  const tier = values.tier ?? 'full';
  let seeds = values.seeds;
  if (seeds === undefined) {
    const claims = loadClaimPack(values.claims ?? 'specs/claims');
    const counts = claims.flatMap((c) => (c.tiers[tier] ? [c.tiers[tier].seeds] : []));
    if (!counts.length) throw new UsageError(`no claim of the pack has a tier \`${tier}\`; pass --tier or --seeds N`);
    seeds = Math.min(...counts);
  }
  const settings = { alpha: values['baseline-alpha'], minEffect: values['min-effect'], confidence: 0.95 };
  const drop = values.drop;
  const worst = worstRateFalseAlarm(seeds, settings);
  const curve = ratePowerCurve(seeds, drop, settings);
  console.log(`Baseline comparison at ${seeds} seeds per side (alpha ${settings.alpha}, min effect ${settings.minEffect}):`);
  console.log(`  rate false-alarm rate (nothing changed), worst over true rates: ${worst.rate.toFixed(4)} at rate ${worst.atP} (exact)`);
  console.log(`  rate power against a drop of ${drop} (exact), by baseline rate:`);
  for (const p of curve) console.log(`    ${p.pBaseline.toFixed(2)} -> ${Math.max(0, p.pBaseline - drop).toFixed(2)}: ${p.power.toFixed(3)}`);
  const fa = simulateMetricRegressions({ n: seeds, shift: 0, reps: 1000, seed: 1, settings });
  const pw = simulateMetricRegressions({ n: seeds, shift: 0.75, reps: 400, seed: 2, settings });
  console.log(`  metric false-alarm rate ${fa.toFixed(3)} (1,000 simulated pairs), power for a shift of 0.75 SD ${pw.toFixed(3)} (400)`);
  return 0;
}
