import { describe, expect, it } from 'vitest';
import { backoffDelay, resolveBackoff } from './backoff.ts';

const fixed = (value: number) => () => value;

describe('backoffDelay', () => {
  const base = { initialDelayMs: 100, maxDelayMs: 1_000, multiplier: 2 };

  it('grows exponentially up to the cap without jitter', () => {
    const backoff = resolveBackoff({ ...base, jitter: 'none' });
    const delays = [1, 2, 3, 4, 5, 6].map((attempt) =>
      backoffDelay(backoff, attempt, 0, fixed(0.5)),
    );
    expect(delays).toEqual([100, 200, 400, 800, 1_000, 1_000]);
  });

  it('full jitter draws between 0 and the exponential delay', () => {
    const backoff = resolveBackoff({ ...base, jitter: 'full' });
    expect(backoffDelay(backoff, 3, 0, fixed(0))).toBe(0);
    expect(backoffDelay(backoff, 3, 0, fixed(0.5))).toBe(200);
    expect(backoffDelay(backoff, 3, 0, fixed(0.999))).toBeCloseTo(399.6);
    expect(backoffDelay(backoff, 10, 0, fixed(0.999))).toBeLessThanOrEqual(1_000);
  });

  it('decorrelated jitter draws between the base and three times the previous delay, capped', () => {
    const backoff = resolveBackoff({ ...base, jitter: 'decorrelated' });
    expect(backoffDelay(backoff, 1, 0, fixed(0.5))).toBe(100);
    expect(backoffDelay(backoff, 2, 200, fixed(0))).toBe(100);
    expect(backoffDelay(backoff, 2, 200, fixed(1))).toBe(600);
    expect(backoffDelay(backoff, 3, 600, fixed(1))).toBe(1_000);
  });
});

describe('resolveBackoff', () => {
  it('fills in the defaults', () => {
    expect(resolveBackoff()).toEqual({
      initialDelayMs: 100,
      maxDelayMs: 5_000,
      multiplier: 2,
      jitter: 'full',
    });
  });

  it('rejects bad options by name', () => {
    expect(() => resolveBackoff({ initialDelayMs: -1 })).toThrow(/retry\.backoff\.initialDelayMs/);
    expect(() => resolveBackoff({ initialDelayMs: 500, maxDelayMs: 100 })).toThrow(
      /retry\.backoff\.maxDelayMs must be a finite number >= 500/,
    );
    expect(() => resolveBackoff({ multiplier: 0.5 })).toThrow(/multiplier/);
    expect(() => resolveBackoff({ jitter: 'half' as never })).toThrow(
      /retry\.backoff\.jitter must be one of/,
    );
  });
});
