import { request } from 'node:http';
import { describe, expect, it } from 'vitest';
import { startHttpUpstream } from '../../../src/testkit/services/http-upstream.ts';

/** A raw request, so truncation and resets are seen as they are (fetch would hide details). */
function get(
  url: string,
): Promise<{ status: number; body: string; headers: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    request(url, { agent: false }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (body += chunk));
      response.on('end', () =>
        resolve({ status: response.statusCode ?? 0, body, headers: response.headers }),
      );
      response.on('error', reject);
      response.on('aborted', () => reject(Object.assign(new Error('aborted'), { body })));
    })
      .on('error', reject)
      .end();
  });
}

describe('the scriptable HTTP upstream', () => {
  it('answers scripted responses in turn, repeats the last, and counts requests', async () => {
    await using upstream = await startHttpUpstream();
    upstream.script(
      'GET /items',
      { status: 503, headers: { 'retry-after': '1' } },
      { body: { ok: true } },
    );
    const first = await get(`${upstream.url}/items`);
    expect(first).toMatchObject({ status: 503, headers: { 'retry-after': '1' } });
    expect(await get(`${upstream.url}/items?page=2`)).toMatchObject({
      status: 200,
      body: '{"ok":true}',
    });
    expect(await get(`${upstream.url}/items`)).toMatchObject({ status: 200 });
    expect(upstream.requests('GET /items')).toHaveLength(3);
    expect(await get(`${upstream.url}/other`)).toMatchObject({ status: 404 });
  });

  it('delays, truncates bodies and resets connections on request', async () => {
    await using upstream = await startHttpUpstream();
    upstream.script('GET /slow', { delayMs: 200, body: 'late' });
    const started = performance.now();
    expect((await get(`${upstream.url}/slow`)).body).toBe('late');
    expect(performance.now() - started).toBeGreaterThanOrEqual(190);

    upstream.script('GET /cut', { body: 'x'.repeat(1_000), truncateAfterBytes: 10 });
    await expect(get(`${upstream.url}/cut`)).rejects.toThrow();

    upstream.script('GET /reset', { reset: true });
    await expect(get(`${upstream.url}/reset`)).rejects.toMatchObject({ code: 'ECONNRESET' });
  });

  it('closes every connection when closed, even a hanging one', async () => {
    const upstream = await startHttpUpstream();
    upstream.script('GET /hang', { hang: true });
    const hanging = get(`${upstream.url}/hang`).catch((error: unknown) => error);
    await expect.poll(() => upstream.openConnections).toBe(1);
    await upstream.close();
    expect(await hanging).toMatchObject({ code: 'ECONNRESET' });
    expect(upstream.openConnections).toBe(0);
  });
});
