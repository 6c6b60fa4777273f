/**
 * The provenance part of the dashboard: where the results came from (check, commit, backend),
 * the resolved configuration of every arm, and each seed's record: outcome, verdict, steps,
 * wall time, the seeds of its random streams, backend, host and versions.
 */
import { verdictLabel } from '../claims/seed-summary.ts';
import type { ReportResults } from './baseline-types.ts';
import { esc, h, table } from './html.ts';
import type { ReportSeed } from './read-results.ts';

export interface ProvenanceContext {
  results: ReportResults;
  seeds: readonly ReportSeed[];
  arms: readonly string[];
  /** Folder the results were read from. */
  from: string;
  /** History file and its run count, if any. */
  history: { file: string; runs: number } | null;
  generatedAt: string;
}

const code = (x: string): string => h('code', {}, esc(x));
const num = (x: number | null | undefined, digits = 0): string => (x === null || x === undefined ? '—' : x.toFixed(digits));

function runTable(ctx: ProvenanceContext): string {
  const r = ctx.results;
  const rows: [string, string][] = [
    ['tier', code(r.tier)],
    ['checked at', esc(r.createdAt)],
    ['git commit', r.git ? `${code(r.git.commit)}${r.git.dirty ? ' (uncommitted changes)' : ''}` : 'not a git work tree'],
    ['backend', code(`${r.backend.name}/${r.backend.device}`)],
    ['claim pack', code(r.claimsDir)],
    ['verdicts', esc(`${r.summary.pass} pass, ${r.summary.fail} fail, ${r.summary.inconclusive} inconclusive${r.summary.regressions !== undefined ? `, ${r.summary.regressions} regressions against the baseline` : ''}`)],
    ['results folder', code(ctx.from)],
    ['history', ctx.history ? `${code(ctx.history.file)}, ${ctx.history.runs} run(s) of this tier` : 'none (this run only)'],
    ['dashboard built at', esc(ctx.generatedAt)],
  ];
  return table('provenance', [], rows.map(([k, v]) => [h('b', {}, esc(k)), v]));
}

function armConfigTable(ctx: ProvenanceContext): string {
  const configs = ctx.arms.map((arm) => ctx.seeds.find((s) => s.summary.arm === arm && s.record)?.record?.arm as Record<string, unknown> | undefined);
  const fields = [...new Set(configs.flatMap((c) => (c ? Object.keys(c) : [])))].filter((k) => k !== 'name' && k !== 'description');
  if (!fields.length) return h('p', { class: 'muted' }, 'No run records in this results folder.');
  return table('arm-config', ['field', ...ctx.arms], fields.map((f) => [code(f), ...configs.map((c) => (c ? esc(String(c[f])) : '—'))]));
}

function seedTable(ctx: ProvenanceContext): string {
  if (!ctx.seeds.length) return h('p', { class: 'muted' }, 'No per-seed files in this results folder.');
  const rows = ctx.seeds.map(({ key, summary: s, record }) => [
    esc(s.arm),
    esc(String(s.seed)),
    code(key.slice(0, 12)),
    esc(s.outcome),
    esc(verdictLabel(s.verdict)),
    esc(s.staircase ? 'yes' : 'no'),
    esc(num(s.metrics.steps)),
    esc(num(s.metrics.stepsToTarget)),
    esc(num(s.metrics.finalAccuracy, 3)),
    esc(num(s.metrics.wallMs === null ? null : s.metrics.wallMs / 1000, 0)),
    esc(record ? Object.entries(record.streams).map(([k, v]) => `${k} ${v}`).join(', ') : '—'),
    esc(`${s.backend.name}/${s.backend.device}`),
    esc(record ? `${record.host.cpuModel} (${record.host.cpus} cpus), node ${record.host.node}` : '—'),
    record?.git ? code(record.git.commit.slice(0, 10)) : '—',
  ]);
  return table('seeds', ['arm', 'seed', 'cache key', 'outcome', 'verdict', 'staircase', 'steps', 'steps to target', 'final acc', 'wall s', 'stream seeds', 'backend', 'host', 'commit'], rows);
}

function versions(ctx: ProvenanceContext): string {
  const v = ctx.seeds.find((s) => s.record)?.record?.versions;
  return v ? h('p', { class: 'muted' }, `Versions: ${Object.entries(v).map(([k, x]) => `${code(k)} ${esc(x)}`).join(', ')}`) : '';
}

/** The provenance section. */
export function provenanceSection(ctx: ProvenanceContext): string {
  return h(
    'section',
    { id: 'provenance', class: 'provenance' },
    h('h2', {}, 'Provenance'),
    runTable(ctx),
    h('details', {}, h('summary', {}, h('b', {}, 'Arms (resolved configuration)')), armConfigTable(ctx)),
    h('h3', {}, 'Seeds'),
    seedTable(ctx),
    versions(ctx),
    h('p', { class: 'muted' }, `Data: ${h('a', { href: 'results.json' }, 'results.json')}, ${h('a', { href: 'history.jsonl' }, 'history.jsonl')} (earlier runs and this one).`),
  );
}
