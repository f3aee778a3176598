import { describe, expect, it } from 'vitest';
import { CircuitOpenError } from '../../../../src/index.ts';
import { setup } from './http-suite.ts';

describe('6. the breaker recovers', () => {
  const options = {
    retry: false,
    breaker: { consecutiveFailures: 2, openDurationMs: 300, openJitter: 0 },
    // Off: its first check comes at any moment within its interval of the opening; these
    // tests time the open state (recovery-bound.test.ts proves the check).
    recoveryCheck: false,
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
