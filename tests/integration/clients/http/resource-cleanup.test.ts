import { describe, expect, it } from 'vitest';
import { setup } from './http-suite.ts';

describe('9. resource cleanup', () => {
  it('sockets go back to the pool even when nobody reads the body', async () => {
    const { upstream, client } = await setup({ retry: false });
    upstream.script('GET /big', { body: 'x'.repeat(64 * 1024) });
    upstream.script('GET /missing', { status: 404, body: 'y'.repeat(64 * 1024) });
    for (let i = 0; i < 100; i++) {
      await client.stream('GET', '/big', {}, async () => 'ignored the body');
      await client.get('/missing').catch(() => undefined);
    }
    // 200 calls whose bodies nobody read: had a body held its socket, there would be one
    // socket per call (or the pool would run dry and hang). Drained, sequential calls reuse
    // keep-alive sockets: undici frees a socket a tick after its body ends, so two at most.
    expect(upstream.openConnections).toBeLessThanOrEqual(2);
    const [origin] = Object.values(client.stats);
    expect(origin?.connected).toBeLessThanOrEqual(2);
    expect(origin).toMatchObject({ running: 0, pending: 0 });
    await client.close();
    await expect.poll(() => upstream.openConnections, { timeout: 2_000 }).toBe(0);
  });

  it('the bulkhead bounds concurrent requests', async () => {
    const bounded = await setup({ bulkhead: { maxConcurrent: 3, maxQueue: 50 } });
    bounded.upstream.script('GET /w', { delayMs: 50, body: 'ok' });
    await Promise.all(Array.from({ length: 15 }, () => bounded.client.get('/w')));
    expect(bounded.upstream.peakConcurrency).toBeLessThanOrEqual(3);

    const unbounded = await setup();
    unbounded.upstream.script('GET /w', { delayMs: 50, body: 'ok' });
    await Promise.all(Array.from({ length: 15 }, () => unbounded.client.get('/w')));
    expect(unbounded.upstream.peakConcurrency).toBeGreaterThan(3);
  });
});
