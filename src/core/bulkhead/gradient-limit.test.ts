import { describe, expect, it } from 'vitest';
import { FakeClock } from '../fake-clock.ts';
import { AdaptiveLimit } from './adaptive-limit.ts';

/**
 * Feeds `rounds` rounds of calls with every slot busy, each call taking `latencyMs`, and
 * returns the limit after each round. A round is `limit` calls: one round trip at full load.
 */
function load(limit: AdaptiveLimit, rounds: number, latencyMs: number): number[] {
  const seen: number[] = [];
  for (let round = 0; round < rounds; round++) {
    const calls = limit.limit;
    for (let i = 0; i < calls; i++) {
      limit.onSample({ latencyMs, inflight: limit.limit, dropped: false });
    }
    seen.push(limit.limit);
  }
  return seen;
}

const gradient = (options: ConstructorParameters<typeof AdaptiveLimit>[0] = {}) =>
  new AdaptiveLimit({ algorithm: 'gradient', ...options }, { clock: new FakeClock() });

describe('AdaptiveLimit, gradient', () => {
  it('raises the limit while calls stay as fast as usual', () => {
    const limit = gradient({ initialLimit: 20 });
    const seen = load(limit, 20, 10);
    expect(seen[0]).toBeGreaterThanOrEqual(20);
    expect(seen.at(-1)).toBeGreaterThan(40);
    // Never a step down while nothing got slower.
    expect(seen).toEqual([...seen].sort((a, b) => a - b));
  });

  it('lowers the limit when calls slow down (the upstream is overloaded), and raises it again once they are fast', () => {
    const limit = gradient({ initialLimit: 50 });
    load(limit, 30, 10);
    const healthy = limit.limit;
    const overloaded = load(limit, 15, 40);
    expect(overloaded.at(-1)).toBeLessThan(healthy / 2);
    const low = Math.min(...overloaded);
    const recovered = load(limit, 30, 10);
    expect(recovered.at(-1)).toBeGreaterThan(2 * low);
  });

  it('tolerates calls up to `tolerance` times slower than usual', () => {
    const strict = gradient({ initialLimit: 50, tolerance: 1 });
    const lenient = gradient({ initialLimit: 50, tolerance: 2 });
    for (const limit of [strict, lenient]) load(limit, 20, 10);
    const [strictBefore, lenientBefore] = [strict.limit, lenient.limit];
    for (const limit of [strict, lenient]) load(limit, 5, 18);
    expect(strict.limit).toBeLessThan(strictBefore);
    expect(lenient.limit).toBeGreaterThan(lenientBefore);
  });

  it('moves no further than sqrt(limit) up or half down a round, before smoothing', () => {
    const rising = gradient({ initialLimit: 100, smoothing: 1 });
    expect(load(rising, 1, 10)).toEqual([110]);
    const falling = gradient({ initialLimit: 100, maxLimit: 100, smoothing: 1 });
    expect(load(falling, 10, 10)).toEqual(Array(10).fill(100));
    // 50 times slower: the gradient stops at 0.5, plus the headroom of sqrt(100).
    expect(load(falling, 1, 500)).toEqual([60]);
  });

  it('lets a limit the caller leaves unused decay toward 1.5 times the calls in flight', () => {
    const limit = gradient({ initialLimit: 40 });
    // 6 calls in flight at most: the upstream set no pace; the limit comes down near 9, where
    // the calls use two thirds of it and it holds.
    const seen = new Set<number>();
    for (let i = 0; i < 400; i++) {
      limit.onSample({ latencyMs: 10, inflight: 6, dropped: false });
      if (i >= 200) seen.add(limit.limit);
    }
    expect(Math.min(...seen)).toBeGreaterThanOrEqual(9);
    expect(Math.max(...seen)).toBeLessThanOrEqual(10);
  });

  it('takes calls that take no measurable time as no sign of overload', () => {
    const limit = gradient({ initialLimit: 10 });
    load(limit, 5, 0);
    expect(limit.limit).toBeGreaterThan(10);
  });
});
