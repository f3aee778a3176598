import { describe, expect, it } from 'vitest';
import { setup } from './http-suite.ts';

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
