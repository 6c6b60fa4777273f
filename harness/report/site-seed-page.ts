/**
 * One page per seed (seeds/<key>.html): what ran (arm, tier, seed, backend, outcome, steps), the
 * training curve with the curriculum switch, the logit-lens heatmap with its numbers, the
 * ablation bars, the verdict with its evidence lines, the probe's text tables, and the claims'
 * seed lists the seed appears in.
 */
import { verdictLabel, type SeedSummary } from '../claims/seed-summary.ts';
import { renderProbeTable, verdictLine } from '../probe/render-table.ts';
import type { ProbeResult } from '../probe/result.ts';
import type { ReportClaim } from './baseline-types.ts';
import { anchor, esc, h, page, table } from './html.ts';
import type { ReportSeed } from './read-results.ts';
import { seedListHref, seedPagePath, up } from './site-paths.ts';
import { ablationBarsSvg } from './svg-ablation-bars.ts';
import { curveSvg } from './svg-curve.ts';
import { heatmapSvg } from './svg-heatmap.ts';
import { pct } from './svg-kit.ts';

/** A probe verdict as a badge (sequential green, failed red, the others grey). */
const verdictBadge = (v: string): string => h('span', { class: `badge badge-${v === 'sequential' ? 'pass' : v === 'failed' ? 'fail' : 'inconclusive'}` }, esc(v));

const num = (x: number | null | undefined, digits = 4): string => (x === null || x === undefined ? '—' : String(Number(x.toPrecision(digits))));

function facts(s: ReportSeed): string {
  const { summary: m, record: r } = s;
  const backend = r ? `${r.backend.name}/${r.backend.device} (${r.backend.package} ${r.backend.packageVersion})` : `${m.backend.name}/${m.backend.device}`;
  const rows: [string, string][] = [
    ['arm', m.arm],
    ['tier', m.tier],
    ['seed', String(m.seed)],
    ['cache key', m.key],
    ['trained by', r?.trainer ? `${r.trainer.name} ${r.trainer.version} (external trainer, protocol ${r.trainer.protocol}${Object.keys(r.trainer.details ?? {}).length ? `; ${Object.entries(r.trainer.details ?? {}).map(([k, v]) => `${k} ${String(v)}`).join(', ')}` : ''})` : "staircase's own trainer"],
    ['backend', backend],
    ['training outcome', m.outcome],
    ['steps', num(m.metrics.steps, 8)],
    ['steps to target', m.metrics.stepsToTarget === null ? 'never' : num(m.metrics.stepsToTarget, 8)],
    ['curriculum switch', m.metrics.switchedAtStep === null ? 'none' : `step ${m.metrics.switchedAtStep}${m.switchVerdict ? ` (verdict there: ${m.switchVerdict})` : ''}`],
    ['final held-out accuracy', pct(m.metrics.finalAccuracy)],
    ['final loss (nats)', num(m.metrics.finalLoss)],
    ['wall time', m.metrics.wallMs === null ? '—' : `${(m.metrics.wallMs / 1000).toFixed(0)} s`],
    ['verdict', verdictLabel(m.verdict)],
    ['lens staircase', m.staircase ? 'yes' : 'no'],
    ['git commit', r?.git ? `${r.git.commit.slice(0, 10)}${r.git.dirty ? ' (dirty)' : ''}` : '—'],
  ];
  return table('facts', [], rows.map(([k, v]) => [h('strong', {}, esc(k)), esc(v)]));
}

function curve(s: ReportSeed): string {
  if (!s.record) return h('p', { class: 'muted' }, 'No record.json for this seed: no training curve.');
  const r = s.record;
  const svg = curveSvg({ curve: r.curve, switchedAtStep: r.curriculum.switchedAtStep, targetAccuracy: r.arm.targetAccuracy, title: `${s.summary.arm} seed ${s.summary.seed}: training curve` });
  const note = r.curriculum.switchedAtStep === null ? `loss ${r.arm.loss}; no curriculum switch` : `curriculum: answer-only loss until step ${r.curriculum.switchedAtStep} (dotted line), full-sequence after it`;
  return h('figure', { class: 'curve' }, svg, h('figcaption', {}, esc(`Training loss and held-out accuracy per length k every ${r.arm.evalEvery} steps; dashed: the target ${pct(r.arm.targetAccuracy)}; ${note}.`)));
}

function lens(s: ReportSeed, p: ProbeResult): string {
  const svg = heatmapSvg({
    mass: p.logitLens.mass,
    critical: p.criticalLayers,
    title: `logit lens, seed ${s.summary.seed}`,
    subtitle: `outlined: critical layer (first > ${p.settings.decodeThreshold})`,
    cellW: 56,
    cellH: 30,
    values: true,
    cls: 'plot heatmap-seed-page',
  });
  return h('figure', { class: 'lens' }, svg, h('figcaption', {}, esc(`Mean probability of t_i decoded from each layer's residual at its position, over ${p.settings.nProblems} problems (step ${p.source.step}); chance ${p.logitLens.chance.toFixed(2)}.`)));
}

/** The summary the ablation bars draw, with the probe's own per-intermediate accuracies. */
function ablationSummary(s: ReportSeed, p: ProbeResult): SeedSummary {
  const ablation = p.ablation.perIntermediate.map((a) => ({ i: a.i, layer: a.layer, layerSource: a.layerSource, afterCritical: a.afterCritical, fromOnset: a.fromOnset }));
  return { ...s.summary, baselineAccuracy: p.ablation.baselineAccuracy, ablation };
}

function ablation(s: ReportSeed, p: ProbeResult): string {
  if (!p.ablation.perIntermediate.length) return h('p', { class: 'muted' }, 'No ablation (K = 1 has no intermediate to ablate).');
  return h('figure', { class: 'ablation' }, ablationBarsSvg(`seed ${s.summary.seed}`, [ablationSummary(s, p)], p.logitLens.chance));
}

function evidence(p: ProbeResult): string {
  const e = p.evidence;
  const items = [
    ...e.failedReasons.map((r) => `failed: ${r}`),
    ...e.steps.flatMap((st) => st.reasons.map((r) => `t${st.i} ${st.kind}: ${r}`)),
    ...e.staircaseReasons.map((r) => `staircase: ${r}`),
    ...e.generalisationReasons.map((r) => `generalisation: ${r}`),
  ];
  return h(
    'div',
    { class: 'verdict' },
    h('p', { class: 'verdict-line' }, verdictBadge(p.verdict), ' ', esc(verdictLine(p))),
    h('p', {}, esc(`Step kinds: ${e.stepKinds.map((k, j) => `t${j + 1} ${k}`).join(', ')}; critical layers ${e.criticalLayers.map((c) => c ?? '—').join(', ')}; ablation floor ${e.floor.toFixed(3)} (breaks at ≤ ${e.breakLevel.toFixed(3)}, kept at ≥ ${e.keepLevel.toFixed(3)}).`)),
    h('ul', { class: 'evidence' }, ...items.map((line) => h('li', {}, esc(line)))),
  );
}

/** Links to every claim seed list this seed is listed in. */
function countedIn(s: ReportSeed, claims: readonly ReportClaim[]): string {
  const links = claims.flatMap((c) =>
    (c.seeds[s.summary.arm] ?? []).includes(s.summary.seed)
      ? c.expectations.flatMap((e, index) => (e.arms.includes(s.summary.arm) ? [h('li', {}, h('a', { href: up(seedListHref(c.id, index, s.summary.arm)) }, esc(`${c.id}: ${e.label}`)))] : []))
      : [],
  );
  return links.length ? h('ul', {}, ...links) : h('p', { class: 'muted' }, 'No claim read this seed.');
}

/** The page of one seed. */
export function renderSeedPage(s: ReportSeed, claims: readonly ReportClaim[]): string {
  const title = `${s.summary.arm} seed ${s.summary.seed}`;
  const p = s.probe;
  const probeParts = p
    ? [h('h2', {}, 'Verdict and evidence'), evidence(p), h('h2', {}, 'Logit lens'), lens(s, p), h('h2', {}, 'Ablations'), ablation(s, p), h('h2', {}, 'Probe tables'), h('pre', { class: 'probe-table' }, esc(renderProbeTable(p)))]
    : [h('h2', {}, 'Probe'), h('p', { class: 'muted' }, 'No probe.json for this seed.')];
  const header = h(
    'header',
    {},
    h('p', {}, h('a', { href: `../index.html#${anchor('arm', s.summary.arm)}` }, '← dashboard')),
    h('h1', {}, esc(title), ' ', verdictBadge(verdictLabel(s.summary.verdict))),
  );
  const main = h('main', {}, facts(s), h('h2', {}, 'Training curve'), curve(s), ...probeParts, h('h2', {}, 'Listed in'), countedIn(s, claims));
  return page(title, header + main);
}

/** Every seed page: [path from the site root, html]. */
export function seedPages(seeds: readonly ReportSeed[], claims: readonly ReportClaim[]): [string, string][] {
  return seeds.map((s) => [seedPagePath(s.key), renderSeedPage(s, claims)]);
}
