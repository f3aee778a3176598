import { describe, expect, it } from 'vitest';
import { setup } from '../s3/s3-harness.ts';
import { sleep } from './s3-suite.ts';

describe('6. the breaker recovers', () => {
  // Exact, for the test to time: the open time's jitter has tests of its own.
  const breaker = { consecutiveFailures: 2, openDurationMs: 400, openJitter: 0 };
  // recoveryCheck off: its first check comes at any moment within its interval of the
  // opening; these tests time the open state (recovery-bound.test.ts proves the check).

  it('half-opens after the open time; a successful probe closes it', async () => {
    const { client, proxy, bucket, of } = await setup({
      retry: false,
      breaker,
      recoveryCheck: false,
    });
    await client.putObject({ bucket, key: 'k', body: 'back' });
    const down = await proxy.down();
    for (let i = 0; i < 2; i++)
      await expect(client.getObject({ bucket, key: 'k' })).rejects.toThrow();
    expect(client.pipeline.breaker?.state.state).toBe('open');
    await sleep(500);
    expect(client.pipeline.breaker?.state.state).toBe('half_open');
    await down[Symbol.asyncDispose]();
    expect((await client.getObject({ bucket, key: 'k' })).body.toString()).toBe('back');
    expect(client.pipeline.breaker?.state.state).toBe('closed');
    expect(of('breaker').map((e) => `${e.from}->${e.to}`)).toEqual([
      'closed->open',
      'open->half_open',
      'half_open->closed',
    ]);
  });

  it('a failed probe opens it again; a later good one closes it', async () => {
    const { client, proxy, bucket, of } = await setup({
      retry: false,
      breaker,
      recoveryCheck: false,
    });
    await client.putObject({ bucket, key: 'k', body: 'x' });
    await proxy.down();
    for (let i = 0; i < 2; i++)
      await expect(client.headObject({ bucket, key: 'k' })).rejects.toThrow();
    await sleep(500);
    const attempts = of('attempt').length;
    await expect(client.headObject({ bucket, key: 'k' })).rejects.toMatchObject({
      kind: 'connection',
    });
    expect(of('attempt')).toHaveLength(attempts + 1); // the probe went out
    expect(client.pipeline.breaker?.state.state).toBe('open');
    await sleep(500);
    await proxy.up();
    await client.headObject({ bucket, key: 'k' });
    expect(of('breaker').map((e) => `${e.from}->${e.to}`)).toEqual([
      'closed->open',
      'open->half_open',
      'half_open->open',
      'open->half_open',
      'half_open->closed',
    ]);
  });
});
