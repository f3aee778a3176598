import { describe, expect, it } from 'vitest';
import { AbortedError, TimeoutError } from '../../../../src/index.ts';
import { timeout } from '../../../../src/testkit/index.ts';
import { setup } from './http-suite.ts';

describe('8. timeouts', () => {
  it('a slow upstream triggers the attempt timeout; the call never hangs and its sockets close', async () => {
    const { upstream, client } = await setup({
      retry: { maxAttempts: 2, backoff: { initialDelayMs: 10, jitter: 'none' }, budget: false },
      timeout: { attemptMs: 200, totalMs: 5_000 },
    });
    upstream.script('GET /slow', { delayMs: 5_000, body: 'late' });
    const started = performance.now();
    const error = await client.get('/slow').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error).toMatchObject({ attempts: 2 });
    expect(performance.now() - started).toBeLessThan(1_500);
    // Aborting the request closed its socket: nothing is left open at the upstream.
    await expect.poll(() => upstream.openConnections, { timeout: 2_000 }).toBe(0);
  });

  it('a blackholed network (Toxiproxy timeout) ends in a TimeoutError, not a hang', async () => {
    const { upstream, proxy, client } = await setup({
      retry: false,
      timeout: { attemptMs: 300, totalMs: 1_000 },
    });
    upstream.script('GET /x', { body: 'never seen' });
    await proxy.inject(timeout({ timeoutMs: 0 }));
    const started = performance.now();
    await expect(client.get('/x')).rejects.toBeInstanceOf(TimeoutError);
    expect(performance.now() - started).toBeLessThan(1_000);
  });

  it('a request that times out while queued for a socket is never sent', async () => {
    const { upstream, client } = await setup({ connections: 1, retry: false });
    upstream.script('GET /slow', { delayMs: 600, body: 'slow' });
    upstream.script('GET /queued', { body: 'too late' });
    const slow = client.get('/slow');
    // The one socket is busy with /slow: this request waits for it, and times out waiting.
    const queued = client.get('/queued', { attemptTimeoutMs: 100 });
    await expect(queued).rejects.toBeInstanceOf(TimeoutError);
    expect((await slow).text()).toBe('slow');
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(upstream.requests('GET /queued')).toHaveLength(0);
    // Nothing of it is left in the queue: the next request has the socket to itself.
    expect((await client.get('/queued')).text()).toBe('too late');
    expect(upstream.requests('GET /queued')).toHaveLength(1);
  });

  it("the caller's abort is an AbortedError, not a timeout", async () => {
    const { upstream, client } = await setup();
    upstream.script('GET /slow', { delayMs: 5_000 });
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error('user went away')), 100);
    await expect(client.get('/slow', { signal: controller.signal })).rejects.toBeInstanceOf(
      AbortedError,
    );
  });
});
