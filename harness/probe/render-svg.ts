/**
 * The logit-lens staircase as a hand-written SVG heatmap: layer (rows, L at the top) by
 * intermediate (columns), probability as colour on a viridis scale, the value in each
 * cell, critical layers outlined, and a colour bar with the chance level marked.
 * All text is XML-escaped.
 */
import type { ProbeResult } from './result.ts';

/** Escape text for XML content and attribute values. */
export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[ch]!);
}

/** Viridis sampled at 0, 0.1, ..., 1 (perceptually ordered, readable in greyscale). */
export const VIRIDIS_STOPS: readonly string[] = ['#440154', '#482475', '#414487', '#355f8d', '#2a788e', '#21918c', '#22a884', '#44bf70', '#7ad151', '#bddf26', '#fde725'];

const hexToRgb = (hex: string): [number, number, number] => [1, 3, 5].map((k) => parseInt(hex.slice(k, k + 2), 16)) as [number, number, number];

/** Colour of probability p in [0, 1] (clamped), interpolated linearly between the viridis stops. */
export function viridis(p: number): string {
  const x = Math.min(1, Math.max(0, Number.isFinite(p) ? p : 0)) * (VIRIDIS_STOPS.length - 1);
  const lo = Math.min(Math.floor(x), VIRIDIS_STOPS.length - 2);
  const t = x - lo;
  const a = hexToRgb(VIRIDIS_STOPS[lo]!);
  const b = hexToRgb(VIRIDIS_STOPS[lo + 1]!);
  return `#${a.map((v, k) => Math.round(v + (b[k]! - v) * t).toString(16).padStart(2, '0')).join('')}`;
}

const num = (x: number): string => String(Math.round(x * 100) / 100);

/** The SVG document (a string) of a probe result's lens masses. */
export function renderStaircaseSvg(result: ProbeResult): string {
  const { mass, chance } = result.logitLens;
  const K = result.criticalLayers.length;
  const L = mass.length - 1;
  const cellW = 64;
  const cellH = 36;
  const left = 96;
  const top = 64;
  const gridW = K * cellW;
  const gridH = (L + 1) * cellH;
  const barX = left + gridW + 36;
  const barW = 16;
  const title = `${result.source.arm} · seed ${result.source.seed} · ${result.verdict} (${result.sequentialSteps}/${K} steps sequential)`;
  const subtitle = `mean P(t_i) at position 2i+2 over ${result.settings.nProblems} length-${K} problems, step ${result.source.step}`;
  const crit = result.criticalLayers.map((c, j) => `c${j + 1}=${c ?? '-'}`).join(' ');
  const footer = `outlined: critical layer (first > ${result.settings.decodeThreshold}); ${crit}`;
  // Wide enough for the longest line (about 8 px a character at 14 px bold, 7 px at 12 px).
  // bold 14px text runs ~8.6 px a character; 12px text ~7 px
  const textW = Math.max((22 + title.length) * 8.6, footer.length * 7.2, subtitle.length * 7.2) + 32;
  const width = Math.ceil(Math.max(barX + barW + 110, textW));
  const height = top + gridH + 70;
  const rowY = (l: number): number => top + (L - l) * cellH; // layer L at the top
  const out: string[] = [];
  const text = (x: number, y: number, content: string, attrs = ''): void => {
    out.push(`<text x="${num(x)}" y="${num(y)}"${attrs ? ` ${attrs}` : ''}>${escapeXml(content)}</text>`);
  };

  out.push('<?xml version="1.0" encoding="UTF-8"?>');
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="Helvetica, Arial, sans-serif" font-size="12">`);
  out.push(`<title>${escapeXml(`logit-lens staircase: ${title}`)}</title>`);
  out.push('<rect x="0" y="0" width="100%" height="100%" fill="#ffffff"/>');
  text(16, 24, `Logit-lens staircase: ${title}`, 'font-size="14" font-weight="bold"');
  text(16, 44, subtitle, 'fill="#444444"');

  for (let l = L; l >= 0; l--) {
    const y = rowY(l);
    text(left - 10, y + cellH / 2 + 4, String(l), 'text-anchor="end"');
    for (let j = 0; j < K; j++) {
      const p = mass[l]?.[j] ?? NaN;
      const x = left + j * cellW;
      const label = Number.isFinite(p) ? p.toFixed(2) : 'n/a';
      out.push(`<rect class="cell" data-layer="${l}" data-i="${j + 1}" x="${x}" y="${y}" width="${cellW}" height="${cellH}" fill="${viridis(p)}" stroke="#ffffff" stroke-width="1"><title>${escapeXml(`layer ${l}, t${j + 1}: ${label}`)}</title></rect>`);
      text(x + cellW / 2, y + cellH / 2 + 4, label, `text-anchor="middle" fill="${p < 0.6 ? '#ffffff' : '#000000'}"`);
    }
  }
  // Critical layers on top of the cells, so the outline is not covered by a neighbour.
  result.criticalLayers.forEach((c, j) => {
    if (c === null) return;
    out.push(`<rect class="critical" data-layer="${c}" data-i="${j + 1}" x="${left + j * cellW + 1.5}" y="${rowY(c) + 1.5}" width="${cellW - 3}" height="${cellH - 3}" fill="none" stroke="#ff2d55" stroke-width="3"/>`);
  });

  for (let j = 0; j < K; j++) text(left + j * cellW + cellW / 2, top + gridH + 18, `t${j + 1}`, 'text-anchor="middle"');
  text(left + gridW / 2, top + gridH + 40, 'intermediate t_i (read at position 2i+2)', 'text-anchor="middle"');
  text(24, top + gridH / 2, 'layer (0 = embeddings)', `text-anchor="middle" transform="rotate(-90 24 ${num(top + gridH / 2)})"`);
  text(16, top + gridH + 60, footer, 'fill="#444444"');

  // Colour bar: 1 at the top, 0 at the bottom, chance marked.
  out.push('<defs><linearGradient id="viridis-bar" x1="0" y1="1" x2="0" y2="0">');
  VIRIDIS_STOPS.forEach((c, k) => out.push(`<stop offset="${num(k / (VIRIDIS_STOPS.length - 1))}" stop-color="${c}"/>`));
  out.push('</linearGradient></defs>');
  out.push(`<rect class="colour-bar" x="${barX}" y="${top}" width="${barW}" height="${gridH}" fill="url(#viridis-bar)" stroke="#888888"/>`);
  const barY = (p: number): number => top + (1 - p) * gridH;
  for (const p of [0, 0.5, 1]) {
    out.push(`<line x1="${barX + barW}" y1="${num(barY(p))}" x2="${barX + barW + 4}" y2="${num(barY(p))}" stroke="#000000"/>`);
    text(barX + barW + 7, barY(p) + 4, p.toFixed(1));
  }
  const cy = barY(chance);
  out.push(`<line class="chance" x1="${barX - 4}" y1="${num(cy)}" x2="${barX + barW + 4}" y2="${num(cy)}" stroke="#ff2d55" stroke-width="2"/>`);
  text(barX + barW + 7, cy + 4, `chance ${chance.toFixed(2)}`, 'fill="#ff2d55"');
  text(barX + barW / 2, top - 8, 'P(t_i)', 'text-anchor="middle"');
  out.push('</svg>');
  return `${out.join('\n')}\n`;
}
