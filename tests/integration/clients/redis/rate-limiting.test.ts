import { describe, expect, test } from 'vitest';
import { RateLimitedError } from '../../../../src/core/errors.ts';
import { admin, eventsOf, key, proxiedRedis } from '../redis/redis-harness.ts';

describe('7. rate limiting', () => {
  test('calls beyond the rate wait for a permit; measured throughput stays within it', async () => {
    const rate = 20;
    const { client, events } = await proxiedRedis({ rateLimit: { ratePerSecond: rate, burst: 1 } });
    const k = key();
    await admin().set(k, 'paced');
    await client.get(k); // connects, and spends the one token of the burst
    const started = performance.now();
    const replies = await Promise.all(Array.from({ length: rate }, () => client.get(k)));
    const elapsed = performance.now() - started;
    expect(replies.every((reply) => reply === 'paced')).toBe(true);
    // A token every 50 ms: the twentieth call cannot start before a second has passed.
    expect(elapsed).toBeGreaterThanOrEqual(1_000 - 20);
    expect((rate / elapsed) * 1_000).toBeLessThanOrEqual(rate * 1.05);
    expect(eventsOf(events, 'rejection')).toEqual([]);
  });

  test('in reject mode, calls beyond the burst fail at once without leaving', async () => {
    const { client, events } = await proxiedRedis({
      rateLimit: { ratePerSecond: 1, burst: 2, mode: 'reject' },
    });
    const settled = await Promise.allSettled(Array.from({ length: 5 }, () => client.get(key())));
    const rejected = settled.filter((s) => s.status === 'rejected').map((s) => s.reason);
    expect(settled.filter((s) => s.status === 'fulfilled')).toHaveLength(2);
    expect(rejected).toHaveLength(3);
    for (const error of rejected) {
      expect(error).toBeInstanceOf(RateLimitedError);
      expect(error).toMatchObject({ kind: 'rate_limited', attempts: 0 });
      expect((error as RateLimitedError).retryAfterMs).toBeGreaterThan(0);
    }
    expect(eventsOf(events, 'attempt')).toHaveLength(2);
  });
});
