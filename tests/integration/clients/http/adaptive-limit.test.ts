import { afterEach, describe, expect, it } from 'vitest';
import { AdaptiveBulkhead, isUpstreamError } from '../../../../src/index.ts';
import { createHttpClient, type HttpClient } from '../../../../src/http/index.ts';
import {
  startOverloadableUpstream,
  type OverloadableUpstream,
} from '../../../../src/testkit/index.ts';

let upstream: OverloadableUpstream | undefined;
let client: HttpClient | undefined;
afterEach(async () => {
  await client?.close();
  await upstream?.close();
});

type Outcome = 'served' | 'refused' | 'failed';

describe('adaptive concurrency limit (a real server that slows as it fills)', () => {
  it('falls under overload, refuses the excess at once without sending it, and serves a normal load after', async () => {
    // 4 at full speed, 50 ms each: 80 calls a second at most.
    upstream = await startOverloadableUpstream({ capacity: 4, latencyMs: 50 });
    const server = upstream;
    const bulkhead = new AdaptiveBulkhead({ adaptive: true, maxQueue: 0 });
    const http = createHttpClient({
      baseUrl: server.url,
      service: 'overloaded',
      connections: 256,
      retry: false,
      timeout: { attemptMs: 2_000, totalMs: 2_000 },
      bulkhead,
    });
    client = http;
    const call = (): Promise<Outcome> =>
      http.get('/item').then(
        () => 'served' as const,
        (error: unknown) =>
          isUpstreamError(error) && error.kind === 'bulkhead_full' ? 'refused' : 'failed',
      );
    // Calls one at a time first: the limit learns how fast the server answers unloaded, and,
    // the calls leaving most of its 20 slots unused, comes down to half of them.
    for (let i = 0; i < 20; i++) expect(await call()).toBe('served');
    const startLimit = bulkhead.limit;

    // Twice the capacity for 2 s: a call every 6.25 ms, each started on time.
    const outcomes: Array<Promise<Outcome>> = [];
    const limits: number[] = [];
    const arrivedBefore = server.arrivals.length;
    const started = performance.now();
    for (let i = 0; i < 320; i++) {
      const wait = started + i * 6.25 - performance.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      limits.push(bulkhead.limit);
      outcomes.push(call());
    }
    const overload = await Promise.all(outcomes);
    const count = (list: readonly Outcome[], outcome: Outcome) =>
      list.filter((one) => one === outcome).length;
    expect(count(overload, 'failed')).toBe(0);
    expect(count(overload, 'refused')).toBeGreaterThan(0);
    // A refused call never reached the server: it saw the calls served, and no more.
    expect(server.arrivals.length - arrivedBefore).toBe(count(overload, 'served'));
    // The limit fell from where the overload found it toward what the server takes at once.
    expect(startLimit).toBe(10);
    expect(Math.min(...limits)).toBeLessThanOrEqual(8);

    // The overload over, a load the server can take (4 callers, one call each at a time) is
    // served in full.
    const afterwards: Outcome[] = [];
    const until = performance.now() + 1_000;
    await Promise.all(
      Array.from({ length: 4 }, async () => {
        while (performance.now() < until) afterwards.push(await call());
      }),
    );
    expect(afterwards.length).toBeGreaterThan(40);
    expect(count(afterwards, 'served')).toBe(afterwards.length);
  });
});
