import { describe, expect, test } from 'vitest';
import { createFleetRateLimiter, shareCoolDowns } from '../../../src/fleet/index.ts';
import { createHttpClient } from '../../../src/http/index.ts';
import { startHttpUpstream } from '../../../src/testkit/services/http-upstream.ts';
import { instanceRedis, limitName } from './fleet-harness.ts';

describe('a shared cool-down', () => {
  test("one instance told Retry-After: 1 holds every instance's calls back for a second", async () => {
    // The first request is answered 429 with Retry-After: 1; every other, 200.
    await using upstream = await startHttpUpstream();
    upstream.script(
      'GET /first',
      { status: 429, headers: { 'retry-after': '1' } },
      { status: 200 },
    );
    upstream.script('GET /second', { status: 200 });
    const name = limitName('cool');
    const instance = () => {
      const limiter = createFleetRateLimiter({
        redis: instanceRedis(),
        name,
        ratePerSecond: 1_000,
        whenRedisFails: 'refuse',
      });
      const http = createHttpClient({
        baseUrl: upstream.url,
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
    const [throttled, ...later] = [...upstream.requests()].sort((a, b) => a.at - b.at);
    expect(throttled?.path).toBe('/first');
    expect(later).toHaveLength(2);
    for (const request of later) {
      expect(request.at - (throttled?.at ?? 0)).toBeGreaterThanOrEqual(950);
    }
    await Promise.all([a.close(), b.close()]);
  });
});
