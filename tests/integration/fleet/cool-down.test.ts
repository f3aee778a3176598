import { createServer } from 'node:http';
import { describe, expect, test } from 'vitest';
import { createFleetRateLimiter, shareCoolDowns } from '../../../src/fleet/index.ts';
import { createHttpClient } from '../../../src/http/index.ts';
import { instanceRedis, limitName } from './fleet-harness.ts';

/** An upstream that answers its first request 429 with Retry-After: 1, then 200; it notes when. */
async function upstreamThrottlingOnce() {
  const answered: Array<{ at: number; status: number }> = [];
  const server = createServer((_request, response) => {
    const status = answered.length === 0 ? 429 : 200;
    answered.push({ at: Date.now(), status });
    if (status === 429) response.setHeader('retry-after', '1');
    response.statusCode = status;
    response.end('x');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  return { answered, baseUrl: `http://127.0.0.1:${port}`, close: () => server.close() };
}

describe('a shared cool-down', () => {
  test("one instance told Retry-After: 1 holds every instance's calls back for a second", async () => {
    const upstream = await upstreamThrottlingOnce();
    try {
      const name = limitName('cool');
      const instance = () => {
        const limiter = createFleetRateLimiter({
          redis: instanceRedis(),
          name,
          ratePerSecond: 1_000,
          whenRedisFails: 'refuse',
        });
        const http = createHttpClient({
          baseUrl: upstream.baseUrl,
          rateLimit: { limiter, mode: 'delay' },
          timeout: { attemptMs: 5_000, totalMs: 5_000 },
        });
        const shared = shareCoolDowns(http.events, limiter);
        return { http, close: () => (shared.dispose(), http.close()) };
      };
      const a = instance();
      const b = instance();
      const told = new Promise<void>((resolve) =>
        a.http.events.on((event) => {
          if (event.type === 'attempt' && event.retryAfterMs !== undefined) resolve();
        }),
      );
      const first = a.http.get('/first');
      await told;
      // Give the cool-down its round trip to Redis, then call from the other instance.
      await new Promise((resolve) => setTimeout(resolve, 50));
      const second = await b.http.get('/second');
      expect(second.status).toBe(200);
      expect((await first).status).toBe(200);
      const [throttled, ...later] = upstream.answered;
      expect(throttled?.status).toBe(429);
      for (const answer of later) {
        expect(answer.at - (throttled?.at ?? 0)).toBeGreaterThanOrEqual(950);
      }
      await Promise.all([a.close(), b.close()]);
    } finally {
      upstream.close();
    }
  });
});
