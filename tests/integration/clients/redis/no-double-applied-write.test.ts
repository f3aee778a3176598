import { describe, expect, test } from 'vitest';
import { limitData, resetPeer } from '../../../../src/testkit/faults/toxics.ts';
import { admin, eventually, eventsOf, key, proxiedRedis } from '../redis/redis-harness.ts';

describe('no double-applied write across injected faults', () => {
  const retry = {
    maxAttempts: 5,
    backoff: { initialDelayMs: 100, multiplier: 1, jitter: 'none' },
  } as const;

  test('faults before the INCR leaves: each is retried, and the counter equals the successes', async () => {
    const { client, proxy, events } = await proxiedRedis({ breaker: false, retry });
    const counter = key('counter');
    const n = 12;
    let successes = 0;
    for (let i = 0; i < n; i++) {
      let lift = async (): Promise<void> => {};
      if (i % 3 === 1) {
        await proxy.down();
        lift = () => proxy.up();
      } else if (i % 3 === 2) {
        // Down and up closes the open connection; each new one is then reset at its first
        // byte, the handshake's, before the INCR can be written.
        await proxy.down();
        const fault = await proxy.inject(resetPeer({ direction: 'upstream' }));
        await proxy.up();
        lift = () => fault.remove();
      }
      if (i % 3 !== 0) {
        expect(
          await eventually(
            () => client.status,
            (status) => status === 'end',
          ),
        ).toBe('end');
      }
      const subscription = client.events.on((event) => {
        if (event.type === 'retry') void lift();
      });
      try {
        await client.incr(counter);
        successes++;
      } finally {
        subscription.dispose();
        await lift();
      }
    }
    expect(successes).toBe(n);
    expect(Number(await admin().get(counter))).toBe(successes);
    // Every faulted INCR was retried, on proof that it had not left.
    const retried = new Set(eventsOf(events, 'retry').map((retry) => retry.code));
    expect(eventsOf(events, 'retry').length).toBeGreaterThanOrEqual((n * 2) / 3);
    expect(retried).toEqual(new Set(['ECONNREFUSED', 'ECONNRESET']));
  });

  test('replies lost after the INCR ran: never retried, so the counter never exceeds the calls', async () => {
    const { client, proxy, events } = await proxiedRedis({ breaker: false, retry });
    const counter = key('counter');
    const n = 12;
    let successes = 0;
    const failures: unknown[] = [];
    for (let i = 0; i < n; i++) {
      // The connection closes after the first byte of the next reply: the INCR has run.
      const fault = i % 2 === 1 ? await proxy.inject(limitData({ bytes: 1 })) : undefined;
      try {
        await client.incr(counter);
        successes++;
      } catch (error) {
        failures.push(error);
      } finally {
        await fault?.remove();
      }
    }
    const value = Number(await admin().get(counter));
    expect(value).toBeLessThanOrEqual(n);
    expect(value).toBeGreaterThanOrEqual(successes);
    expect(value).toBeLessThanOrEqual(successes + failures.length);
    expect(failures).toHaveLength(n / 2);
    for (const failure of failures) {
      expect(failure).toMatchObject({
        kind: 'connection',
        attempts: 1,
        message: 'redis.incr failed after 1 attempt: connection lost with the command in flight',
      });
    }
    const failedCalls = eventsOf(events, 'call').filter((call) => call.outcome === 'failure');
    expect(failedCalls.every((call) => call.giveUpReason === 'not_idempotent')).toBe(true);
  });
});
