/**
 * The interval a compare expectation's verdict reads: the difference of two arms' rates
 * (higher − lower) on a −100%..100% axis, its estimate (dot) and interval (bar), zero, and the
 * least difference the claim needs (dashed). The verdict passes when the whole interval lies
 * above that line, fails when it lies wholly at or below it; the two arms' own rates are drawn
 * beside it in the rate chart.
 */
import type { ExpectationResult } from '../claims/result-types.ts';
import { COLOURS, el, linear, pct, spanPct, svgRoot, text, tooltip } from './svg-kit.ts';

const LEFT = 150;
const PLOT_W = 270;
const RIGHT = 120;
const TOP = 34;
const ROW_H = 30;

/** A signed percentage, e.g. `+25%`, `−10%`; `—` for null. */
const signedPct = (x: number | null): string => (x === null ? '—' : `${x > 0 ? '+' : x < 0 ? '−' : ''}${pct(Math.abs(x))}`);

/** The difference chart of a compare expectation (arms[0] − arms[1]). */
export function differenceChartSvg(e: ExpectationResult, title: string): string {
  const [a = '?', b = '?'] = e.arms;
  const x = linear(-1, 1, LEFT, LEFT + PLOT_W);
  const y = TOP + ROW_H / 2;
  const bottom = TOP + ROW_H;
  const body: string[] = [text(4, 14, `difference ${a} − ${b}`, { 'font-weight': 'bold' })];
  for (const t of [-1, -0.5, 0, 0.5, 1]) {
    body.push(el('line', { x1: x(t), y1: TOP - 4, x2: x(t), y2: bottom, stroke: t === 0 ? COLOURS.axis : COLOURS.grid }));
    body.push(el('line', { x1: x(t), y1: bottom, x2: x(t), y2: bottom + 4, stroke: COLOURS.axis }));
    body.push(text(x(t), bottom + 16, signedPct(t), { 'text-anchor': 'middle', fill: COLOURS.axis }));
  }
  body.push(text(LEFT - 8, y + 4, 'difference', { 'text-anchor': 'end', 'font-weight': 'bold' }));
  if (e.interval) {
    const lo = Math.max(-1, e.interval.lower);
    const hi = Math.min(1, e.interval.upper);
    body.push(el('line', { class: 'difference-interval', x1: x(lo), y1: y, x2: x(hi), y2: y, stroke: COLOURS[e.status], 'stroke-width': 5, 'stroke-linecap': 'round', opacity: 0.55 }, tooltip(`interval of the difference ${spanPct(e.interval)} (${e.method})`)));
  }
  if (e.estimate !== null) body.push(el('circle', { class: 'difference', cx: x(e.estimate), cy: y, r: 6, fill: COLOURS[e.status] }, tooltip(`${a} − ${b}: ${signedPct(e.estimate)}, interval ${spanPct(e.interval)}`)));
  if (e.threshold !== null) {
    const tx = x(e.threshold);
    body.push(el('line', { class: 'threshold', x1: tx, y1: TOP - 8, x2: tx, y2: bottom, stroke: COLOURS.threshold, 'stroke-width': 2, 'stroke-dasharray': '6 3' }));
    body.push(text(tx, TOP - 10, `> ${signedPct(e.threshold)}`, { 'text-anchor': 'middle', fill: COLOURS.threshold }));
  }
  const interval = e.interval ? `[${signedPct(e.interval.lower)}, ${signedPct(e.interval.upper)}]` : '—';
  body.push(text(LEFT + PLOT_W + 10, y - 2, signedPct(e.estimate)));
  body.push(text(LEFT + PLOT_W + 10, y + 12, interval, { 'font-size': 10, fill: COLOURS.axis }));
  return svgRoot(LEFT + PLOT_W + RIGHT, bottom + 26, title, 'plot difference-chart', body);
}
