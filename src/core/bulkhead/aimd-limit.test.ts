import { describe, expect, it } from 'vitest';
import { FakeClock } from '../fake-clock.ts';
import { AdaptiveLimit } from './adaptive-limit.ts';

/** One call ending with every slot busy, `latencyMs` after it started. */
async function finish(
  limit: AdaptiveLimit,
  clock: FakeClock,
  latencyMs: number,
  dropped = false,
): Promise<void> {
  await clock.advance(latencyMs);
  limit.onSample({ latencyMs, inflight: limit.limit, dropped });
}

function aimd(threshold = 100, initialLimit = 10) {
  const clock = new FakeClock();
  const limit = new AdaptiveLimit(
    { algorithm: 'aimd', initialLimit, latencyThresholdMs: threshold },
    { clock },
  );
  return { clock, limit };
}

describe('AdaptiveLimit, aimd', () => {
  it("adds one per limit's worth of calls under the latency threshold", async () => {
    const { clock, limit } = aimd(100, 10);
    for (let i = 0; i < 9; i++) await finish(limit, clock, 20);
    expect(limit.limit).toBe(10);
    await finish(limit, clock, 20);
    expect(limit.limit).toBe(11);
    for (let i = 0; i < 11; i++) await finish(limit, clock, 20);
    expect(limit.limit).toBe(12);
  });

  it('cuts by backoffRatio on a call over the threshold, and on a drop', async () => {
    const { clock, limit } = aimd(100, 20);
    await finish(limit, clock, 150);
    expect(limit.limit).toBe(18);
    await finish(limit, clock, 20, true);
    expect(limit.limit).toBe(16);
  });

  it('falls while the upstream is overloaded and climbs back once it is not', async () => {
    const { clock, limit } = aimd(100, 30);
    // Overloaded: every call slower than the threshold.
    for (let i = 0; i < 10; i++) await finish(limit, clock, 200);
    const low = limit.limit;
    expect(low).toBeLessThan(12);
    for (let i = 0; i < 100; i++) await finish(limit, clock, 20);
    expect(limit.limit).toBeGreaterThanOrEqual(low + 5);
  });

  it('does not grow while the caller uses fewer than half its slots', async () => {
    const { clock, limit } = aimd(100, 10);
    for (let i = 0; i < 50; i++) {
      await clock.advance(20);
      limit.onSample({ latencyMs: 20, inflight: 4, dropped: false });
    }
    expect(limit.limit).toBe(10);
  });

  it('with the default threshold, only drops cut the limit', async () => {
    const clock = new FakeClock();
    const limit = new AdaptiveLimit({ algorithm: 'aimd', initialLimit: 10 }, { clock });
    await finish(limit, clock, 60_000);
    expect(limit.limit).toBe(10);
    await finish(limit, clock, 5, true);
    expect(limit.limit).toBe(9);
  });
});
