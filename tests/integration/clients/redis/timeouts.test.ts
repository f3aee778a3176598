import { describe, expect, test } from 'vitest';
import { AbortedError, TimeoutError } from '../../../../src/core/errors.ts';
import { latency, timeout } from '../../../../src/testkit/faults/toxics.ts';
import {
  admin,
  connectionsNamed,
  eventually,
  eventsOf,
  key,
  proxiedRedis,
  tcpSockets,
} from '../redis/redis-harness.ts';

describe('8. timeouts', () => {
  test('a slow reply times out quickly, and the next command gets its own reply', async () => {
    const { client, proxy, name } = await proxiedRedis({ retry: false });
    const [a, b] = [key('a'), key('b')];
    await admin().mset(a, 'value-a', b, 'value-b');
    const firstConnection = await client.command('CLIENT', 'ID');
    const slow = await proxy.inject(latency({ latencyMs: 3_000 }));

    const started = performance.now();
    const error = await client.get(a, { attemptTimeoutMs: 200 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error).toMatchObject({ kind: 'timeout', attempts: 1, operation: 'get' });
    expect(performance.now() - started).toBeLessThan(2_000);

    await slow.remove();
    // Not GET a's late reply: the timed-out connection was cut, and a fresh one answers.
    expect(await client.get(b)).toBe('value-b');
    expect(await client.command('CLIENT', 'ID')).not.toBe(firstConnection);
    expect(
      await eventually(
        () => connectionsNamed(name),
        (n) => n === 1,
      ),
    ).toBe(1);
  });

  test('a call in flight on a connection cut by another’s timeout is retried and gets its own reply', async () => {
    const { client, proxy, events } = await proxiedRedis({
      retry: { backoff: { initialDelayMs: 10 } },
    });
    const [a, b] = [key('a'), key('b')];
    await admin().mset(a, 'value-a', b, 'value-b');
    await client.get(a);
    const slow = await proxy.inject(latency({ latencyMs: 1_000 }));
    const timedOut = client.get(a, { timeoutMs: 200 });
    const other = client.get(b, { attemptTimeoutMs: 5_000, timeoutMs: 10_000 });
    await expect(timedOut).rejects.toBeInstanceOf(TimeoutError);
    await slow.remove();
    expect(await other).toBe('value-b');
    const otherAttempts = eventsOf(events, 'attempt').filter((e) => e.context?.['key'] === b);
    expect(otherAttempts[0]).toMatchObject({ outcome: 'failure', kind: 'connection' });
    expect(otherAttempts.at(-1)).toMatchObject({ outcome: 'success' });
  });

  test('a caller’s abort is no timeout: reported as aborted, and the connection is spared', async () => {
    const { client, proxy, events } = await proxiedRedis();
    const [a, b] = [key('a'), key('b')];
    await admin().mset(a, 'value-a', b, 'value-b');
    await client.get(a);
    await proxy.inject(latency({ latencyMs: 300 }));
    const controller = new AbortController();
    const abandoned = client.get(a, { signal: controller.signal });
    const other = client.get(b);
    setTimeout(() => controller.abort(new Error('the user went away')), 50);
    await expect(abandoned).rejects.toBeInstanceOf(AbortedError);
    expect(await other).toBe('value-b');
    // One attempt: the abandoned GET's late reply went to it, not to this one.
    const call = eventsOf(events, 'call').find((c) => c.context?.['key'] === b);
    expect(call).toMatchObject({ outcome: 'success', attempts: 1 });
  });

  test('a blackholed Redis never hangs a call, and leaves no socket behind', async () => {
    const { client, proxy, events } = await proxiedRedis({
      breaker: false,
      timeout: { attemptMs: 200, totalMs: 1_000 },
    });
    const k = key();
    await admin().set(k, 'after the blackhole');
    await client.get(k);
    await proxy.inject(timeout({ timeoutMs: 0 }));
    const sockets = tcpSockets();

    const started = performance.now();
    await expect(client.get(k)).rejects.toBeInstanceOf(TimeoutError);
    expect(performance.now() - started).toBeLessThan(3_000);
    const attempts = eventsOf(events, 'attempt').slice(1);
    expect(attempts.length).toBeGreaterThanOrEqual(2);
    expect(attempts.every((a) => a.kind === 'timeout')).toBe(true);
    // Each timed-out attempt's connection was cut: none is left open.
    expect(await eventually(tcpSockets, (n) => n <= sockets)).toBeLessThanOrEqual(sockets);

    await proxy.clear();
    expect(await client.get(k)).toBe('after the blackhole');
  });
});
