import { describe, expect, it } from 'vitest';
import { RateLimitedError } from '../../../../src/index.ts';
import { setup } from './http-suite.ts';

describe('7. rate limiting', () => {
  it('delays calls beyond the rate: measured throughput stays within it', async () => {
    const { upstream, client } = await setup({ rateLimit: { ratePerSecond: 20, burst: 1 } });
    upstream.script('GET /r', { body: 'ok' });
    // One call first, on its own route: the first measured request then leaves on a connection
    // already made, and arrives as it is sent (a connection made for it delayed its arrival and
    // shortened the span once, under CI's Docker phase). Then the bucket refills.
    upstream.script('GET /warm', { body: 'ok' });
    await client.get('/warm');
    await new Promise((resolve) => setTimeout(resolve, 100));
    await Promise.all(Array.from({ length: 10 }, () => client.get('/r')));
    const arrivals = upstream.requests('GET /r').map((r) => r.at);
    const span = (arrivals.at(-1) ?? 0) - (arrivals[0] ?? 0);
    // Ten requests at 20 per second need at least nine intervals of 50 ms.
    expect(span).toBeGreaterThanOrEqual(440);
  });

  it('rejects calls beyond the rate in reject mode, before they reach the upstream', async () => {
    const { upstream, client } = await setup({
      rateLimit: { ratePerSecond: 1, burst: 2, mode: 'reject' },
    });
    upstream.script('GET /r', { body: 'ok' });
    const results = await Promise.allSettled(Array.from({ length: 5 }, () => client.get('/r')));
    const rejected = results.filter((r) => r.status === 'rejected').map((r) => r.reason as unknown);
    expect(rejected).toHaveLength(3);
    for (const reason of rejected) expect(reason).toBeInstanceOf(RateLimitedError);
    expect(upstream.requests('GET /r')).toHaveLength(2);
  });
});
