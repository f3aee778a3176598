/**
 * Aligns rows of cells into columns for terminal output. Widths are measured on the plain text;
 * a cell's style (colour) is applied after padding, so escape codes never skew the alignment.
 */

export type Align = 'left' | 'right';

/** A cell with a style applied to its padded text (e.g. an ANSI colour). */
export interface StyledCell {
  readonly text: string;
  readonly style: (padded: string) => string;
}

export type TableCell = string | StyledCell;

export interface TableOptions {
  /** Per column; missing columns are left-aligned. */
  readonly align?: readonly Align[];
  /** Spaces between columns (default 2). */
  readonly gap?: number;
  /** Spaces before each line (default 0). */
  readonly indent?: number;
  /**
   * Longest line allowed, in characters. The last column gives way: its cells are cut and end
   * in "…". The other columns are never cut, because they hold the numbers people compare.
   */
  readonly maxWidth?: number;
}

const ELLIPSIS = '…';

function textOf(cell: TableCell | undefined): string {
  if (cell === undefined) return '';
  return typeof cell === 'string' ? cell : cell.text;
}

function cut(text: string, width: number): string {
  if (text.length <= width) return text;
  if (width <= 0) return '';
  return text.slice(0, width - 1).trimEnd() + ELLIPSIS;
}

/** The table's lines, without trailing spaces and without newlines. */
export function formatTable(
  rows: readonly (readonly TableCell[])[],
  options: TableOptions = {},
): string[] {
  const gap = ' '.repeat(options.gap ?? 2);
  const indent = ' '.repeat(options.indent ?? 0);
  const columns = Math.max(0, ...rows.map((row) => row.length));
  const widths = Array.from({ length: columns }, (_, i) =>
    Math.max(0, ...rows.map((row) => textOf(row[i]).length)),
  );
  if (options.maxWidth !== undefined && columns > 0) {
    const others = widths.slice(0, -1).reduce((sum, w) => sum + w + gap.length, indent.length);
    widths[columns - 1] = Math.min(
      widths[columns - 1] ?? 0,
      Math.max(1, options.maxWidth - others),
    );
  }
  return rows.map((row) => {
    const cells = widths.map((width, i) => {
      const cell = row[i];
      const text = cut(textOf(cell), width);
      const isLast = i === columns - 1;
      const padded =
        options.align?.[i] === 'right' ? text.padStart(width) : isLast ? text : text.padEnd(width);
      return cell === undefined || typeof cell === 'string' ? padded : cell.style(padded);
    });
    return (indent + cells.join(gap)).trimEnd();
  });
}
