import { describe, expect, it } from 'vitest';
import { linePath, num } from './line-path.ts';

describe('linePath', () => {
  it('draws one segment through points that all have values', () => {
    expect(
      linePath([
        { x: 0, y: 10 },
        { x: 5, y: 20 },
        { x: 10, y: 15 },
      ]),
    ).toBe('M0 10L5 20L10 15');
  });

  it('leaves a gap for null values instead of dropping to zero', () => {
    const d = linePath([
      { x: 0, y: 10 },
      { x: 5, y: 12 },
      { x: 10, y: null },
      { x: 15, y: null },
      { x: 20, y: 30 },
      { x: 25, y: 31 },
    ]);
    expect(d).toBe('M0 10L5 12M20 30L25 31');
    expect(d).not.toContain(' 0');
  });

  it('draws a point alone between gaps as a dot', () => {
    expect(
      linePath([
        { x: 0, y: null },
        { x: 5, y: 12 },
        { x: 10, y: null },
      ]),
    ).toBe('M5 12h0');
  });

  it('is empty when there is no value at all', () => {
    expect(linePath([{ x: 0, y: null }])).toBe('');
  });
});

describe('num', () => {
  it('keeps one decimal', () => {
    expect(num(1.2345)).toBe('1.2');
    expect(num(7)).toBe('7');
  });
});
