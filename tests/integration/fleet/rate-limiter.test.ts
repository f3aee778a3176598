import { describe, expect, test } from 'vitest';
import { createFleetRateLimiter } from '../../../src/fleet/index.ts';
import { admin, grantedUntil, instanceRedis, limitName } from './fleet-harness.ts';

describe('a fleet rate limit on Redis', () => {
  test('two instances share one limit: together they admit the rate, within 5%', async () => {
    const name = limitName();
    // A burst of 50 (half a second of permits): a permit nobody asked for at its moment is not
    // lost while a loaded machine keeps the polling loops from running (a burst of 5 lost 12%
    // of the permits once, to stalls of over 50 ms under CI's Docker phase).
    const limit = { name, ratePerSecond: 100, burst: 50, whenRedisFails: 'refuse' } as const;
    const one = createFleetRateLimiter({ redis: instanceRedis(), ...limit });
    const two = createFleetRateLimiter({ redis: instanceRedis(), ...limit });
    const until = performance.now() + 3_000;
    const [a, b] = await Promise.all([grantedUntil(one, until), grantedUntil(two, until)]);
    // 3 s at 100/s, plus the burst of 50 at the start.
    expect(a + b).toBeGreaterThanOrEqual(350 * 0.95);
    expect(a + b).toBeLessThanOrEqual(350 * 1.05);
    expect(Math.min(a, b)).toBeGreaterThan(0);
  });

  test('in delay mode callers wait for their reserved moment, in order', async () => {
    const limit = {
      name: limitName(),
      ratePerSecond: 20,
      burst: 1,
      whenRedisFails: 'refuse',
    } as const;
    const one = createFleetRateLimiter({ redis: instanceRedis(), ...limit });
    const two = createFleetRateLimiter({ redis: instanceRedis(), ...limit });
    const started = performance.now();
    const admittedAt: number[] = [];
    await Promise.all(
      Array.from({ length: 10 }, async (_, i) => {
        const limiter = i % 2 === 0 ? one : two;
        expect(await limiter.acquire(5_000)).toBe(0);
        admittedAt.push(performance.now() - started);
      }),
    );
    // The first at once, the tenth 9 intervals of 50 ms later.
    expect(Math.max(...admittedAt)).toBeGreaterThanOrEqual(450 - 5);
    expect(Math.max(...admittedAt)).toBeLessThan(1_500);
  });

  test('two keys are limited independently', async () => {
    const limiter = createFleetRateLimiter({
      redis: instanceRedis(),
      name: limitName(),
      ratePerSecond: 20,
      burst: 1,
      key: (call) => String(call.context?.['tenant']),
      whenRedisFails: 'refuse',
    });
    const until = performance.now() + 1_000;
    const forTenant = (tenant: string) =>
      grantedUntil(limiter, until, { operation: 'get', context: { tenant } });
    const [a, b] = await Promise.all([forTenant('a'), forTenant('b')]);
    for (const granted of [a, b]) {
      expect(granted).toBeGreaterThanOrEqual(19);
      expect(granted).toBeLessThanOrEqual(22);
    }
  });

  test('refuses without taking when no permit comes in time, and says when one will', async () => {
    const limit = {
      name: limitName(),
      ratePerSecond: 2,
      burst: 1,
      whenRedisFails: 'refuse',
    } as const;
    const limiter = createFleetRateLimiter({ redis: instanceRedis(), ...limit });
    expect(await limiter.acquire(0)).toBe(0);
    const waitMs = await limiter.acquire(0);
    expect(waitMs).toBeGreaterThan(400);
    expect(waitMs).toBeLessThanOrEqual(500);
    // Nothing was taken: the next permit still comes at the same moment.
    expect(await limiter.acquire(0)).toBeLessThanOrEqual(waitMs);
  });

  test('reloads its script after the server lost it, and lets its keys expire', async () => {
    const name = limitName();
    const limiter = createFleetRateLimiter({
      redis: instanceRedis(),
      name,
      ratePerSecond: 10,
      whenRedisFails: 'refuse',
    });
    expect(await limiter.acquire(0)).toBe(0);
    await admin().call('SCRIPT', 'FLUSH');
    expect(await limiter.acquire(200)).toBe(0);
    const ttl = await admin().pttl(`bulwark:rate:{${name}}:`);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(1_300);
  });

  test('a key asked for often is leased ahead: fewer round trips than permits, the limit kept', async () => {
    const redis = instanceRedis();
    let roundTrips = 0;
    redis.events.on((event) => {
      if (event.type === 'call') roundTrips++;
    });
    const limit = {
      name: limitName(),
      ratePerSecond: 500,
      burst: 50,
      whenRedisFails: 'refuse',
    } as const;
    const limiter = createFleetRateLimiter({ redis, ...limit });
    const until = performance.now() + 1_000;
    let asks = 0;
    let granted = 0;
    while (performance.now() < until) {
      asks++;
      const waitMs = await limiter.acquire(0);
      if (waitMs === 0) granted++;
      else await new Promise((resolve) => setTimeout(resolve, Math.min(waitMs, 1)));
    }
    // 1 s at 500/s with a burst of 50: 550 at most, leases included.
    expect(granted).toBeGreaterThanOrEqual(500 * 0.95);
    expect(granted).toBeLessThanOrEqual(550 * 1.05);
    // Leases and the refusals Redis already gave spare most round trips.
    expect(roundTrips).toBeLessThan(asks / 2);
  });
});
