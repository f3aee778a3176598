import { describe, expect, it } from 'vitest';
import {
  decades,
  formatLatencyTick,
  formatTimeTick,
  linearScale,
  logScale,
  timeTicks,
} from './scale.ts';

describe('linearScale', () => {
  it('maps the domain onto the range, inverted ranges included, and clamps', () => {
    const y = linearScale([0, 100], [200, 0]);
    expect(y(0)).toBe(200);
    expect(y(50)).toBe(100);
    expect(y(100)).toBe(0);
    expect(y(150)).toBe(0);
  });

  it('does not divide by zero on an empty domain', () => {
    expect(linearScale([5, 5], [0, 10])(5)).toBe(0);
  });
});

describe('logScale', () => {
  it('gives each decade the same room and puts zero on the low end', () => {
    const y = logScale([1, 1000], [300, 0]);
    expect(y(1)).toBe(300);
    expect(y(10)).toBeCloseTo(200);
    expect(y(100)).toBeCloseTo(100);
    expect(y(0)).toBe(300);
  });
});

describe('decades', () => {
  it('brackets the values and what must be included, one tick per decade', () => {
    expect(decades([0.4, 12, 230], [5000])).toEqual({
      domain: [0.1, 10_000],
      ticks: [0.1, 1, 10, 100, 1000, 10_000],
    });
  });

  it('spans at least one decade, and has a default when there is nothing', () => {
    expect(decades([10]).ticks).toEqual([10, 100]);
    expect(decades([]).domain).toEqual([0.1, 1000]);
  });
});

describe('timeTicks', () => {
  it('picks a whole-second step that keeps the count down', () => {
    expect(timeTicks(60_000, 12)).toEqual([0, 10, 20, 30, 40, 50, 60].map((s) => s * 1000));
    expect(timeTicks(210_000, 12).slice(0, 3)).toEqual([0, 20_000, 40_000]);
    expect(timeTicks(9_000, 12)).toHaveLength(10);
  });
});

describe('tick labels', () => {
  it('writes time in seconds, then minutes', () => {
    expect(formatTimeTick(0)).toBe('0 s');
    expect(formatTimeTick(90_000)).toBe('90 s');
    expect(formatTimeTick(120_000)).toBe('2 min');
    expect(formatTimeTick(150_000)).toBe('2:30');
  });

  it('writes latency in ms, then seconds', () => {
    expect(formatLatencyTick(0.1)).toBe('0.1 ms');
    expect(formatLatencyTick(100)).toBe('100 ms');
    expect(formatLatencyTick(10_000)).toBe('10 s');
  });
});
