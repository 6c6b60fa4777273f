/**
 * What `staircase check` writes on request besides results.json and summary.md: a JUnit file and
 * the GitHub job summary with annotations (`--junit FILE`, `--github`, declared in cli/check.ts).
 */
import type { ClaimsResults } from '../claims/result-types.ts';
import { publishGithubReport } from './github-summary.ts';
import { writeJunit } from './junit.ts';

/** The reports `--junit FILE` and `--github` (or GITHUB_ACTIONS=true) ask for. */
export async function writeOptionalReports(values: { junit?: string | undefined; github: boolean }, record: ClaimsResults): Promise<void> {
  if (values.junit !== undefined) writeJunit(values.junit, record);
  if (values.github || process.env.GITHUB_ACTIONS === 'true') await publishGithubReport(record, { dashboardUrl: process.env.STAIRCASE_DASHBOARD_URL || null });
}
