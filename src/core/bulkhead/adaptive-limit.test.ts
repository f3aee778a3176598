import { describe, expect, it } from 'vitest';
import { FakeClock } from '../fake-clock.ts';
import { AdaptiveLimit } from './adaptive-limit.ts';

describe('AdaptiveLimit', () => {
  it('cuts the limit by backoffRatio for each dropped call sent after the last cut', async () => {
    const clock = new FakeClock();
    const limit = new AdaptiveLimit({ initialLimit: 100 }, { clock });
    const seen: number[] = [];
    for (let i = 0; i < 4; i++) {
      await clock.advance(50);
      limit.onSample({ latencyMs: 50, inflight: limit.limit, dropped: true });
      seen.push(limit.limit);
    }
    expect(seen).toEqual([90, 81, 72, 65]);
  });

  it('cuts once for a burst of drops from calls that were all running at the cut', async () => {
    const clock = new FakeClock();
    const limit = new AdaptiveLimit({ initialLimit: 100 }, { clock });
    await clock.advance(1_000);
    // Forty calls sent at about the same time time out together.
    for (let i = 0; i < 40; i++) {
      limit.onSample({ latencyMs: 1_000 - i, inflight: 40, dropped: true });
    }
    expect(limit.limit).toBe(90);
    // A call sent after that cut, into the same overload, cuts again.
    await clock.advance(100);
    limit.onSample({ latencyMs: 99, inflight: 40, dropped: true });
    expect(limit.limit).toBe(81);
  });

  it('grows back after drops once calls come back at their usual latency', async () => {
    const clock = new FakeClock();
    const limit = new AdaptiveLimit({ initialLimit: 40 }, { clock });
    for (let i = 0; i < 200; i++) limit.onSample({ latencyMs: 10, inflight: 40, dropped: false });
    const healthy = limit.limit;
    for (let i = 0; i < 10; i++) {
      await clock.advance(20);
      limit.onSample({ latencyMs: 20, inflight: limit.limit, dropped: true });
    }
    const low = limit.limit;
    expect(low).toBeLessThan(healthy * 0.4);
    for (let i = 0; i < 1_000; i++) {
      limit.onSample({ latencyMs: 10, inflight: limit.limit, dropped: false });
    }
    expect(limit.limit).toBeGreaterThan(2 * low);
  });

  it('keeps the limit an integer between minLimit and maxLimit', async () => {
    const clock = new FakeClock();
    const limit = new AdaptiveLimit({ initialLimit: 3, minLimit: 2, maxLimit: 6 }, { clock });
    for (let i = 0; i < 100; i++) limit.onSample({ latencyMs: 1, inflight: 6, dropped: false });
    expect(limit.limit).toBe(6);
    for (let i = 0; i < 20; i++) {
      await clock.advance(5);
      limit.onSample({ latencyMs: 1, inflight: 6, dropped: true });
      expect(Number.isInteger(limit.limit)).toBe(true);
    }
    expect(limit.limit).toBe(2);
  });

  it('ignores a sample without a usable latency', () => {
    const limit = new AdaptiveLimit({ initialLimit: 10 }, { clock: new FakeClock() });
    for (const latencyMs of [Number.NaN, -1]) {
      limit.onSample({ latencyMs, inflight: 10, dropped: true });
    }
    expect(limit.limit).toBe(10);
  });

  it('starts at the defaults: gradient, from 20', () => {
    const limit = new AdaptiveLimit();
    expect([limit.algorithm, limit.limit]).toEqual(['gradient', 20]);
  });
});
