import path from 'node:path';
import { buildSite } from '../report/build-site.ts';
import { publishGithubReport } from '../report/github-summary.ts';
import { appendHistory, historyEntry, readHistory } from '../report/history.ts';
import { writeJunit } from '../report/junit.ts';
import { writeComment } from '../report/pr-comment.ts';
import { readResultsDir } from '../report/read-results.ts';
import { parse, UsageError } from './args.ts';
import { plural } from '../util/plural.ts';

export const REPORT_HELP = `staircase report --from RESULTS_DIR [--out SITE_DIR] [--history FILE | --append-history FILE]
                 [--junit FILE] [--github] [--comment FILE] [--dashboard-url URL] [--no-site]

Build the seed success-rate dashboard from a results folder (what \`staircase check\` or
\`staircase merge\` wrote: results.json, seeds/<key>/{summary,record,probe}.json): a static site
(index.html with inline SVG, no scripts) with, per claim, each arm's success rate with its
interval, the threshold and the baseline, each rate across commits, each arm's mean logit-lens
staircase and one per seed, the ablation accuracies, and the provenance of every seed.

Options:
  --from DIR             the results folder (required)
  --out DIR              where the site goes (default RESULTS_DIR/site)
  --no-site              write no site (only the other outputs asked for)
  --history FILE         rate history to plot (JSON lines; missing file = no history)
  --append-history FILE  append this run's rates to FILE (once per run), then plot it
  --junit FILE           the verdicts as JUnit XML (one testcase per expectation)
  --github               GitHub job summary ($GITHUB_STEP_SUMMARY) and error/warning
                         annotations on the claim files (never automatic here: \`check\` writes
                         them already under GitHub Actions; ask for them after \`merge\`)
  --comment FILE         a Markdown pull-request comment (with the marker the workflows update in place)
  --dashboard-url URL    where the dashboard is published, for links in the summary and comment`;

export async function reportCommand(argv: string[]): Promise<number> {
  const { values } = parse(argv, {
    from: { type: 'string' },
    out: { type: 'string' },
    'no-site': { type: 'boolean' },
    history: { type: 'string' },
    'append-history': { type: 'string' },
    junit: { type: 'string' },
    github: { type: 'boolean' },
    comment: { type: 'string' },
    'dashboard-url': { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    console.log(REPORT_HELP);
    return 0;
  }
  if (values.from === undefined) throw new UsageError('--from RESULTS_DIR is required (a folder with results.json)');
  if (values.history !== undefined && values['append-history'] !== undefined) throw new UsageError('give --history or --append-history, not both (--append-history also reads the file)');
  const from = String(values.from);
  const input = readResultsDir(from);
  const dashboardUrl = values['dashboard-url'] === undefined ? null : String(values['dashboard-url']);

  const historyFile = (values['append-history'] ?? values.history) as string | undefined;
  if (values['append-history'] !== undefined) {
    const added = appendHistory(String(values['append-history']), historyEntry(input.results));
    console.error(`report: ${added ? 'appended this run to' : 'this run is already in'} ${String(values['append-history'])}`);
  }
  const history = historyFile ? readHistory(historyFile) : [];

  if (!values['no-site']) {
    const out = String(values.out ?? path.join(from, 'site'));
    const files = buildSite(input, out, { history, historyFile: historyFile ?? null });
    console.log(`report: wrote ${files.map((f) => path.join(out, f)).join(', ')} (${plural(input.results.claims.length, 'claim')}, ${plural(input.seeds.length, 'seed')}, ${plural(history.length, 'run')} in the history)`);
  }
  if (values.junit !== undefined) {
    writeJunit(String(values.junit), input.results);
    console.log(`report: wrote ${String(values.junit)}`);
  }
  if (values.comment !== undefined) {
    writeComment(String(values.comment), input.results, dashboardUrl);
    console.log(`report: wrote ${String(values.comment)}`);
  }
  if (values.github) await publishGithubReport(input.results, { dashboardUrl });
  return 0;
}
