/**
 * Logit-lens staircases for the dashboard: an arm's mean heatmap (layer × intermediate, the mean
 * probability of t_i over its seeds) and one small heatmap per seed. Colours are the probe's
 * viridis scale (harness/probe/render-svg.ts); critical layers are outlined.
 */
import type { ProbeResult } from '../probe/result.ts';
import { viridis } from '../probe/render-svg.ts';
import { el, svgRoot, text, tooltip } from './svg-kit.ts';

export interface HeatmapSpec {
  /** mass[l][i-1] for l = 0..L, i = 1..K. */
  mass: number[][];
  /** Outlined cell per intermediate (null: none). */
  critical: (number | null)[];
  title: string;
  /** A line under the title (omitted in small multiples). */
  subtitle?: string;
  cellW: number;
  cellH: number;
  /** Print the probability in each cell. */
  values: boolean;
  /** CSS class of the root (e.g. `plot heatmap-mean`). */
  cls: string;
}

/** One heatmap: layer L at the top, t_1..t_K left to right. */
export function heatmapSvg(spec: HeatmapSpec): string {
  const L = spec.mass.length - 1;
  const K = spec.mass[0]?.length ?? 0;
  const big = spec.values;
  const left = big ? 44 : 22;
  const top = big ? (spec.subtitle ? 44 : 28) : 18;
  const width = Math.max(left + K * spec.cellW + 10, big ? 320 : 0);
  const height = top + (L + 1) * spec.cellH + (big ? 34 : 18);
  const rowY = (l: number): number => top + (L - l) * spec.cellH;
  const body: string[] = [text(big ? 4 : 2, big ? 16 : 12, spec.title, { 'font-weight': 'bold', 'font-size': big ? 13 : 11 })];
  if (big && spec.subtitle) body.push(text(4, 32, spec.subtitle, { fill: '#444444', 'font-size': 11 }));
  for (let l = L; l >= 0; l--) {
    body.push(text(left - 4, rowY(l) + spec.cellH / 2 + 4, String(l), { 'text-anchor': 'end', 'font-size': big ? 12 : 9 }));
    for (let j = 0; j < K; j++) {
      const p = spec.mass[l]?.[j] ?? Number.NaN;
      const value = Number.isFinite(p) ? p.toFixed(2) : 'n/a';
      const x = left + j * spec.cellW;
      body.push(el('rect', { class: 'cell', 'data-layer': String(l), 'data-i': String(j + 1), x, y: rowY(l), width: spec.cellW, height: spec.cellH, fill: viridis(p), stroke: '#ffffff' }, tooltip(`layer ${l}, t${j + 1}: ${value}`)));
      if (spec.values) body.push(text(x + spec.cellW / 2, rowY(l) + spec.cellH / 2 + 4, value, { 'text-anchor': 'middle', fill: p < 0.6 ? '#ffffff' : '#000000', 'font-size': 11 }));
    }
  }
  spec.critical.forEach((c, j) => {
    if (c === null || c > L) return;
    body.push(el('rect', { class: 'critical', x: left + j * spec.cellW + 1.5, y: rowY(c) + 1.5, width: spec.cellW - 3, height: spec.cellH - 3, fill: 'none', stroke: '#ff2d55', 'stroke-width': big ? 3 : 2 }));
  });
  for (let j = 0; j < K; j++) body.push(text(left + j * spec.cellW + spec.cellW / 2, top + (L + 1) * spec.cellH + (big ? 16 : 12), `t${j + 1}`, { 'text-anchor': 'middle', 'font-size': big ? 12 : 9 }));
  return svgRoot(width, height, spec.title, spec.cls, body);
}

/** The element-wise mean of the seeds' lens masses (seeds whose shape differs from the first are left out). */
export function meanMass(probes: readonly ProbeResult[]): { mass: number[][]; seeds: number } | null {
  const first = probes[0]?.logitLens.mass;
  if (!first) return null;
  const same = probes.filter((p) => p.logitLens.mass.length === first.length && p.logitLens.mass.every((row, l) => row.length === first[l]!.length));
  const mass = first.map((row, l) => row.map((_, j) => same.reduce((sum, p) => sum + p.logitLens.mass[l]![j]!, 0) / same.length));
  return { mass, seeds: same.length };
}

/** First layer whose value exceeds `threshold`, per intermediate (the probe's critical-layer rule, on the mean). */
export function firstAbove(mass: number[][], threshold: number): (number | null)[] {
  const K = mass[0]?.length ?? 0;
  return Array.from({ length: K }, (_, j) => {
    const l = mass.findIndex((row) => (row[j] ?? 0) > threshold);
    return l < 0 ? null : l;
  });
}
