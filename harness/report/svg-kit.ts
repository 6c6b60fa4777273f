/**
 * Small helpers for the dashboard's hand-written SVG plots: an element builder that escapes
 * every text and attribute, number formatting, and a linear scale. Plots are inline SVG in
 * static HTML, readable without JavaScript.
 */
import { escapeXml } from '../probe/render-svg.ts';

export { escapeXml };

/** Attribute values: strings are escaped, numbers rounded to 0.01. */
export type Attrs = Record<string, string | number | undefined>;

/** A coordinate or size, rounded to 0.01 (short, stable SVG). */
export const px = (x: number): string => String(Math.round(x * 100) / 100);

function attrText(attrs: Attrs): string {
  return Object.entries(attrs)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => ` ${k}="${typeof v === 'number' ? px(v) : escapeXml(v as string)}"`)
    .join('');
}

/** `<name attrs>children</name>`; children are already-built markup. */
export function el(name: string, attrs: Attrs, ...children: string[]): string {
  return children.length ? `<${name}${attrText(attrs)}>${children.join('')}</${name}>` : `<${name}${attrText(attrs)}/>`;
}

/** A text element; `content` is escaped. */
export function text(x: number, y: number, content: string, attrs: Attrs = {}): string {
  return `<text${attrText({ x, y, ...attrs })}>${escapeXml(content)}</text>`;
}

/** A `<title>` tooltip (escaped): the accessible name of the element it is in. */
export const tooltip = (content: string): string => `<title>${escapeXml(content)}</title>`;

/**
 * The root element of a plot, with a role and an accessible title; `cls` names the kind of plot
 * (e.g. `plot rate-chart`), so pages and tests can find each one.
 */
export function svgRoot(width: number, height: number, title: string, cls: string, body: string[]): string {
  return el(
    'svg',
    { xmlns: 'http://www.w3.org/2000/svg', class: cls, role: 'img', width, height, viewBox: `0 0 ${px(width)} ${px(height)}`, 'font-family': 'Helvetica, Arial, sans-serif', 'font-size': 12 },
    tooltip(title),
    ...body,
  );
}

/** A linear map from [d0, d1] to [r0, r1]. */
export function linear(d0: number, d1: number, r0: number, r1: number): (x: number) => number {
  const span = d1 - d0 || 1;
  return (x: number) => r0 + ((x - d0) / span) * (r1 - r0);
}

/** A rate as a percentage with at most one decimal, e.g. `62.5%`; `—` for null. */
export const pct = (x: number | null | undefined): string => (x === null || x === undefined || !Number.isFinite(x) ? '—' : `${Number((x * 100).toFixed(1))}%`);

/** `[l, u]` of an interval as percentages. */
export const spanPct = (s: { lower: number; upper: number } | null | undefined): string => (s ? `[${pct(s.lower)}, ${pct(s.upper)}]` : '—');

/** Colours used across plots (colour-blind safe: Okabe-Ito). */
export const COLOURS = {
  estimate: '#0072B2',
  baseline: '#E69F00',
  threshold: '#D55E00',
  pass: '#009E73',
  fail: '#D55E00',
  inconclusive: '#999999',
  grid: '#e5e5e5',
  axis: '#444444',
  after: '#56B4E9',
  from: '#CC79A7',
  base: '#999999',
} as const;
