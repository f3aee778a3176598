import { describe, expect, it } from 'vitest';
import { setup } from './http-suite.ts';

describe('2. transient failure then success: a slow link is not a dead one', () => {
  it('requests slower than their attempt never open the breaker while the server answers', async () => {
    // Five requests outlast their attempts at once, after a quick one was answered: in a row,
    // five timeouts would open the breaker, but the server was sending bytes meanwhile.
    const { upstream, client, of } = await setup({
      retry: false,
      timeout: { attemptMs: 300, totalMs: 300 },
      breaker: { consecutiveFailures: 5, openDurationMs: 10_000 },
    });
    upstream.script('GET /slow', { delayMs: 600, body: 'late' });
    upstream.script('GET /fast', { body: 'soon' });
    const slow = Array.from({ length: 5 }, () => client.get('/slow').catch((e: unknown) => e));
    expect((await client.get('/fast')).text()).toBe('soon');
    expect((await Promise.all(slow)).map((e) => (e as { kind?: string }).kind)).toEqual(
      Array(5).fill('timeout'),
    );
    expect(of('breaker')).toEqual([]);
    expect(client.breaker?.state.state).toBe('closed');
  });

  it('a dead link is no slow one: five timeouts with nothing coming back open it', async () => {
    const { upstream, client, of } = await setup({
      retry: false,
      timeout: { attemptMs: 300, totalMs: 300 },
      breaker: { consecutiveFailures: 5, openDurationMs: 10_000 },
    });
    upstream.script('GET /slow', { delayMs: 600, body: 'late' });
    await Promise.all(Array.from({ length: 5 }, () => client.get('/slow').catch(() => undefined)));
    expect(of('breaker')).toMatchObject([{ from: 'closed', to: 'open' }]);
  });
});
