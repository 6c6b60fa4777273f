import path from 'node:path';
import { buildSite } from '../report/build-site.ts';
import { publishGithubReport } from '../report/github-summary.ts';
import { appendHistory, historyEntry, readHistory } from '../report/history.ts';
import { writeJunit } from '../report/junit.ts';
import { writeComment } from '../report/pr-comment.ts';
import { readResultsDir } from '../report/read-results.ts';
import { UsageError } from './args.ts';
import { defineCommand, flag, text, type Values } from './declare.ts';
import { plural } from '../util/plural.ts';

const options = {
  from: text('RESULTS_DIR', 'the results folder', { required: 'a folder with results.json' }),
  out: text('DIR', 'where the site goes', { defaultText: 'RESULTS_DIR/site' }),
  'no-site': flag('write no site (only the other outputs asked for)'),
  history: text('FILE', 'rate history to plot (JSON lines; missing file = no history)'),
  'append-history': text('FILE', "append this run's rates to FILE (once per run), then plot it"),
  junit: text('FILE', 'the verdicts as JUnit XML (one testcase per expectation)'),
  github: flag('GitHub job summary ($GITHUB_STEP_SUMMARY) and error/warning annotations on the claim files (never automatic here: `check` writes them already under GitHub Actions; ask for them after `merge`)'),
  comment: text('FILE', 'a Markdown pull-request comment (with the marker the workflows update in place)'),
  'dashboard-url': text('URL', 'where the dashboard is published, for links in the summary and comment'),
};

export const report = defineCommand({
  name: 'report',
  summary: 'dashboard (static site), JUnit, GitHub job summary and rate history from a results folder',
  usage: `--from RESULTS_DIR [--out SITE_DIR] [--history FILE | --append-history FILE]
                 [--junit FILE] [--github] [--comment FILE] [--dashboard-url URL] [--no-site]`,
  about: `Build the seed success-rate dashboard from a results folder (what \`staircase check\` or
\`staircase merge\` wrote: results.json, seeds/<key>/{summary,record,probe}.json): a static site
(index.html with inline SVG, no scripts) with, per claim, each arm's success rate with its
interval, the threshold and the baseline, each rate across commits, each arm's mean logit-lens
staircase and one per seed, the ablation accuracies, and the provenance of every seed.`,
  options,
  examples: ['npx staircase report --from out/smoke', 'npx staircase report --from merged --append-history history.jsonl --junit junit.xml --comment comment.md'],
  run: reportRun,
});

async function reportRun(values: Values<typeof options>): Promise<number> {
  if (values.history !== undefined && values['append-history'] !== undefined) throw new UsageError('give --history or --append-history, not both (--append-history also reads the file)');
  const from = values.from;
  const input = readResultsDir(from);
  const dashboardUrl = values['dashboard-url'] ?? null;

  const historyFile = values['append-history'] ?? values.history;
  if (values['append-history'] !== undefined) {
    const added = appendHistory(values['append-history'], historyEntry(input.results));
    console.error(`report: ${added ? 'appended this run to' : 'this run is already in'} ${values['append-history']}`);
  }
  const history = historyFile ? readHistory(historyFile) : [];

  if (!values['no-site']) {
    const out = values.out ?? path.join(from, 'site');
    const files = buildSite(input, out, { history, historyFile: historyFile ?? null });
    console.log(`report: wrote ${files.map((f) => path.join(out, f)).join(', ')} (${plural(input.results.claims.length, 'claim')}, ${plural(input.seeds.length, 'seed')}, ${plural(history.length, 'run')} in the history)`);
  }
  if (values.junit !== undefined) {
    writeJunit(values.junit, input.results);
    console.log(`report: wrote ${values.junit}`);
  }
  if (values.comment !== undefined) {
    writeComment(values.comment, input.results, dashboardUrl);
    console.log(`report: wrote ${values.comment}`);
  }
  if (values.github) await publishGithubReport(input.results, { dashboardUrl });
  return 0;
}
