// The call's deadline over the wire: the server is told in a header of the client's naming how
// long the caller still waits, and undici's own timeouts are bounded by the same time.
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { describe, expect, it, onTestFinished } from 'vitest';
import { driverTimerGraceMs } from '../../../../src/core/driver-timeout.ts';
import { setup } from './http-suite.ts';

const header = 'x-request-timeout-ms';

/** The header's value as the server received it, per request to `route`. */
function sentDeadlines(
  upstream: Awaited<ReturnType<typeof setup>>['upstream'],
  route: string,
): number[] {
  return upstream.requests(route).map((request) => Number(request.headers[header]));
}

/** The timeouts undici was given for each request it created, read from its own diagnostics channel. */
function undiciTimeouts(): Array<{ headersTimeout: unknown; bodyTimeout: unknown }> {
  const seen: Array<{ headersTimeout: unknown; bodyTimeout: unknown }> = [];
  const onCreate = (message: unknown) => {
    const { headersTimeout, bodyTimeout } = (message as { request: Record<string, unknown> })
      .request;
    seen.push({ headersTimeout, bodyTimeout });
  };
  subscribe('undici:request:create', onCreate);
  onTestFinished(() => {
    unsubscribe('undici:request:create', onCreate);
  });
  return seen;
}

describe('the deadline over the wire', () => {
  it("tells the server the call's deadline, and on a retry the time that is left", async () => {
    const { upstream, client } = await setup({
      deadlineHeader: 'X-Request-Timeout-Ms',
      retry: { maxAttempts: 2, backoff: { initialDelayMs: 50, jitter: 'none' }, budget: false },
      timeout: { attemptMs: 5_000, totalMs: 1_500 },
    });
    upstream.script('GET /work', { status: 503, delayMs: 300 }, { body: 'done' });
    expect((await client.get('/work')).text()).toBe('done');
    const [first, second] = sentDeadlines(upstream, 'GET /work');
    // The first attempt starts with the call: it has the whole deadline, in whole ms.
    expect(first).toBe(1_500);
    // The second has what the first (300 ms) and the backoff (50 ms) left, and no more.
    expect(second).toBeLessThanOrEqual(1_500 - 350);
    expect(second).toBeGreaterThan(1_500 - 350 - 250);
  });

  it("carries the attempt's own timeout when it is shorter than the deadline", async () => {
    const { upstream, client } = await setup({
      deadlineHeader: header,
      timeout: { attemptMs: 800, totalMs: 10_000 },
    });
    upstream.script('POST /job', { body: 'queued' });
    await client.post('/job', 'x', { timeoutMs: 5_000 });
    expect(sentDeadlines(upstream, 'POST /job')).toEqual([800]);
  });

  it('sends no such header unless the client names one, nor when the call has no deadline', async () => {
    const plain = await setup({ timeout: { attemptMs: 800, totalMs: 1_000 } });
    plain.upstream.script('GET /a', { body: 'a' });
    await plain.client.get('/a');
    expect(plain.upstream.requests('GET /a')[0]?.headers[header]).toBeUndefined();

    const unbounded = await setup({
      deadlineHeader: header,
      timeout: { attemptMs: Infinity, totalMs: Infinity },
    });
    unbounded.upstream.script('GET /b', { body: 'b' });
    await unbounded.client.get('/b');
    expect(unbounded.upstream.requests('GET /b')[0]?.headers[header]).toBeUndefined();
  });

  it("bounds undici's own headers and body timeouts by the attempt's time", async () => {
    const { upstream, client } = await setup({ timeout: { attemptMs: 5_000, totalMs: 700 } });
    upstream.script('GET /t', { body: 't' });
    const seen = undiciTimeouts();
    await client.get('/t');
    await client.stream('GET', '/t', {}, async (_status, _headers, body) => body.resume());
    // Each a little past the attempt's 700 ms (undici's default is 300 s): the pipeline's own
    // timer ends the attempt, undici's bounds the socket work should an abort not reach it.
    expect(seen).toEqual([
      { headersTimeout: 700 + driverTimerGraceMs, bodyTimeout: 700 + driverTimerGraceMs },
      { headersTimeout: 700 + driverTimerGraceMs, bodyTimeout: 700 + driverTimerGraceMs },
    ]);
  });

  it('ends the call at once when the server asks to wait past the deadline', async () => {
    const { upstream, client, of } = await setup({
      // maxRetryAfterMs alone would retry after 1 s; the server's 5 s is what rules it out.
      retry: { maxAttempts: 3, maxRetryAfterMs: 1_000, budget: false },
      timeout: { attemptMs: 3_000, totalMs: 3_000 },
    });
    upstream.script('GET /busy', { status: 503, headers: { 'retry-after': '5' } }, { body: 'ok' });
    const started = performance.now();
    await expect(client.get('/busy')).rejects.toMatchObject({ status: 503, attempts: 1 });
    expect(performance.now() - started).toBeLessThan(1_000);
    expect(upstream.requests('GET /busy')).toHaveLength(1);
    expect(of('call')).toMatchObject([{ outcome: 'failure', giveUpReason: 'deadline' }]);
  });

  it('waits out a Retry-After the deadline holds, and retries', async () => {
    const { upstream, client, of } = await setup({
      deadlineHeader: header,
      timeout: { attemptMs: 3_000, totalMs: 3_000 },
    });
    upstream.script('GET /busy', { status: 503, headers: { 'retry-after': '1' } }, { body: 'ok' });
    expect((await client.get('/busy')).text()).toBe('ok');
    const [first = 0, second = 0] = upstream.requests('GET /busy').map((request) => request.at);
    expect(second - first).toBeGreaterThanOrEqual(990);
    expect(of('retry')).toMatchObject([{ delayMs: 1_000 }]);
    // The retry was told what the Retry-After left of the deadline.
    expect(sentDeadlines(upstream, 'GET /busy')[1]).toBeLessThanOrEqual(2_000);
  });
});
