import { describe, expect, it } from 'vitest';
import { formatDuration, formatMs, formatNumber, formatPercent, missing } from './format.ts';

describe('formatMs', () => {
  it('writes ms below a second and seconds above, with sensible precision', () => {
    expect(formatMs(0.42)).toBe('0.42 ms');
    expect(formatMs(3.25)).toBe('3.3 ms');
    expect(formatMs(12.4)).toBe('12 ms');
    expect(formatMs(999)).toBe('999 ms');
    expect(formatMs(1250)).toBe('1.25 s');
    expect(formatMs(30_000)).toBe('30 s');
    expect(formatMs(125_000)).toBe('125 s');
  });

  it('writes a dash for null, never zero', () => {
    expect(formatMs(null)).toBe(missing);
  });
});

describe('formatDuration', () => {
  it('uses seconds, minutes and hours', () => {
    expect(formatDuration(45_400)).toBe('45 s');
    expect(formatDuration(180_000)).toBe('3 min');
    expect(formatDuration(210_000)).toBe('3 min 30 s');
    expect(formatDuration(3_720_000)).toBe('1 h 2 min');
  });
});

describe('formatPercent', () => {
  it('never rounds a failure away to 100 % or a success to 0 %', () => {
    expect(formatPercent(1)).toBe('100 %');
    expect(formatPercent(0.9996)).toBe('99.96 %');
    expect(formatPercent(0.999999)).toBe('> 99.99 %');
    expect(formatPercent(0.000001)).toBe('< 0.01 %');
    expect(formatPercent(0)).toBe('0 %');
  });

  it('keeps one decimal in between', () => {
    expect(formatPercent(0.5)).toBe('50 %');
    expect(formatPercent(0.1234)).toBe('12.3 %');
  });

  it('writes a dash for null', () => {
    expect(formatPercent(null)).toBe(missing);
  });
});

describe('formatNumber', () => {
  it('trims trailing zeros', () => {
    expect(formatNumber(1.8)).toBe('1.8');
    expect(formatNumber(2)).toBe('2');
    expect(formatNumber(null)).toBe(missing);
  });
});
