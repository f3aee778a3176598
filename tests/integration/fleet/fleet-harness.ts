/**
 * What the fleet tests share: bulwark Redis clients straight to the real Redis (one per
 * "instance"), closed when the test ends, unique limit names, and a limiter loop that counts
 * what it was granted.
 */
import { onTestFinished } from 'vitest';
import type { RateLimiter } from '../../../src/core/rate-limit/rate-limiter.ts';
import { createRedisClient, type RedisClient } from '../../../src/redis/index.ts';
import { uniqueName, workerRedisDatabase } from '../../../src/testkit/isolation.ts';
import { redisService } from '../clients/redis/redis-harness.ts';

export { admin, proxiedRedis, redisService } from '../clients/redis/redis-harness.ts';
export { runJsonProcess as runInstance } from '../../../src/testkit/process/run-json-process.ts';

/** A bulwark Redis client of one instance, straight to Redis, closed when the test ends. */
export function instanceRedis(): RedisClient {
  const client = createRedisClient({
    host: redisService.host,
    port: redisService.port,
    password: redisService.password,
    db: workerRedisDatabase(),
  });
  onTestFinished(() => client.close());
  return client;
}

/** A limit name no other test or worker uses. */
export const limitName = (prefix = 'limit'): string => uniqueName(prefix);

/**
 * Asks `limiter` for permits in reject mode, one after another, until `untilMs`
 * (performance.now()); returns how many were granted.
 */
export async function grantedUntil(
  limiter: RateLimiter,
  untilMs: number,
  call?: { operation: string; context?: Record<string, string> },
): Promise<number> {
  let granted = 0;
  while (performance.now() < untilMs) {
    const waitMs = await limiter.acquire(0, undefined, call);
    if (waitMs === 0) granted++;
    // Refused: ask again when a permit may come (at most 1 ms on), as a caller would; a
    // refusal answered here without I/O must not keep the event loop from the rest.
    else await new Promise((resolve) => setTimeout(resolve, Math.min(waitMs, 1)));
  }
  return granted;
}
