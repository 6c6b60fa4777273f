/**
 * Ablation accuracies of an arm: for each intermediate t_i, the answer accuracy after zeroing or
 * mean-ablating its residual after its critical layer and from its onset on, as a bar (the mean
 * over seeds) with one dot per seed; the unablated accuracy first; chance as a dashed line.
 */
import type { SeedSummary } from '../claims/seed-summary.ts';
import { onsetAccuracy } from '../claims/seed-summary.ts';
import { COLOURS, el, linear, pct, svgRoot, text, tooltip } from './svg-kit.ts';
import { plural } from '../util/plural.ts';

const BAR_W = 20;
const GAP = 4;
const GROUP_GAP = 22;
const LEFT = 46;
const TOP = 26;
const PLOT_H = 140;

interface Bar {
  label: string;
  colour: string;
  values: { seed: number; value: number }[];
}

const mean = (xs: readonly number[]): number => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : Number.NaN);

/** The bars, grouped: [no ablation], then per intermediate after/zero, after/mean, from/zero, from/mean. */
function barGroups(seeds: readonly SeedSummary[]): { title: string; bars: Bar[] }[] {
  const is = [...new Set(seeds.flatMap((s) => s.ablation.map((a) => a.i)))].sort((a, b) => a - b);
  const groups: { title: string; bars: Bar[] }[] = [{ title: 'none', bars: [{ label: 'no ablation', colour: COLOURS.base, values: seeds.map((s) => ({ seed: s.seed, value: s.baselineAccuracy })) }] }];
  for (const i of is) {
    const at = (pick: (a: SeedSummary['ablation'][number]) => number) =>
      seeds.flatMap((s) => {
        const a = s.ablation.find((x) => x.i === i);
        return a ? [{ seed: s.seed, value: pick(a) }] : [];
      });
    groups.push({
      title: `t${i}`,
      bars: [
        { label: 'after, zero', colour: COLOURS.after, values: at((a) => a.afterCritical.zero) },
        { label: 'after, mean', colour: COLOURS.after, values: at((a) => a.afterCritical.mean) },
        { label: 'from, zero', colour: COLOURS.from, values: at((a) => onsetAccuracy(a).zero) },
        { label: 'from, mean', colour: COLOURS.from, values: at((a) => onsetAccuracy(a).mean) },
      ],
    });
  }
  return groups;
}

/** The ablation bar chart of one arm's seeds; `chance` draws the task's chance accuracy. */
export function ablationBarsSvg(arm: string, seeds: readonly SeedSummary[], chance: number | null): string {
  const groups = barGroups(seeds);
  const groupW = (g: { bars: Bar[] }): number => g.bars.length * (BAR_W + GAP) - GAP;
  const plotW = groups.reduce((w, g) => w + groupW(g) + GROUP_GAP, 0);
  const width = LEFT + plotW + 80;
  const height = TOP + PLOT_H + 62;
  const y = linear(0, 1, TOP + PLOT_H, TOP);
  const body: string[] = [text(4, 14, `${arm}: answer accuracy under sequential ablation (${plural(seeds.length, 'seed')})`, { 'font-weight': 'bold' })];
  for (const t of [0, 0.5, 1]) {
    body.push(el('line', { x1: LEFT, y1: y(t), x2: LEFT + plotW, y2: y(t), stroke: COLOURS.grid }));
    body.push(text(LEFT - 6, y(t) + 4, pct(t), { 'text-anchor': 'end', fill: COLOURS.axis }));
  }
  let x0 = LEFT + GROUP_GAP / 2;
  for (const g of groups) {
    g.bars.forEach((bar, k) => {
      const x = x0 + k * (BAR_W + GAP);
      const m = mean(bar.values.map((v) => v.value));
      const dashed = bar.label.endsWith('mean');
      if (Number.isFinite(m)) {
        body.push(el('rect', { class: 'bar', x, y: y(m), width: BAR_W, height: y(0) - y(m), fill: dashed ? '#ffffff' : bar.colour, stroke: bar.colour, 'stroke-width': 2 }, tooltip(`${g.title} ${bar.label}: mean ${pct(m)} over ${bar.values.length} seeds`)));
      }
      bar.values.forEach((v, j) => {
        body.push(el('circle', { class: 'seed-dot', cx: x + BAR_W / 2 + ((j % 3) - 1) * 4, cy: y(v.value), r: 2.5, fill: '#000000', opacity: 0.6 }, tooltip(`seed ${v.seed}: ${pct(v.value)}`)));
      });
      body.push(text(x + BAR_W / 2, TOP + PLOT_H + 12, bar.label.split(', ')[0]!, { 'text-anchor': 'middle', 'font-size': 9, fill: COLOURS.axis }));
      body.push(text(x + BAR_W / 2, TOP + PLOT_H + 23, bar.label.split(', ')[1] ?? '', { 'text-anchor': 'middle', 'font-size': 9, fill: COLOURS.axis }));
    });
    body.push(text(x0 + groupW(g) / 2, TOP + PLOT_H + 40, g.title === 'none' ? 'unablated' : g.title, { 'text-anchor': 'middle', 'font-weight': 'bold' }));
    x0 += groupW(g) + GROUP_GAP;
  }
  if (chance !== null) {
    body.push(el('line', { class: 'chance', x1: LEFT, y1: y(chance), x2: LEFT + plotW, y2: y(chance), stroke: COLOURS.threshold, 'stroke-dasharray': '6 3' }));
    body.push(text(LEFT + plotW + 4, y(chance) + 4, `chance ${pct(chance)}`, { fill: COLOURS.threshold, 'font-size': 10 }));
  }
  body.push(text(LEFT, TOP + PLOT_H + 56, 'filled: zero ablation; outlined: mean ablation; after = after the critical layer, from = from the onset', { 'font-size': 10, fill: COLOURS.axis }));
  return svgRoot(Math.max(width, 600), height, `${arm}: ablation accuracies`, 'plot ablation-bars', body);
}
