import { describe, expect, it } from 'vitest';
import { CircuitOpenError, UpstreamError } from '../../../../src/index.ts';
import { setup } from './http-suite.ts';

describe('5. the breaker opens', () => {
  it('after the threshold, calls fail at once and none reaches the upstream', async () => {
    const { upstream, client } = await setup({
      retry: false,
      breaker: { consecutiveFailures: 3, openDurationMs: 60_000 },
      // Off: its HEAD / would find the server answering, and let a call probe /down.
      recoveryCheck: false,
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
