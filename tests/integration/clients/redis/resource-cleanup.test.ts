import { describe, expect, test } from 'vitest';
import { BulkheadFullError } from '../../../../src/core/errors.ts';
import { latency } from '../../../../src/testkit/faults/toxics.ts';
import {
  admin,
  connectionsNamed,
  eventually,
  key,
  proxiedRedis,
  tcpSockets,
} from '../redis/redis-harness.ts';
import { steadyBackoff } from './redis-suite.ts';

describe('9. resource cleanup', () => {
  test('one connection for many concurrent calls, and none (nor a socket) after close', async () => {
    const { client, name } = await proxiedRedis({
      bulkhead: { maxConcurrent: 8, maxQueue: 1_000 },
    });
    const sockets = tcpSockets();
    const [k, counter] = [key(), key('counter')];
    await admin().set(k, 'v');
    for (let round = 0; round < 10; round++) {
      await Promise.all(
        Array.from({ length: 50 }, (_, i) => (i % 2 === 0 ? client.get(k) : client.incr(counter))),
      );
    }
    expect(await admin().get(counter)).toBe('250');
    expect(await connectionsNamed(name)).toBe(1);
    expect(tcpSockets()).toBeLessThanOrEqual(sockets + 1);

    await client.close();
    expect(client.status).toBe('end');
    expect(
      await eventually(
        () => connectionsNamed(name),
        (n) => n === 0,
      ),
    ).toBe(0);
    expect(await eventually(tcpSockets, (n) => n <= sockets)).toBeLessThanOrEqual(sockets);
    await expect(client.get(k)).rejects.toThrow(/the client is closed/);
  });

  test('a call still retrying when the client closes does not open a connection again', async () => {
    const { client, proxy, name } = await proxiedRedis({ retry: { backoff: steadyBackoff } });
    await proxy.down();
    client.events.on((event) => {
      if (event.type === 'retry') void client.close();
    });
    // Closed while it waited to retry: the retry is not sent, and the call fails at once as
    // the closed client's, not the upstream's.
    await expect(client.get(key())).rejects.toMatchObject({
      kind: 'client',
      attempts: 1,
      message:
        'redis.get failed after 1 attempt: the client was closed before the call could be retried',
    });
    await proxy.up();
    expect(client.status).toBe('end');
    expect(await connectionsNamed(name)).toBe(0);
  });

  test('close lets replies in flight arrive first', async () => {
    const { client, proxy } = await proxiedRedis();
    const k = key();
    await admin().set(k, 'last word');
    await client.get(k);
    await proxy.inject(latency({ latencyMs: 300 }));
    const inFlight = client.get(k);
    await client.close();
    expect(await inFlight).toBe('last word');
    expect(client.status).toBe('end');
  });

  test('the bulkhead bounds concurrency: the overflow is refused, the rest wait their turn', async () => {
    const { client, proxy } = await proxiedRedis({ bulkhead: { maxConcurrent: 2, maxQueue: 2 } });
    const k = key();
    await admin().set(k, 'v');
    await client.get(k);
    await proxy.inject(latency({ latencyMs: 200 }));
    const started = performance.now();
    const settled = await Promise.allSettled(Array.from({ length: 5 }, () => client.get(k)));
    expect(settled.filter((s) => s.status === 'fulfilled')).toHaveLength(4);
    const [refused] = settled.filter((s) => s.status === 'rejected').map((s) => s.reason);
    expect(refused).toBeInstanceOf(BulkheadFullError);
    // Two at a time: the queued pair starts only when the first pair is answered.
    expect(performance.now() - started).toBeGreaterThanOrEqual(400 - 20);
  });
});
