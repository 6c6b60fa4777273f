/**
 * What `staircase check` writes besides results.json and summary.md: the per-seed export
 * (OUT/seeds/), and on request a JUnit file and the GitHub job summary with annotations.
 * Kept here so that check.ts needs only an import, its options and one call.
 */
import type { ClaimsResults } from '../claims/result-types.ts';
import { exportSeeds, type ExportableSeed } from './export-seeds.ts';
import { publishGithubReport } from './github-summary.ts';
import { writeJunit } from './junit.ts';

/** parseArgs options `check` adds for these reports. */
export const CHECK_REPORT_OPTIONS = {
  junit: { type: 'string' },
  github: { type: 'boolean' },
} as const;

/** Help lines of those options. */
export const CHECK_REPORT_HELP = `  --junit FILE   also write the verdicts as JUnit XML (one testcase per expectation)
  --github       write the GitHub job summary and annotations (default when GITHUB_ACTIONS=true)`;

export interface CheckReportContext {
  values: Record<string, unknown>;
  record: ClaimsResults;
  outDir: string;
  cacheDir: string;
  completed: readonly ExportableSeed[];
}

/** Export the seeds, then the optional reports. */
export async function writeCheckReports(ctx: CheckReportContext): Promise<void> {
  exportSeeds(ctx.outDir, ctx.cacheDir, ctx.completed);
  await writeOptionalReports(ctx.values, ctx.record);
}

/** The reports `--junit FILE` and `--github` (or GITHUB_ACTIONS=true) ask for; `check` and `merge` call it. */
export async function writeOptionalReports(values: Record<string, unknown>, record: ClaimsResults): Promise<void> {
  if (values.junit !== undefined) writeJunit(String(values.junit), record);
  if (values.github || process.env.GITHUB_ACTIONS === 'true') await publishGithubReport(record, { dashboardUrl: process.env.STAIRCASE_DASHBOARD_URL || null });
}
