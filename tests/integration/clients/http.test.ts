// bulwark/http against a real HTTP server (the test kit's scriptable upstream) reached through
// a real Toxiproxy: the ten categories of tests/integration/README.md.
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { describe, expect, it, onTestFinished } from 'vitest';
import { createHttpClient, type HttpClientOptions } from '../../../src/http/index.ts';
import {
  AbortedError,
  CircuitOpenError,
  RateLimitedError,
  TimeoutError,
  UpstreamError,
  attachLogger,
} from '../../../src/index.ts';
import { recordEvents, resetPeer, startHttpUpstream, timeout } from '../../../src/testkit/index.ts';
import { useFaultProxy } from '../../../src/testkit/vitest/index.ts';

async function setup(options: Partial<HttpClientOptions> = {}) {
  const upstream = await startHttpUpstream();
  onTestFinished(() => upstream.close());
  const proxy = await useFaultProxy(upstream.proxyUpstream);
  const client = createHttpClient({
    service: 'api',
    baseUrl: `http://${proxy.host}:${proxy.port}/`,
    retry: { maxAttempts: 3, backoff: { initialDelayMs: 50, jitter: 'none' }, budget: false },
    timeout: { attemptMs: 2_000, totalMs: 10_000 },
    ...options,
  });
  onTestFinished(() => client.close());
  const { events, of } = recordEvents(client.events);
  return { upstream, proxy, client, events, of };
}

const gaps = (times: readonly number[]) => times.slice(1).map((t, i) => t - (times[i] ?? t));

describe('1. happy path', () => {
  it('parses the response, makes one attempt and leaves the breaker closed', async () => {
    const { upstream, client, of } = await setup();
    upstream.script('GET /items', { body: { items: [1, 2, 3] } });
    expect(await client.getJson('/items')).toEqual({ items: [1, 2, 3] });
    expect(upstream.requests('GET /items')).toHaveLength(1);
    expect(of('attempt')).toMatchObject([{ outcome: 'success', attempt: 1 }]);
    expect(of('retry')).toEqual([]);
    expect(client.pipeline.breaker?.state.state).toBe('closed');
  });
});

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

describe('3. retry exhaustion', () => {
  it('gives up after the last attempt with a meaningful UpstreamError', async () => {
    const { upstream, client } = await setup();
    upstream.script('GET /broken', { status: 500, body: 'database on fire' });
    const error = await client.get('/broken').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UpstreamError);
    expect(error).toMatchObject({ attempts: 3, kind: 'server', status: 500 });
    expect((error as Error).message).toMatch(
      /^api\.GET \/broken failed after 3 attempts: HTTP 500 from GET http:\/\/127\.0\.0\.1:\d+\/broken: database on fire$/,
    );
    expect(upstream.requests('GET /broken')).toHaveLength(3);
  });
});

describe('4. fail fast', () => {
  it.each([
    [400, 'client'],
    [401, 'auth'],
    [403, 'auth'],
    [404, 'not_found'],
  ])('HTTP %i is not retried (%s)', async (status, kind) => {
    const { upstream, client } = await setup();
    upstream.script('GET /x', { status });
    await expect(client.get('/x')).rejects.toMatchObject({ kind, attempts: 1, status });
    expect(upstream.requests('GET /x')).toHaveLength(1);
  });

  it("carries the start of the error body (the server's own account), even from a huge one", async () => {
    const { upstream, client } = await setup();
    upstream.script('GET /bad', { status: 422, body: { error: 'name is required' } });
    upstream.script('GET /huge', { status: 400, body: 'z'.repeat(1024 * 1024) });
    const bad = (await client.get('/bad').catch((e: unknown) => e)) as UpstreamError;
    expect(bad.cause).toMatchObject({ status: 422, bodyPreview: '{"error":"name is required"}' });
    // Past the drain limit the rest is not read: the call ends at once with what was read.
    const huge = (await client.get('/huge').catch((e: unknown) => e)) as UpstreamError;
    expect(huge.cause).toMatchObject({ status: 400, bodyPreview: 'z'.repeat(512) });
    expect(upstream.requests('GET /huge')).toHaveLength(1);
  });

  it('says which request failed, with secrets in the URL redacted', async () => {
    const { upstream, client } = await setup();
    upstream.script('GET /private', { status: 401 });
    const error = (await client
      .get('/private?token=s3cr3t&page=2')
      .catch((e: unknown) => e)) as Error;
    expect(error.message).toMatch(
      /HTTP 401 from GET http:\/\/127\.0\.0\.1:\d+\/private\?token=\*\*\*&page=2/,
    );
    expect(JSON.stringify({ ...error, message: error.message })).not.toContain('s3cr3t');
  });

  it('does not retry a POST without an Idempotency-Key, and does with one', async () => {
    const { upstream, client } = await setup();
    upstream.script('POST /orders', { status: 503 }, { status: 201, body: { id: 7 } });
    await expect(client.sendJson('/orders', { item: 'book' })).rejects.toMatchObject({
      attempts: 1,
    });
    expect(upstream.requests('POST /orders')).toHaveLength(1);
    upstream.script('POST /orders', { status: 503 }, { status: 201, body: { id: 7 } });
    const headers = { 'Idempotency-Key': 'order-7' };
    expect(await client.sendJson('/orders', { item: 'book' }, { headers })).toEqual({ id: 7 });
    expect(upstream.requests('POST /orders')).toHaveLength(3);
  });
});

describe('5. the breaker opens', () => {
  it('after the threshold, calls fail at once and none reaches the upstream', async () => {
    const { upstream, client } = await setup({
      retry: false,
      breaker: { consecutiveFailures: 3, openDurationMs: 60_000 },
    });
    upstream.script('GET /down', { status: 500 });
    for (let i = 0; i < 3; i++)
      await expect(client.get('/down')).rejects.toBeInstanceOf(UpstreamError);
    const started = performance.now();
    for (let i = 0; i < 5; i++)
      await expect(client.get('/down')).rejects.toBeInstanceOf(CircuitOpenError);
    expect(performance.now() - started).toBeLessThan(100);
    expect(upstream.requests('GET /down')).toHaveLength(3);
  });
});

describe('6. the breaker recovers', () => {
  const options = {
    retry: false,
    breaker: { consecutiveFailures: 2, openDurationMs: 300 },
  } as const;

  it('goes half-open after the open time, and a successful probe closes it', async () => {
    const { upstream, client, of } = await setup(options);
    upstream.script('GET /r', { status: 500 }, { status: 500 }, { body: 'back' });
    for (let i = 0; i < 2; i++) await expect(client.get('/r')).rejects.toThrow();
    await expect(client.get('/r')).rejects.toBeInstanceOf(CircuitOpenError);
    await new Promise((resolve) => setTimeout(resolve, 350));
    expect((await client.get('/r')).text()).toBe('back');
    expect(of('breaker').map((e) => e.to)).toEqual(['open', 'half_open', 'closed']);
  });

  it('a failed probe opens it again', async () => {
    const { upstream, client, of } = await setup(options);
    upstream.script('GET /r', { status: 500 });
    for (let i = 0; i < 2; i++) await expect(client.get('/r')).rejects.toThrow();
    await new Promise((resolve) => setTimeout(resolve, 350));
    await expect(client.get('/r')).rejects.toMatchObject({ kind: 'server' });
    await expect(client.get('/r')).rejects.toBeInstanceOf(CircuitOpenError);
    expect(of('breaker').map((e) => e.to)).toEqual(['open', 'half_open', 'open']);
    expect(upstream.requests('GET /r')).toHaveLength(3);
  });
});

describe('7. rate limiting', () => {
  it('delays calls beyond the rate: measured throughput stays within it', async () => {
    const { upstream, client } = await setup({ rateLimit: { ratePerSecond: 20, burst: 1 } });
    upstream.script('GET /r', { body: 'ok' });
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

describe('10. observability', () => {
  it('logs attempts, retries and the failure with context, and never a secret', async () => {
    const { upstream, client } = await setup();
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(...chunk.toString().trim().split('\n'));
        done();
      },
    });
    attachLogger(client.pipeline.events, pino({ level: 'debug' }, sink));
    upstream.script('GET /flaky', { status: 503 }, { status: 500 });
    await client.get('/flaky?api_key=s3cr3t').catch(() => undefined);
    const records = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(records.find((r) => r['event'] === 'bulwark.retry')).toMatchObject({
      service: 'api',
      operation: 'GET /flaky',
      attempt: 1,
      kind: 'throttled',
      code: '503',
      method: 'GET',
      url: expect.stringMatching(/\/flaky\?api_key=\*\*\*$/),
    });
    expect(records.find((r) => r['event'] === 'bulwark.call')).toMatchObject({
      outcome: 'failure',
      attempts: 3,
      level: 50,
    });
    expect(lines.join('\n')).not.toContain('s3cr3t');
  });
});
