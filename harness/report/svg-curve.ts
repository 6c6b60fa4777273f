/**
 * A seed's training curve: training loss (nats) over steps in the upper panel, held-out answer
 * accuracy per length k in the lower one (k = K is the length trained for, drawn thickest), the
 * target accuracy dashed, and the curriculum's switch to full-sequence loss as a vertical line
 * through both panels (the loss changes meaning there: answer token only before, every token after).
 */
import type { CurvePoint } from '../train/loop.ts';
import { COLOURS, el, linear, pct, px, svgRoot, text, tooltip } from './svg-kit.ts';

const LEFT = 54;
const PLOT_W = 560;
const RIGHT = 70;
const TOP = 44;
const PANEL_H = 130;
const GAP = 34;

/** One colour per k (Okabe-Ito, cycled). */
const K_COLOURS = ['#E69F00', '#56B4E9', '#009E73', '#CC79A7', '#0072B2', '#D55E00', '#F0E442', '#000000'];

export interface CurveSpec {
  curve: readonly CurvePoint[];
  /** Step of the curriculum's switch (null: none). */
  switchedAtStep: number | null;
  /** The held-out accuracy training stops at (null: not drawn). */
  targetAccuracy: number | null;
  title: string;
}

const polyline = (pts: readonly [number, number][], attrs: Record<string, string | number>, label: string): string =>
  el('polyline', { points: pts.map(([x, y]) => `${px(x)},${px(y)}`).join(' '), fill: 'none', ...attrs }, tooltip(label));

/** Nice round upper bound for an axis. */
function niceMax(x: number): number {
  if (!(x > 0)) return 1;
  const p = 10 ** Math.floor(Math.log10(x));
  return [1, 2, 2.5, 5, 10].map((m) => m * p).find((m) => m >= x) ?? 10 * p;
}

function grid(y: (v: number) => number, ticks: number[], label: (v: number) => string): string[] {
  return ticks.flatMap((t) => [el('line', { x1: LEFT, y1: y(t), x2: LEFT + PLOT_W, y2: y(t), stroke: COLOURS.grid }), text(LEFT - 6, y(t) + 4, label(t), { 'text-anchor': 'end', fill: COLOURS.axis, 'font-size': 10 })]);
}

/** The curve chart of one seed's record. */
export function curveSvg(spec: CurveSpec): string {
  const pts = spec.curve;
  const maxStep = Math.max(1, ...pts.map((p) => p.step), spec.switchedAtStep ?? 0);
  const x = linear(0, maxStep, LEFT, LEFT + PLOT_W);
  const lossTop = TOP;
  const accTop = TOP + PANEL_H + GAP;
  const losses = pts.filter((p): p is CurvePoint & { trainLossNats: number } => p.trainLossNats !== null && Number.isFinite(p.trainLossNats));
  const lossMax = niceMax(Math.max(0, ...losses.map((p) => p.trainLossNats)));
  const yLoss = linear(0, lossMax, lossTop + PANEL_H, lossTop);
  const yAcc = linear(0, 1, accTop + PANEL_H, accTop);
  const body: string[] = [text(4, 16, spec.title, { 'font-weight': 'bold', 'font-size': 13 })];
  body.push(text(LEFT, lossTop - 6, 'training loss (nats)', { fill: COLOURS.axis }));
  body.push(...grid(yLoss, [0, lossMax / 2, lossMax], (t) => String(Number(t.toPrecision(3)))));
  if (losses.length) body.push(polyline(losses.map((p) => [x(p.step), yLoss(p.trainLossNats)]), { class: 'loss', stroke: COLOURS.axis, 'stroke-width': 2 }, `training loss: ${losses[0]!.trainLossNats.toFixed(3)} at step ${losses[0]!.step} to ${losses[losses.length - 1]!.trainLossNats.toFixed(3)} at step ${losses[losses.length - 1]!.step}`));
  body.push(text(LEFT, accTop - 6, 'held-out answer accuracy per length k', { fill: COLOURS.axis }));
  body.push(...grid(yAcc, [0, 0.5, 1], pct));
  if (spec.targetAccuracy !== null) {
    body.push(el('line', { class: 'target', x1: LEFT, y1: yAcc(spec.targetAccuracy), x2: LEFT + PLOT_W, y2: yAcc(spec.targetAccuracy), stroke: COLOURS.threshold, 'stroke-dasharray': '6 3' }, tooltip(`target ${pct(spec.targetAccuracy)}`)));
  }
  const K = Math.max(0, ...pts.map((p) => p.perKAccuracy.length));
  for (let k = 1; k <= K; k++) {
    const series = pts.flatMap((p) => (Number.isFinite(p.perKAccuracy[k - 1]) ? [[p.step, p.perKAccuracy[k - 1]!] as const] : []));
    if (!series.length) continue;
    const colour = K_COLOURS[(k - 1) % K_COLOURS.length]!;
    const last = series[series.length - 1]!;
    body.push(polyline(series.map(([s, a]) => [x(s), yAcc(a)]), { class: 'accuracy', 'data-k': k, stroke: colour, 'stroke-width': k === K ? 2.5 : 1.5 }, `k = ${k}: held-out accuracy ${pct(last[1])} at step ${last[0]}`));
    body.push(text(LEFT + PLOT_W + 6, accTop + 12 + (k - 1) * 14, `k = ${k}${k === K ? ' (K)' : ''}`, { fill: colour, 'font-size': 11, 'font-weight': 'bold' }));
  }
  if (spec.switchedAtStep !== null) {
    const sx = x(spec.switchedAtStep);
    body.push(el('line', { class: 'switch', x1: sx, y1: lossTop - 4, x2: sx, y2: accTop + PANEL_H, stroke: COLOURS.from, 'stroke-width': 2, 'stroke-dasharray': '3 3' }, tooltip(`curriculum switch to full-sequence loss at step ${spec.switchedAtStep}`)));
    // In the gap between the panels, clear of the accuracy panel's own label at its left.
    const right = sx < LEFT + PLOT_W - 130;
    const ly = right && sx < LEFT + 240 ? accTop - 20 : accTop - 8;
    body.push(text(right ? sx + 4 : sx - 4, ly, `switch at step ${spec.switchedAtStep}`, { fill: COLOURS.from, 'font-size': 11, 'text-anchor': right ? 'start' : 'end' }));
  }
  const axisY = accTop + PANEL_H;
  const ticks = [0, 0.25, 0.5, 0.75, 1].map((f) => Math.round(f * maxStep));
  for (const t of ticks) {
    body.push(el('line', { x1: x(t), y1: axisY, x2: x(t), y2: axisY + 4, stroke: COLOURS.axis }));
    body.push(text(x(t), axisY + 16, String(t), { 'text-anchor': 'middle', fill: COLOURS.axis, 'font-size': 10 }));
  }
  body.push(text(LEFT + PLOT_W / 2, axisY + 30, 'step', { 'text-anchor': 'middle', fill: COLOURS.axis }));
  return svgRoot(LEFT + PLOT_W + RIGHT, axisY + 38, spec.title, 'plot curve-chart', body);
}
