import { describe, expect, test } from 'vitest';
import type { FleetEvent } from '../../../src/fleet/index.ts';
import { createFleetRateLimiter } from '../../../src/fleet/index.ts';
import { timeout } from '../../../src/testkit/faults/toxics.ts';
import { eventually } from '../support/eventually.ts';
import { grantedUntil, limitName, proxiedRedis } from './fleet-harness.ts';

/** A pino-style logger that keeps what it is given. */
function memoryLogger() {
  const records: Array<{
    level: string;
    fields: Record<string, unknown>;
    message?: string | undefined;
  }> = [];
  const at = (level: string) => (fields: object, message?: string) =>
    void records.push({ level, fields: { ...fields } as Record<string, unknown>, message });
  return {
    records,
    logger: { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') },
  };
}

/** A limiter of 100/s for a fleet of 4 on a Redis behind a fault proxy, and its switches. */
async function limiterBehindProxy() {
  const { client, proxy } = await proxiedRedis({ breaker: false, retry: false });
  const { records, logger } = memoryLogger();
  const limiter = createFleetRateLimiter({
    redis: client,
    name: limitName(),
    ratePerSecond: 100,
    burst: 4,
    whenRedisFails: { instances: 4 },
    logger,
  });
  const switches: FleetEvent[] = [];
  limiter.fallback.events.on((event) => switches.push(event));
  expect(await limiter.acquire(0)).toBe(0);
  expect(limiter.fallback.state.on).toBe('redis');
  return { limiter, proxy, records, switches };
}

describe('a fleet rate limit when Redis does not answer', () => {
  test('Redis gone: the first call decides locally within 100 ms, at the fleet rate / instances', async () => {
    const { limiter, proxy, records, switches } = await limiterBehindProxy();
    await proxy.down();
    const started = performance.now();
    expect(await limiter.acquire(0)).toBe(0);
    expect(performance.now() - started).toBeLessThan(100);
    expect(limiter.fallback.state.on).toBe('local');
    expect(switches).toMatchObject([{ type: 'fleet_fallback', to: 'local' }]);
    const warned = records.filter((r) => r.level === 'warn');
    expect(warned).toHaveLength(1);
    expect(warned[0]?.fields).toMatchObject({ event: 'bulwark.fleet_fallback', to: 'local' });

    // 100/s over 4 instances: 25/s here, with a burst of 1 (one already taken above).
    const granted = await grantedUntil(limiter, performance.now() + 1_000);
    expect(granted).toBeGreaterThanOrEqual(22);
    expect(granted).toBeLessThanOrEqual(28);
  });

  test('Redis slow: a call waits at most its Redis timeout before the stand-in decides', async () => {
    const { limiter, proxy, switches } = await limiterBehindProxy();
    await proxy.inject(timeout({ timeoutMs: 0 }));
    const started = performance.now();
    expect(await limiter.acquire(0)).toBe(0);
    expect(performance.now() - started).toBeLessThan(100);
    expect(switches.map((s) => s.to)).toEqual(['local']);
  });

  test('Redis back: the limit decides on Redis again, and says so', async () => {
    const { limiter, proxy, records, switches } = await limiterBehindProxy();
    const down = await proxy.down();
    await limiter.acquire(0);
    expect(limiter.fallback.state.on).toBe('local');
    await down[Symbol.asyncDispose]();
    const on = await eventually(async () => {
      await limiter.acquire(0);
      return limiter.fallback.state.on;
    }, 'redis');
    expect(on).toBe('redis');
    expect(switches.map((s) => s.to)).toEqual(['local', 'redis']);
    expect(records.filter((r) => r.level === 'info').map((r) => r.fields['to'])).toEqual(['redis']);
  });

  test("'refuse': while Redis does not answer, every call is refused, none waits", async () => {
    const { client, proxy } = await proxiedRedis({ breaker: false, retry: false });
    const limiter = createFleetRateLimiter({
      redis: client,
      name: limitName(),
      ratePerSecond: 100,
      whenRedisFails: 'refuse',
    });
    await proxy.down();
    const started = performance.now();
    const answers = [await limiter.acquire(1_000), await limiter.acquire(1_000)];
    expect(performance.now() - started).toBeLessThan(150);
    for (const waitMs of answers) expect(waitMs).toBeGreaterThan(0);
  });
});
