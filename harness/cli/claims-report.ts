/**
 * The end of `check` and `merge`: judge every claim on the seeds, compare with baselines,
 * write OUT/results.json and OUT/summary.md, print the tables, and say what the exit code is.
 */
import path from 'node:path';
import { attachBaselines, findBaselines, type BaselineOptions } from '../baselines/attach-baselines.ts';
import { renderBaselineMarkdown, renderBaselineTable } from '../baselines/render-baselines.ts';
import { compareReplay, readReplayFile, renderReplay, type ReplayResult } from '../baselines/replay.ts';
import { claimTier } from '../claims/load-claims.ts';
import { groupByArm } from '../claims/arm-plan.ts';
import type { Claim } from '../claims/claim-types.ts';
import type { ClaimResult, ClaimsResults } from '../claims/result-types.ts';
import { buildResults, validateResults } from '../claims/results.ts';
import { renderClaimsTable, renderMarkdownSummary } from '../claims/render-results.ts';
import type { SeedSummary } from '../claims/seed-summary.ts';
import { writeFileAtomic, writeJsonAtomic } from '../util/atomic.ts';
import { gitInfo } from '../util/provenance.ts';

export interface ClaimsReport {
  record: ClaimsResults;
  /** 1 when a claim fails (in a tier that gates on claims), a baseline comparison is a regression or a replayed seed changed, else 0. */
  exitCode: number;
}

/** One backend name for results.json: the seeds' backend, or `mixed`. */
function backendOf(summaries: readonly SeedSummary[]): { name: string; device: string } {
  const backends = [...new Set(summaries.map((s) => `${s.backend.name}/${s.backend.device}`))];
  const [name, device] = (backends.length === 1 ? backends[0]! : 'mixed/mixed').split('/') as [string, string];
  return { name, device };
}

/** Judge, compare, write and print. */
export function reportClaims(opts: {
  claims: readonly Claim[];
  tier: string;
  claimsDir: string;
  outDir: string;
  summaries: readonly SeedSummary[];
  judge: (claim: Claim) => ClaimResult;
  baseline: BaselineOptions;
}): ClaimsReport {
  const byArm = groupByArm(opts.summaries);
  let record = buildResults({ tier: opts.tier, claimsDir: opts.claimsDir, backend: backendOf(opts.summaries), git: gitInfo() }, opts.claims.map(opts.judge));
  const baselineText: { table: string; markdown: string; notes: string[] } = { table: '', markdown: '', notes: [] };
  if (opts.baseline.dir !== null) {
    const settings = { alpha: opts.baseline.alpha, minEffect: opts.baseline.minEffect };
    const { found, orphans } = findBaselines(opts.baseline.dir, opts.tier, opts.claims);
    record = attachBaselines(record, opts.claims, byArm, found, settings);
    const shown = { dir: opts.baseline.dir, ...settings };
    baselineText.table = renderBaselineTable(record, shown);
    baselineText.markdown = renderBaselineMarkdown(record, shown);
    baselineText.notes = orphans.map((f) => `note: ${f} belongs to no claim of ${opts.claimsDir}; delete it if the claim was removed`);
  }
  let replay: ReplayResult | null = null;
  if (opts.baseline.dir !== null) {
    const pins = readReplayFile(opts.baseline.dir, opts.tier);
    if (pins) replay = compareReplay(pins.file, pins.data, opts.summaries);
  }
  if (replay) record = { ...record, replay };
  const gate = opts.claims[0] ? claimTier(opts.claims[0], opts.tier).gate : 'claims';
  const resultsFile = path.join(opts.outDir, 'results.json');
  validateResults(JSON.parse(JSON.stringify(record)), resultsFile);
  writeJsonAtomic(resultsFile, record);
  const replayMd = replay ? `#### Replay of pinned seeds\n\n\`\`\`\n${renderReplay(replay, `npx staircase baseline update --tier ${opts.tier} --from RESULTS_DIR`)}\n\`\`\`\n` : '';
  writeFileAtomic(path.join(opts.outDir, 'summary.md'), [renderMarkdownSummary(record), baselineText.markdown, replayMd].filter(Boolean).join('\n'));
  console.log(renderClaimsTable(record));
  if (baselineText.table) console.log(`\n${baselineText.table}`);
  const replayText = replay ? renderReplay(replay, `npx staircase baseline update --tier ${opts.tier} --from ${opts.outDir}${opts.baseline.dir === 'baselines' ? '' : ` --out ${opts.baseline.dir}`}`) : '';
  if (replayText) console.log(`\n${replayText}`);
  for (const n of baselineText.notes) console.error(n);
  const regressions = record.summary.regressions ?? 0;
  const changed = replay?.changed.length ?? 0;
  const failing = gate === 'claims' ? record.summary.fail : 0;
  if (gate === 'replay' && record.summary.fail > 0) console.error(`note: tier ${opts.tier} gates on replay, crashes and regressions, not on claims it is too small to decide: ${record.summary.fail} failing claim(s) reported above, exit unaffected`);
  return { record, exitCode: failing > 0 || regressions > 0 || changed > 0 ? 1 : 0 };
}
