import { setTimeout as delay } from 'node:timers/promises';
import { describe, expect, test } from 'vitest';
import { CircuitOpenError } from '../../../../src/core/errors.ts';
import type { PipelineEvent } from '../../../../src/core/pipeline-events.ts';
import { admin, eventsOf, key, proxiedRedis } from '../redis/redis-harness.ts';

describe('6. the breaker recovers', () => {
  // Exact, for the test to time: the open time's jitter has tests of its own.
  const breaker = { consecutiveFailures: 2, openDurationMs: 300, openJitter: 0 };
  // recoveryCheck off: its first check comes at any moment within its interval of the
  // opening; these tests time the open state (recovery-bound.test.ts proves the check).

  async function opened() {
    const redis = await proxiedRedis({ retry: false, breaker, recoveryCheck: false });
    await redis.proxy.down();
    for (let i = 0; i < 2; i++) await expect(redis.client.get(key())).rejects.toThrow();
    expect(redis.client.breaker?.state.state).toBe('open');
    await expect(redis.client.get(key())).rejects.toBeInstanceOf(CircuitOpenError);
    return redis;
  }

  const transitions = (events: readonly PipelineEvent[]) =>
    eventsOf(events, 'breaker').map((e) => `${e.from}->${e.to}`);

  test('after the open time a probe is let through; its success closes the circuit', async () => {
    const { client, proxy, events } = await opened();
    await proxy.up();
    await delay(breaker.openDurationMs + 50);
    const k = key();
    await admin().set(k, 'recovered');
    expect(await client.get(k)).toBe('recovered');
    expect(client.breaker?.state.state).toBe('closed');
    expect(transitions(events)).toEqual(['closed->open', 'open->half_open', 'half_open->closed']);
    expect(await client.get(k)).toBe('recovered');
  });

  test('a failed probe opens it again', async () => {
    const { client, events } = await opened();
    await delay(breaker.openDurationMs + 50);
    await expect(client.get(key())).rejects.toMatchObject({ kind: 'connection', attempts: 1 });
    expect(client.breaker?.state.state).toBe('open');
    expect(transitions(events)).toEqual(['closed->open', 'open->half_open', 'half_open->open']);
    await expect(client.get(key())).rejects.toBeInstanceOf(CircuitOpenError);
  });
});
