/**
 * A rate across commits: the estimate as a line with a dot per run, its interval as a band, the
 * threshold as a dashed line. Runs are evenly spaced (commits, not time); the x labels are the
 * short commit and the date, thinned by width so that they never overlap (the newest always labelled).
 */
import type { HistoryPoint } from './history.ts';
import { COLOURS, el, linear, pct, px, spanPct, svgRoot, text, tooltip } from './svg-kit.ts';

const LEFT = 44;
const PLOT_W = 380;
const TOP = 16;
const PLOT_H = 90;

/** Least distance between two x labels (a 7-character commit at font size 10 is about 42 px wide). */
export const LABEL_GAP = 50;

/**
 * Label every how many runs: as few as keep labels LABEL_GAP apart. Labels count back from the
 * newest run, so it is always labelled and the spacing stays even, however many runs there are.
 */
export function labelEvery(n: number): number {
  if (n < 2) return 1;
  const spacing = (PLOT_W - 20) / (n - 1);
  return Math.max(1, Math.ceil(LABEL_GAP / spacing));
}

/** Dot radius: 4, smaller where runs are closer than 10 px (never below 1.5). */
const dotRadius = (n: number): number => (n < 2 ? 4 : Math.max(1.5, Math.min(4, (PLOT_W - 20) / (n - 1) / 2.5)));

/** The history chart of one arm's rate; `threshold` draws the claim's bound. */
export function historyChartSvg(points: readonly HistoryPoint[], title: string, threshold: number | null): string {
  const width = LEFT + PLOT_W + 24;
  const height = TOP + PLOT_H + 44;
  const n = points.length;
  const x = n === 1 ? () => LEFT + PLOT_W / 2 : linear(0, n - 1, LEFT + 10, LEFT + PLOT_W - 10);
  const y = linear(0, 1, TOP + PLOT_H, TOP);
  const body: string[] = [];
  for (const t of [0, 0.5, 1]) {
    body.push(el('line', { x1: LEFT, y1: y(t), x2: LEFT + PLOT_W, y2: y(t), stroke: COLOURS.grid }));
    body.push(text(LEFT - 6, y(t) + 4, pct(t), { 'text-anchor': 'end', fill: COLOURS.axis }));
  }
  // The band: runs with an interval, upper edge left to right, then the lower edge back.
  const banded = points.map((p, j) => ({ j, s: p.rate.interval })).filter((b): b is { j: number; s: { lower: number; upper: number } } => b.s !== null);
  if (banded.length > 1) {
    const d = [...banded.map((b) => `${px(x(b.j))},${px(y(b.s.upper))}`), ...[...banded].reverse().map((b) => `${px(x(b.j))},${px(y(b.s.lower))}`)];
    body.push(el('polygon', { class: 'interval-band', points: d.join(' '), fill: COLOURS.estimate, opacity: 0.18 }));
  }
  for (const b of banded) body.push(el('line', { class: 'interval', x1: x(b.j), y1: y(b.s.lower), x2: x(b.j), y2: y(b.s.upper), stroke: COLOURS.estimate, opacity: 0.5 }));
  if (threshold !== null) body.push(el('line', { class: 'threshold', x1: LEFT, y1: y(threshold), x2: LEFT + PLOT_W, y2: y(threshold), stroke: COLOURS.threshold, 'stroke-dasharray': '6 3' }));
  const withEstimate = points.map((p, j) => ({ j, e: p.rate.estimate })).filter((p): p is { j: number; e: number } => p.e !== null);
  if (withEstimate.length > 1) body.push(el('polyline', { class: 'rate-line', points: withEstimate.map((p) => `${px(x(p.j))},${px(y(p.e))}`).join(' '), fill: 'none', stroke: COLOURS.estimate, 'stroke-width': 2 }));
  const dotR = dotRadius(n);
  points.forEach((p, j) => {
    const r = p.rate;
    const label = `${p.commit ? p.commit.slice(0, 7) : 'no git'} ${p.date.slice(0, 10)}: ${r.successes}/${r.n} = ${pct(r.estimate)}, interval ${spanPct(r.interval)}, ${r.status}`;
    // A run with no counted seed (none learned within the budget) has no estimate: a hollow dot on
    // the axis, so the run is still there to hover, never drawn as a rate of 0.
    if (r.estimate !== null) body.push(el('circle', { class: 'run', cx: x(j), cy: y(r.estimate), r: dotR, fill: COLOURS[r.status] }, tooltip(label)));
    else body.push(el('circle', { class: 'run no-estimate', cx: x(j), cy: TOP + PLOT_H, r: dotR, fill: 'none', stroke: COLOURS.axis }, tooltip(`${label} (no seed counted)`)));
  });
  const every = labelEvery(n);
  points.forEach((p, j) => {
    if ((n - 1 - j) % every !== 0) return;
    body.push(text(x(j), TOP + PLOT_H + 16, p.commit ? p.commit.slice(0, 7) : 'no git', { 'text-anchor': 'middle', fill: COLOURS.axis, 'font-size': 10 }));
    body.push(text(x(j), TOP + PLOT_H + 30, p.date.slice(5, 10), { 'text-anchor': 'middle', fill: COLOURS.axis, 'font-size': 10 }));
  });
  return svgRoot(width, height, title, 'plot history-chart', body);
}
