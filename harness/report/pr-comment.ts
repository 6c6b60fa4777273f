/**
 * The pull-request comment of the GPU claim sweep: the job summary's table behind a hidden marker,
 * which the workflow uses to find its own comment and update it in place (one comment per PR).
 */
import * as core from '@actions/core';
import { writeFileAtomic } from '../util/atomic.ts';
import type { ReportResults } from './baseline-types.ts';
import { buildSummary } from './github-summary.ts';
import { esc } from './html.ts';

/** The first line of the comment; the workflow finds the comment to update by it. */
export const COMMENT_MARKER = '<!-- staircase-claims -->';

/** The comment body (HTML inside Markdown, as GitHub renders it). */
export function renderComment(results: ReportResults, dashboardUrl: string | null, env: NodeJS.ProcessEnv = process.env): string {
  core.summary.emptyBuffer();
  const body = buildSummary(core.summary, results, dashboardUrl).stringify();
  core.summary.emptyBuffer();
  const run = env.GITHUB_SERVER_URL && env.GITHUB_REPOSITORY && env.GITHUB_RUN_ID ? `${env.GITHUB_SERVER_URL}/${env.GITHUB_REPOSITORY}/actions/runs/${env.GITHUB_RUN_ID}` : null;
  const footer = run ? `<p><sub>Updated by <a href="${esc(run)}">workflow run ${esc(env.GITHUB_RUN_ID ?? '')}</a>.</sub></p>` : '';
  return `${COMMENT_MARKER}\n${body}\n${footer}\n`;
}

/** Write the comment body to `file`. */
export function writeComment(file: string, results: ReportResults, dashboardUrl: string | null): void {
  writeFileAtomic(file, renderComment(results, dashboardUrl));
}
