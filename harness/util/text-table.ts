/**
 * Aligned plain-text and Markdown tables.
 */

/** Column alignment: left (text) or right (numbers). */
export type Align = 'left' | 'right';

/**
 * An aligned plain-text table: a header row, a rule (unless `rule: false`), then the rows;
 * columns separated by two spaces, trailing spaces trimmed, every line after `indent`.
 */
export function formatTable(headers: readonly string[], rows: readonly (readonly string[])[], align: readonly Align[] = [], options: { rule?: boolean; indent?: string } = {}): string {
  const widths = headers.map((h, c) => Math.max(h.length, ...rows.map((r) => (r[c] ?? '').length)));
  const line = (cells: readonly string[]) =>
    widths
      .map((w, c) => {
        const cell = cells[c] ?? '';
        return align[c] === 'right' ? cell.padStart(w) : cell.padEnd(w);
      })
      .join('  ')
      .trimEnd();
  const rule = options.rule === false ? [] : [line(widths.map((w) => '-'.repeat(w)))];
  return [line(headers), ...rule, ...rows.map(line)].map((l) => `${options.indent ?? ''}${l}`).join('\n');
}

/** Escape a Markdown table cell (pipes and newlines). */
export const markdownCell = (text: string): string => text.replaceAll('|', '\\|').replaceAll('\n', ' ');

/** A GitHub-flavoured Markdown table. */
export function formatMarkdownTable(headers: readonly string[], rows: readonly (readonly string[])[], align: readonly Align[] = []): string {
  const rule = headers.map((_, c) => (align[c] === 'right' ? '---:' : '---'));
  const line = (cells: readonly string[]) => `| ${cells.map(markdownCell).join(' | ')} |`;
  return [line(headers), `|${rule.join('|')}|`, ...rows.map(line)].join('\n');
}
