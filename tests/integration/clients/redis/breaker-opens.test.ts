import { describe, expect, test } from 'vitest';
import { CircuitOpenError } from '../../../../src/core/errors.ts';
import { connectionsNamed, eventsOf, key, proxiedRedis } from '../redis/redis-harness.ts';

describe('5. the breaker opens', () => {
  test('after its threshold, calls fail at once and nothing leaves, even once Redis is back', async () => {
    const { client, proxy, events, name } = await proxiedRedis({
      retry: false,
      breaker: { consecutiveFailures: 3, openDurationMs: 60_000 },
      // Off: its first check comes at any moment within its interval of the opening, and
      // would find the server back (recovery-bound.test.ts proves that); here only the open
      // circuit stands between the calls and the server.
      recoveryCheck: false,
    });
    await proxy.down();
    for (let i = 0; i < 3; i++)
      await expect(client.get(key())).rejects.toMatchObject({ kind: 'connection' });
    expect(client.breaker?.state.state).toBe('open');
    const attemptsWhenOpened = eventsOf(events, 'attempt').length;

    const started = performance.now();
    const error = await client.get(key()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CircuitOpenError);
    expect(error).toMatchObject({ kind: 'circuit_open', attempts: 0 });
    expect(performance.now() - started).toBeLessThan(100);

    // With Redis reachable again, any call that left would connect: none does.
    await proxy.up();
    for (let i = 0; i < 5; i++)
      await expect(client.get(key())).rejects.toBeInstanceOf(CircuitOpenError);
    expect(eventsOf(events, 'attempt')).toHaveLength(attemptsWhenOpened);
    expect(eventsOf(events, 'rejection')).toHaveLength(6);
    expect(client.status).toBe('end');
    expect(await connectionsNamed(name)).toBe(0);
  });
});
