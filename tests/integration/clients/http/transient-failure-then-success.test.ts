import { describe, expect, it } from 'vitest';
import { resetPeer } from '../../../../src/testkit/index.ts';
import { gaps, setup } from './http-suite.ts';

describe('2. transient failure, then success', () => {
  it('retries 5xx with exponential backoff until the upstream answers', async () => {
    const { upstream, client, of } = await setup();
    upstream.script('GET /flaky', { status: 503 }, { status: 502 }, { body: 'ok' });
    expect((await client.get('/flaky')).text()).toBe('ok');
    expect(of('retry').map((e) => e.delayMs)).toEqual([50, 100]);
    const arrivals = upstream.requests('GET /flaky').map((r) => r.at);
    expect(arrivals).toHaveLength(3);
    const [first = 0, second = 0] = gaps(arrivals);
    expect(first).toBeGreaterThanOrEqual(45);
    expect(second).toBeGreaterThanOrEqual(95);
  });

  it('retries connections reset by the network (Toxiproxy reset_peer) until the fault clears', async () => {
    const { upstream, proxy, client, of } = await setup({
      retry: { maxAttempts: 8, backoff: { initialDelayMs: 50, jitter: 'none' }, budget: false },
    });
    upstream.script('GET /data', { body: 'intact' });
    const fault = await proxy.inject(resetPeer({ timeoutMs: 0 }));
    setTimeout(() => void fault.remove(), 150);
    expect((await client.get('/data')).text()).toBe('intact');
    expect(of('retry').length).toBeGreaterThan(0);
    expect(of('retry')[0]).toMatchObject({ kind: 'connection' });
  });

  it('honours Retry-After (measured between the two requests)', async () => {
    const { upstream, client } = await setup();
    upstream.script(
      'GET /busy',
      { status: 429, headers: { 'retry-after': '1' } },
      { body: 'done' },
    );
    expect((await client.get('/busy')).text()).toBe('done');
    const [gap = 0] = gaps(upstream.requests('GET /busy').map((r) => r.at));
    expect(gap).toBeGreaterThanOrEqual(990);
    expect(gap).toBeLessThan(3_000);
  });
});
