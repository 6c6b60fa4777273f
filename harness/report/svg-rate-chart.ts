/**
 * Per-expectation plots. A rate expectation: one row per arm with the success rate (dot), its
 * interval (bar), x/n, the threshold (dashed line) and the baseline rate with its interval
 * (hollow diamond) when there is one. A metric expectation: each seed's value per arm (dots),
 * the median (tick), censored values ("never") at the right edge.
 */
import type { ExpectationRates } from './arm-rates.ts';
import { COLOURS, el, linear, pct, spanPct, svgRoot, text, tooltip } from './svg-kit.ts';

/** The left margin: at least 150 px, wide enough for the longest arm name in bold 12 px (about 7.5 px a character). */
const leftFor = (names: readonly string[]): number => Math.max(150, Math.ceil(16 + 7.5 * Math.max(0, ...names.map((n) => n.length))));
const PLOT_W = 270;
const RIGHT = 120;
const ROW_H = 26;
const TOP = 28;

function axis(x: (v: number) => number, y: number, ticks: number[], label: (v: number) => string): string[] {
  return [
    el('line', { x1: x(ticks[0]!), y1: y, x2: x(ticks[ticks.length - 1]!), y2: y, stroke: COLOURS.axis }),
    ...ticks.flatMap((t) => [el('line', { x1: x(t), y1: y, x2: x(t), y2: y + 4, stroke: COLOURS.axis }), text(x(t), y + 16, label(t), { 'text-anchor': 'middle', fill: COLOURS.axis })]),
  ];
}

/** The rate chart of one expectation (rate, compare, ablation); `links`: per arm, the page of the seeds behind its rate (the x/n text links there). */
export function rateChartSvg(er: ExpectationRates, title: string, links: ReadonlyMap<string, string> = new Map()): string {
  const rows = er.rates.flatMap((r) => [{ kind: 'current' as const, r }, ...(er.baseline.has(r.arm) ? [{ kind: 'baseline' as const, r }] : [])]);
  const height = TOP + rows.length * ROW_H + 34;
  const LEFT = leftFor(er.rates.map((r) => r.arm));
  const width = LEFT + PLOT_W + RIGHT;
  const x = linear(0, 1, LEFT, LEFT + PLOT_W);
  const body: string[] = [];
  for (const t of [0, 0.25, 0.5, 0.75, 1]) body.push(el('line', { x1: x(t), y1: TOP - 6, x2: x(t), y2: TOP + rows.length * ROW_H, stroke: COLOURS.grid }));
  rows.forEach(({ kind, r }, j) => {
    const y = TOP + j * ROW_H + ROW_H / 2;
    if (kind === 'current') {
      body.push(text(LEFT - 8, y + 4, r.arm, { 'text-anchor': 'end', 'font-weight': 'bold' }));
      if (r.interval) body.push(el('line', { class: 'interval', x1: x(r.interval.lower), y1: y, x2: x(r.interval.upper), y2: y, stroke: COLOURS.estimate, 'stroke-width': 4, 'stroke-linecap': 'round', opacity: 0.45 }));
      if (r.estimate !== null) body.push(el('circle', { class: 'estimate', cx: x(r.estimate), cy: y, r: 6, fill: COLOURS.estimate }, tooltip(`${r.arm}: ${r.successes ?? '?'}/${r.n} = ${pct(r.estimate)}, interval ${spanPct(r.interval)}`)));
      const count = text(LEFT + PLOT_W + 10, y + 4, `${r.successes ?? '?'}/${r.n} = ${pct(r.estimate)}`, links.has(r.arm) ? { fill: COLOURS.estimate, 'text-decoration': 'underline' } : {});
      const href = links.get(r.arm);
      body.push(href ? el('a', { class: 'seed-list-link', href }, tooltip(`the seeds of ${r.arm} behind this rate`), count) : count);
    } else {
      const b = er.baseline.get(r.arm)!.baseline;
      body.push(text(LEFT - 8, y + 4, 'baseline', { 'text-anchor': 'end', fill: COLOURS.baseline }));
      if (b.interval) body.push(el('line', { class: 'baseline-interval', x1: x(b.interval.lower), y1: y, x2: x(b.interval.upper), y2: y, stroke: COLOURS.baseline, 'stroke-width': 2, 'stroke-dasharray': '4 2' }));
      if (b.estimate !== null) {
        const cx = x(b.estimate);
        body.push(el('path', { class: 'baseline', d: `M${cx - 6},${y} L${cx},${y - 6} L${cx + 6},${y} L${cx},${y + 6} Z`, fill: '#ffffff', stroke: COLOURS.baseline, 'stroke-width': 2 }, tooltip(`baseline ${r.arm}: ${b.successes ?? '?'}/${b.n} = ${pct(b.estimate)}, interval ${spanPct(b.interval)}`)));
      }
      body.push(text(LEFT + PLOT_W + 10, y + 4, `${b.successes ?? '?'}/${b.n} = ${pct(b.estimate)}`, { fill: COLOURS.baseline }));
    }
  });
  if (er.threshold) {
    const tx = x(er.threshold.value);
    body.push(el('line', { class: 'threshold', x1: tx, y1: TOP - 10, x2: tx, y2: TOP + rows.length * ROW_H, stroke: COLOURS.threshold, 'stroke-width': 2, 'stroke-dasharray': '6 3' }));
    body.push(text(tx, TOP - 14, `${er.threshold.side === 'atLeast' ? '≥' : '≤'} ${pct(er.threshold.value)}`, { 'text-anchor': 'middle', fill: COLOURS.threshold }));
  }
  body.push(...axis(x, TOP + rows.length * ROW_H, [0, 0.25, 0.5, 0.75, 1], pct));
  return svgRoot(width, height, title, 'plot rate-chart', body);
}

/** The per-seed values of a metric expectation, per arm (null: censored, e.g. never reached the target). */
export function metricChartSvg(values: { arm: string; values: (number | null)[]; median: number | null }[], metric: string, title: string): string {
  const finite = values.flatMap((v) => v.values.filter((x): x is number => x !== null));
  const hasCensored = values.some((v) => v.values.some((x) => x === null));
  const max = Math.max(1, ...finite);
  const plotW = hasCensored ? PLOT_W - 40 : PLOT_W;
  const LEFT = leftFor(values.map((v) => v.arm));
  const x = linear(0, max, LEFT, LEFT + plotW);
  const height = TOP + values.length * ROW_H + 34;
  const body: string[] = [];
  if (hasCensored) {
    body.push(el('rect', { x: LEFT + plotW + 8, y: TOP - 6, width: 32, height: values.length * ROW_H + 6, fill: '#f3f3f3' }));
    body.push(text(LEFT + plotW + 24, TOP - 10, 'never', { 'text-anchor': 'middle', fill: COLOURS.axis }));
  }
  values.forEach((v, j) => {
    const y = TOP + j * ROW_H + ROW_H / 2;
    body.push(text(LEFT - 8, y + 4, v.arm, { 'text-anchor': 'end', 'font-weight': 'bold' }));
    v.values.forEach((value, k) => {
      const cx = value === null ? LEFT + plotW + 24 : x(value);
      body.push(el('circle', { class: 'seed-value', cx, cy: y + ((k % 3) - 1) * 4, r: 4, fill: COLOURS.estimate, opacity: 0.7 }, tooltip(`${v.arm} seed value: ${value === null ? 'never' : value}`)));
    });
    if (v.median !== null) body.push(el('line', { class: 'median', x1: x(v.median), y1: y - 10, x2: x(v.median), y2: y + 10, stroke: COLOURS.threshold, 'stroke-width': 3 }, tooltip(`${v.arm} median ${v.median}`)));
    body.push(text(LEFT + PLOT_W + 10, y + 4, `median ${v.median === null ? 'never' : Number(v.median.toPrecision(4))}`));
  });
  const ticks = [0, max / 2, max].map((t) => Number(t.toPrecision(3)));
  body.push(...axis(x, TOP + values.length * ROW_H, ticks, (t) => String(t)));
  body.push(text(LEFT + plotW / 2, TOP - 14, metric, { 'text-anchor': 'middle', fill: COLOURS.axis }));
  return svgRoot(LEFT + PLOT_W + RIGHT, height, title, 'plot metric-chart', body);
}
