import { describe, expect, it } from 'vitest';
import { formatTable } from './text-table.ts';

describe('formatTable', () => {
  it('pads each column to its widest cell and aligns as asked', () => {
    const lines = formatTable(
      [
        ['name', 'calls'],
        ['postgres', '7'],
        ['s3', '1,234'],
      ],
      { align: ['left', 'right'] },
    );
    expect(lines).toEqual(['name      calls', 'postgres      7', 's3        1,234']);
  });

  it('indents, honours the gap and leaves no trailing spaces', () => {
    const lines = formatTable(
      [
        ['a', 'b', ''],
        ['ccc', '', ''],
      ],
      { indent: 2, gap: 1 },
    );
    expect(lines).toEqual(['  a   b', '  ccc']);
  });

  it('measures the text, not the style, so coloured cells stay aligned', () => {
    const red = (s: string) => `\x1b[31m${s}\x1b[39m`;
    const lines = formatTable(
      [
        [{ text: '12', style: red }, 'x'],
        ['1', 'y'],
      ],
      { align: ['right'] },
    );
    expect(lines).toEqual(['\x1b[31m12\x1b[39m  x', ' 1  y']);
  });

  it('cuts only the last column to keep lines within maxWidth', () => {
    const lines = formatTable(
      [
        ['phase', 'errors'],
        ['blackhole', 'timeout 12, connection_reset 3'],
      ],
      { maxWidth: 24 },
    );
    expect(lines).toEqual(['phase      errors', 'blackhole  timeout 12,…']);
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(24);
  });

  it('treats missing cells as empty', () => {
    expect(formatTable([['a', 'b'], ['c']])).toEqual(['a  b', 'c']);
  });

  it('returns no lines for no rows', () => {
    expect(formatTable([])).toEqual([]);
  });
});
