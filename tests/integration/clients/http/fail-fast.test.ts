import { describe, expect, it } from 'vitest';
import type { UpstreamError } from '../../../../src/index.ts';
import { setup } from './http-suite.ts';

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
