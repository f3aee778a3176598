import { describe, expect, test } from 'vitest';
import { resetPeer } from '../../../../src/testkit/faults/toxics.ts';
import { admin, eventsOf, key, proxiedRedis } from '../redis/redis-harness.ts';
import { steadyBackoff } from './redis-suite.ts';

describe('2. transient failure, then success', () => {
  test('a connection reset is retried after the backoff, and the GET succeeds', async () => {
    const { client, proxy, events } = await proxiedRedis({ retry: { backoff: steadyBackoff } });
    const k = key();
    await admin().set(k, 'survived');
    expect(await client.get(k)).toBe('survived');
    // Closes the open connection, and resets every new one at its first byte.
    const fault = await proxy.inject(resetPeer());
    client.events.on((event) => {
      if (event.type === 'retry') void fault.remove();
    });
    expect(await client.get(k)).toBe('survived');
    const [failed] = eventsOf(events, 'attempt').filter((a) => a.outcome === 'failure');
    expect(failed).toMatchObject({ operation: 'get', attempt: 1, kind: 'connection' });
    expect(eventsOf(events, 'retry')[0]).toMatchObject({ attempt: 1, delayMs: 300 });
    expect(eventsOf(events, 'call').at(-1)).toMatchObject({ outcome: 'success' });
    expect(eventsOf(events, 'call').at(-1)?.attempts).toBeGreaterThanOrEqual(2);
  });

  test('a refused connection is retried with exponential backoff until the proxy is back', async () => {
    const { client, proxy, events } = await proxiedRedis({
      retry: { maxAttempts: 4, backoff: steadyBackoff },
    });
    const k = key();
    await admin().set(k, 'back');
    await proxy.down();
    client.events.on((event) => {
      if (event.type === 'retry' && event.attempt === 2) void proxy.up();
    });
    const started = performance.now();
    expect(await client.get(k)).toBe('back');
    expect(performance.now() - started).toBeGreaterThanOrEqual(900 - 5);
    const retries = eventsOf(events, 'retry');
    expect(retries.slice(0, 2).map((r) => r.delayMs)).toEqual([300, 600]);
    expect(retries[0]).toMatchObject({ kind: 'connection', code: 'ECONNREFUSED' });
  });

  test('an INCR that provably never left is retried, and applied once', async () => {
    const { client, proxy, events } = await proxiedRedis({ retry: { backoff: steadyBackoff } });
    const counter = key('counter');
    await proxy.down();
    client.events.on((event) => {
      if (event.type === 'retry') void proxy.up();
    });
    expect(await client.incr(counter)).toBe(1);
    expect(await admin().get(counter)).toBe('1');
    expect(eventsOf(events, 'retry')[0]).toMatchObject({ operation: 'incr', code: 'ECONNREFUSED' });
  });
});
