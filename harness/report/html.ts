/**
 * HTML building blocks for the dashboard: an element builder that escapes every attribute, an
 * escaping text helper, and the page shell (styles inline, no scripts, a Content-Security-Policy
 * that forbids them, so the page is static whatever the claim files contain).
 */
import { escapeXml } from '../probe/render-svg.ts';

/** Escape text for HTML content and attribute values. */
export const esc = escapeXml;

/** Attributes; `undefined` and `false` leave the attribute out, `true` writes it bare. */
export type HtmlAttrs = Record<string, string | number | boolean | undefined>;

/** `<tag attrs>children</tag>`: children are already-built markup (use `esc` for text). */
export function h(tag: string, attrs: HtmlAttrs, ...children: string[]): string {
  const a = Object.entries(attrs)
    .filter(([, v]) => v !== undefined && v !== false)
    .map(([k, v]) => (v === true ? ` ${k}` : ` ${k}="${esc(String(v))}"`))
    .join('');
  return `<${tag}${a}>${children.join('')}</${tag}>`;
}

/** A fragment id from a name: lower case, anything but [a-z0-9_-] becomes `-`. */
export const anchor = (prefix: string, name: string): string => `${prefix}-${name.toLowerCase().replace(/[^a-z0-9_-]+/g, '-')}`;

/** A table from a header row (none when empty) and rows of already-built cells. */
export function table(cls: string, headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const head = headers.length ? h('thead', {}, h('tr', {}, ...headers.map((x) => h('th', {}, esc(x))))) : '';
  return h('table', { class: cls }, head, h('tbody', {}, ...rows.map((r) => h('tr', {}, ...r.map((c) => h('td', {}, c))))));
}

/** A verdict badge: pass / fail / inconclusive (or a baseline status). */
export const badge = (status: string): string => h('span', { class: `badge badge-${status.replace(/[^a-z-]/g, '')}` }, esc(status));

const STYLE = `
body { font: 14px/1.45 Helvetica, Arial, sans-serif; margin: 0; color: #1b1b1b; background: #fafafa; }
header, main, footer { max-width: 1100px; margin: 0 auto; padding: 0 20px; }
header { padding-top: 18px; }
h1 { font-size: 24px; margin: 8px 0; }
h2 { font-size: 19px; margin: 28px 0 8px; border-bottom: 1px solid #ddd; padding-bottom: 4px; }
h3 { font-size: 15px; margin: 18px 0 6px; }
nav a { margin-right: 14px; }
section.claim, section.arm { background: #fff; border: 1px solid #e2e2e2; border-radius: 6px; padding: 4px 16px 14px; margin: 16px 0; }
.statement { font-size: 15px; }
.muted { color: #666; }
table { border-collapse: collapse; margin: 8px 0; font-size: 13px; }
th, td { border: 1px solid #ddd; padding: 3px 7px; text-align: left; vertical-align: top; }
th { background: #f1f1f1; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
.badge { display: inline-block; padding: 1px 7px; border-radius: 10px; font-size: 12px; font-weight: bold; color: #fff; background: #888; }
.badge-pass, .badge-same, .badge-improvement { background: #009E73; }
.badge-fail, .badge-regression { background: #D55E00; }
.badge-inconclusive, .badge-stale, .badge-missing, .badge-incomparable { background: #8a8a8a; }
.badge-futile { background: #fff; color: #555; border: 1px solid #8a8a8a; }
.plots { display: flex; flex-wrap: wrap; gap: 12px; align-items: flex-start; }
.multiples { display: flex; flex-wrap: wrap; gap: 6px; }
.multiples figure { margin: 0; background: #fff; border: 1px solid #eee; }
figure { margin: 6px 0; }
figcaption { font-size: 12px; color: #555; }
code { font-size: 12px; background: #f1f1f1; padding: 0 3px; }
pre.probe-table { font-size: 11px; background: #fff; border: 1px solid #e2e2e2; padding: 8px; overflow-x: auto; }
.mark-yes { color: #007a5a; font-weight: bold; }
.mark-no { color: #b34700; }
.warning { color: #b34700; font-weight: bold; }
ul.evidence { font-size: 13px; }
`;

/** The whole page. `body` is built markup; `title` is escaped. */
export function page(title: string, body: string): string {
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:">`,
    '<link rel="icon" href="data:,">',
    `<title>${esc(title)}</title>`,
    `<style>${STYLE}</style>`,
    '</head>',
    `<body>${body}</body>`,
    '</html>',
    '',
  ].join('\n');
}
