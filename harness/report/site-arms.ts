/**
 * The arms part of the dashboard: per arm, its configuration, the verdicts of its seeds, the mean
 * logit-lens staircase, one small staircase per seed (each a link to the seed's page), and the
 * ablation accuracies.
 */
import { verdictLabel } from '../claims/seed-summary.ts';
import type { ReportSeed } from './read-results.ts';
import { anchor, esc, h } from './html.ts';
import { seedPagePath } from './site-paths.ts';
import { ablationBarsSvg } from './svg-ablation-bars.ts';
import { firstAbove, heatmapSvg, meanMass } from './svg-heatmap.ts';

/** Config fields shown in an arm's one-line description. */
const CONFIG_FIELDS = ['task', 'K', 'model', 'layers', 'dModel', 'heads', 'loss', 'weighting', 'batchSize', 'lr', 'maxSteps'] as const;

function configLine(seed: ReportSeed | undefined): string {
  const arm = seed?.record?.arm as Record<string, unknown> | undefined;
  if (!arm) return '';
  return h('p', { class: 'muted' }, esc(CONFIG_FIELDS.map((k) => `${k} ${String(arm[k])}`).join(' · ')));
}

function verdictCounts(seeds: readonly ReportSeed[]): string {
  const counts = new Map<string, number>();
  for (const s of seeds) counts.set(verdictLabel(s.summary.verdict), (counts.get(verdictLabel(s.summary.verdict)) ?? 0) + 1);
  const staircases = seeds.filter((s) => s.summary.staircase).length;
  return `${seeds.length} seeds: ${[...counts].map(([v, n]) => `${n} ${v}`).join(', ')}; ${staircases} with a lens staircase`;
}

function staircases(arm: string, seeds: readonly ReportSeed[]): string {
  const probes = seeds.flatMap((s) => (s.probe ? [s.probe] : []));
  const mean = meanMass(probes);
  if (!mean || !probes[0]) return h('p', { class: 'muted' }, 'No probe results for this arm.');
  const threshold = probes[0].settings.decodeThreshold;
  const meanSvg = heatmapSvg({
    mass: mean.mass,
    critical: firstAbove(mean.mass, threshold),
    title: `${arm}: mean logit-lens staircase`,
    subtitle: `mean P(t_i) over ${mean.seeds} seeds; outlined: first layer with mean > ${threshold}`,
    cellW: 56,
    cellH: 30,
    values: true,
    cls: 'plot heatmap-mean',
  });
  const multiples = seeds.flatMap((s) =>
    s.probe
      ? [
          h(
            'figure',
            { class: 'seed-staircase', 'data-seed': String(s.summary.seed) },
            h('a', { href: seedPagePath(s.key) }, heatmapSvg({ mass: s.probe.logitLens.mass, critical: s.probe.criticalLayers, title: `seed ${s.summary.seed}`, cellW: 26, cellH: 14, values: false, cls: 'plot heatmap-seed' })),
            h('figcaption', {}, esc(`${verdictLabel(s.summary.verdict)}${s.summary.staircase ? ', staircase' : ''}`)),
          ),
        ]
      : [],
  );
  return h('div', { class: 'plots' }, h('figure', {}, meanSvg), h('div', {}, h('h3', {}, 'Per seed'), h('div', { class: 'multiples' }, ...multiples)));
}

/** One section per arm, in the order given. */
export function armSections(arms: readonly string[], seeds: readonly ReportSeed[]): string[] {
  return arms.map((arm) => {
    const mine = seeds.filter((s) => s.summary.arm === arm);
    const chance = mine.find((s) => s.probe)?.probe?.logitLens.chance ?? null;
    const body = mine.length
      ? [
          h('p', {}, esc(verdictCounts(mine))),
          h('p', { class: 'seed-pages' }, 'Seed pages: ', ...mine.map((s, j) => `${j ? ' · ' : ''}${h('a', { href: seedPagePath(s.key) }, esc(String(s.summary.seed)))}`)),
          staircases(arm, mine),
          mine.some((s) => s.summary.ablation.length) ? h('figure', { class: 'ablation' }, ablationBarsSvg(arm, mine.map((s) => s.summary), chance)) : h('p', { class: 'muted' }, 'No ablation results (K = 1 has no intermediate to ablate).'),
        ]
      : [h('p', { class: 'muted' }, 'No per-seed files for this arm in this results folder (seeds/ is written by `staircase check`).')];
    return h('section', { class: 'arm', id: anchor('arm', arm), 'data-arm': arm }, h('h2', {}, esc(`arm ${arm}`)), configLine(mine[0]), ...body);
  });
}
