import { describe, expect, it } from 'vitest';
import type { ScriptedResponse } from '../../../../src/testkit/index.ts';
import { setup } from './http-suite.ts';

const quick: ScriptedResponse = { body: 'quick' };

/** `count` quick answers: the route's answer time is known after them. */
const warm = (count: number): ScriptedResponse[] => Array.from({ length: count }, () => quick);

describe('hedging (idempotent reads)', () => {
  it('a hedge wins against a delayed reply, and the slow request is cut, its socket closed', async () => {
    const { upstream, client, of } = await setup({ hedge: { floorMs: 30 } });
    upstream.script('GET /item', ...warm(20), { delayMs: 3_000, body: 'late' }, quick);
    for (let i = 0; i < 20; i++) await client.get('/item');

    const started = performance.now();
    const response = await client.get('/item');
    const elapsedMs = performance.now() - started;
    expect(response.text()).toBe('quick');
    expect(elapsedMs).toBeLessThan(1_000);
    // The slow request, then its hedge: 22 requests for 21 calls.
    expect(upstream.requests('GET /item')).toHaveLength(22);
    const hedges = of('hedge');
    expect(hedges.map((event) => [event.outcome, event.attempt])).toEqual([
      ['sent', 2],
      ['won', 2],
    ]);
    expect(hedges[0]?.afterMs).toBeGreaterThanOrEqual(29);
    expect(of('call').at(-1)).toMatchObject({ outcome: 'success', attempts: 2 });
    // The loser was aborted: its connection is closed, so the server stops answering it long
    // before its 3 s were up.
    await expect.poll(() => upstream.inFlight, { timeout: 1_000 }).toBe(0);
  });

  it('stops hedging once its share of the calls is spent', async () => {
    const { upstream, client, of } = await setup({
      hedge: { floorMs: 30, ratio: 0.1, maxTokens: 1 },
    });
    const slow: ScriptedResponse = { delayMs: 400, body: 'slow' };
    upstream.script('GET /item', ...warm(20), slow, quick, slow, quick);
    for (let i = 0; i < 20; i++) await client.get('/item');

    // The one saved-up hedge goes to the first slow answer...
    await client.get('/item');
    expect(upstream.requests('GET /item')).toHaveLength(22);
    // ...and the next slow answer, a tenth of a hedge later, is waited for.
    const started = performance.now();
    expect((await client.get('/item')).text()).toBe('slow');
    expect(performance.now() - started).toBeGreaterThanOrEqual(390);
    expect(upstream.requests('GET /item')).toHaveLength(23);
    expect(of('hedge').filter((event) => event.outcome === 'sent')).toHaveLength(1);
  });

  it('never hedges a request that is not idempotent, even of an operation it hedges', async () => {
    const { upstream, client } = await setup({ hedge: { floorMs: 30 } });
    upstream.script('GET /orders', ...warm(20));
    upstream.script('POST /orders', { delayMs: 300, body: 'created' });
    const operation = 'orders';
    for (let i = 0; i < 20; i++) await client.get('/orders', { operation });
    expect((await client.post('/orders', '{}', { operation })).text()).toBe('created');
    expect(upstream.requests('POST /orders')).toHaveLength(1);
  });
});
