import { describe, expect, test } from 'vitest';
import type { RedisClient } from '../redis/redis-client.ts';
import { createFleetRateLimiter } from './fleet-rate-limiter.ts';
import type { FleetRateLimiterOptions } from './fleet-rate-limiter-options.ts';
import { createFleetProbes, type FleetProbesOptions } from './fleet-probes.ts';
import { createFleetRetryBudget, type FleetRetryBudgetOptions } from './fleet-retry-budget.ts';

/** Something shaped like a bulwark Redis client that records whether it was ever called. */
function fakeRedis() {
  const calls: unknown[][] = [];
  const redis = {
    service: 'redis',
    command: (...args: unknown[]) => {
      calls.push(args);
      return Promise.reject(new Error('not reachable in this test'));
    },
  } as unknown as RedisClient;
  return { redis, calls };
}

const valid = (): FleetRateLimiterOptions => ({
  redis: fakeRedis().redis,
  name: 'partner-api',
  ratePerSecond: 100,
  whenRedisFails: { instances: 4 },
});

describe('createFleetRateLimiter refuses what makes no sense, before any I/O', () => {
  test.each([
    [{ redis: {} }, /option redis must be a bulwark Redis client/],
    [{ redis: 'redis://localhost' }, /option redis must be a bulwark Redis client/],
    [{ name: '' }, /option name must be a non-empty string/],
    [{ ratePerSecond: 0 }, /option ratePerSecond must be a finite number >= 0.001 \(got 0\)/],
    [{ ratePerSecond: Number.NaN }, /option ratePerSecond must be/],
    [{ burst: 0 }, /option burst must be an integer >= 1 \(got 0\)/],
    [{ burst: 1.5 }, /option burst must be an integer/],
    [{ key: 'tenant' }, /option key must be a function/],
    [{ whenRedisFails: undefined }, /option whenRedisFails must be \{ instances \} .* or 'refuse'/],
    [{ whenRedisFails: 'allow' }, /option whenRedisFails must be/],
    [{ whenRedisFails: { instances: 0 } }, /whenRedisFails\.instances must be an integer >= 1/],
    [{ redisTimeoutMs: -1 }, /option redisTimeoutMs must be/],
    [{ rate: 5 }, /unknown option fleetRateLimiter\.rate/],
  ])('%j', (override, message) => {
    const { redis, calls } = fakeRedis();
    const options = { ...valid(), redis, ...override } as FleetRateLimiterOptions;
    expect(() => createFleetRateLimiter(options)).toThrow(TypeError);
    expect(() => createFleetRateLimiter(options)).toThrow(message);
    expect(calls).toEqual([]);
  });

  test('a key function that gives no usable key fails the call with a TypeError, before Redis', () => {
    const { redis, calls } = fakeRedis();
    const limiter = createFleetRateLimiter({
      ...valid(),
      redis,
      key: (call) => String(call.context?.['tenant'] ?? ''),
    });
    expect(() => limiter.acquire(0, undefined, { operation: 'get' })).toThrow(
      /partner-api's key must give a non-empty string/,
    );
    expect(() =>
      limiter.acquire(0, undefined, { operation: 'get', context: { tenant: 'x'.repeat(300) } }),
    ).toThrow(/at most 256 characters \(got 300 characters\)/);
    expect(calls).toEqual([]);
  });
});

describe('the fleet retry budget and probes refuse what makes no sense, before any I/O', () => {
  test.each([
    [{ ratio: 1.5 }, /option ratio must be/],
    [{ ratio: undefined }, /option ratio must be/],
    [{ windowSeconds: 0 }, /option windowSeconds must be/],
    [{ syncMs: 1 }, /option syncMs must be a finite number >= 10/],
    [{ whenRedisFails: 'allow' }, /option whenRedisFails must be/],
  ])('budget %j', (override, message) => {
    const { redis, calls } = fakeRedis();
    const options = {
      redis,
      name: 'api',
      ratio: 0.2,
      whenRedisFails: 'refuse',
      ...override,
    } as FleetRetryBudgetOptions;
    expect(() => createFleetRetryBudget(options)).toThrow(TypeError);
    expect(() => createFleetRetryBudget(options)).toThrow(message);
    expect(calls).toEqual([]);
  });

  test.each([
    [{ redis: {} }, /option redis must be a bulwark Redis client/],
    [{ whenRedisFails: 'refuse' }, /unknown option fleetProbes\.whenRedisFails/],
    [{ name: 7 }, /option name must be a non-empty string/],
  ])('probes %j', (override, message) => {
    const { redis, calls } = fakeRedis();
    const options = { redis, name: 'api', ...override } as FleetProbesOptions;
    expect(() => createFleetProbes(options)).toThrow(TypeError);
    expect(() => createFleetProbes(options)).toThrow(message);
    expect(calls).toEqual([]);
  });
});
