// The Redis client against the real Redis, through a real Toxiproxy: the ten categories of
// tests/integration/README.md, plus no double-applied write across injected faults.
// Timing: lower bounds are what a policy or a toxic guarantees; upper bounds are generous,
// because a loaded 2-core machine can stall any process but never speeds a toxic up.
import { randomBytes } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import { describe, expect, test } from 'vitest';
import { pino } from 'pino';
import {
  AbortedError,
  BulkheadFullError,
  CircuitOpenError,
  RateLimitedError,
  TimeoutError,
  UpstreamError,
} from '../../../src/core/errors.ts';
import type { PipelineEvent } from '../../../src/core/pipeline-events.ts';
import { attachLogger } from '../../../src/core/telemetry/attach-logger.ts';
import { latency, limitData, resetPeer, timeout } from '../../../src/testkit/faults/toxics.ts';
import {
  admin,
  connectionsNamed,
  eventually,
  eventsOf,
  key,
  proxiedRedis,
  redisService,
  tcpSockets,
} from './redis/redis-harness.ts';

describe('1. happy path', () => {
  test('strings, keys, hashes and lists return parsed replies, in one attempt each', async () => {
    const { client, events, name } = await proxiedRedis();
    const [text, counter, hash, list] = [key('text'), key('counter'), key('hash'), key('list')];

    await client.set(text, 'hello', { ttlMs: 60_000 });
    expect(await client.get(text)).toBe('hello');
    expect(await admin().pttl(text)).toBeGreaterThan(50_000);
    expect(await client.get(key('missing'))).toBeNull();
    expect(await client.incr(counter)).toBe(1);
    expect(await client.incr(counter)).toBe(2);
    expect(await client.expire(counter, 60)).toBe(true);
    expect(await client.expire(key('missing'), 60)).toBe(false);
    expect(await client.hset(hash, { a: '1', b: 2 })).toBe(2);
    expect(await client.hget(hash, 'b')).toBe('2');
    expect(await client.hgetall(hash)).toEqual({ a: '1', b: '2' });
    expect(await client.rpush(list, ['b', 'c'])).toBe(2);
    expect(await client.lpush(list, ['a'])).toBe(3);
    expect(await client.lrange(list, 0, -1)).toEqual(['a', 'b', 'c']);
    expect(await client.del([text, counter])).toBe(2);
    expect(await admin().exists(text, counter)).toBe(0);

    const calls = eventsOf(events, 'call');
    expect(calls).toHaveLength(14);
    expect(calls.every((call) => call.outcome === 'success' && call.attempts === 1)).toBe(true);
    expect(eventsOf(events, 'retry')).toEqual([]);
    expect(client.breaker?.state.state).toBe('closed');
    // One connection carried them all.
    expect(await connectionsNamed(name)).toBe(1);
  });

  test('command sends any command; pipeline and multi return every reply in order', async () => {
    const { client } = await proxiedRedis();
    const [zset, a, b] = [key('zset'), key('a'), key('b')];
    expect(await client.command('PING')).toBe('PONG');
    expect(await client.command('ZADD', zset, 2, 'two', 1, 'one')).toBe(2);
    expect(await client.command('ZRANGE', zset, 0, -1, { timeoutMs: 2_000 })).toEqual([
      'one',
      'two',
    ]);
    expect(
      await client.pipeline([
        ['SET', a, 'x'],
        ['INCR', b],
        ['GET', a],
      ]),
    ).toEqual(['OK', 1, 'x']);
    expect(
      await client.multi([
        ['INCR', b],
        ['INCRBY', b, 10],
        ['GET', b],
      ]),
    ).toEqual([2, 12, '12']);
  });
});

/** Backoff without jitter, long enough for the test to lift a fault during the first sleep. */
const steadyBackoff = { initialDelayMs: 300, multiplier: 2, jitter: 'none' } as const;

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

describe('3. retry exhaustion', () => {
  test('every attempt refused: an UpstreamError with the attempts and the cause, no endless loop', async () => {
    const { client, proxy, events } = await proxiedRedis({ breaker: false });
    await proxy.down();
    const started = performance.now();
    const error = await client.get(key()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UpstreamError);
    expect(error).toMatchObject({
      service: 'redis',
      operation: 'get',
      kind: 'connection',
      retriable: true,
      attempts: 3,
      upstreamCode: 'ECONNREFUSED',
      message:
        'redis.get failed after 3 attempts: could not connect: connection refused (ECONNREFUSED)',
    });
    expect(eventsOf(events, 'attempt')).toHaveLength(3);
    expect(eventsOf(events, 'call')[0]).toMatchObject({ giveUpReason: 'max_attempts' });
    expect(performance.now() - started).toBeLessThan(5_000);
  });

  test('every connection reset: the message says so', async () => {
    const { client, proxy } = await proxiedRedis({ breaker: false });
    await proxy.inject(resetPeer());
    await expect(client.get(key())).rejects.toMatchObject({
      kind: 'connection',
      attempts: 3,
      message: expect.stringMatching(
        /^redis\.get failed after 3 attempts: .*connection reset \(ECONNRESET\)$/,
      ),
    });
  });
});

describe('4. fail fast', () => {
  test('WRONGTYPE is the caller’s error: one attempt, and the breaker does not count it', async () => {
    const { client, events } = await proxiedRedis({ breaker: { consecutiveFailures: 2 } });
    const list = key('list');
    await client.rpush(list, ['a']);
    for (let i = 0; i < 3; i++) {
      await expect(client.get(list)).rejects.toMatchObject({
        name: 'UpstreamError',
        kind: 'client',
        retriable: false,
        attempts: 1,
        upstreamCode: 'WRONGTYPE',
        message:
          'redis.get failed after 1 attempt: WRONGTYPE Operation against a key holding the wrong kind of value',
      });
    }
    expect(eventsOf(events, 'retry')).toEqual([]);
    expect(client.breaker?.state.state).toBe('closed');
  });

  test('a syntax error and an unknown command fail at once', async () => {
    const { client } = await proxiedRedis();
    await expect(client.command('SET', key())).rejects.toMatchObject({
      kind: 'client',
      attempts: 1,
      message: expect.stringContaining("wrong number of arguments for 'set' command"),
    });
    await expect(client.command('NOSUCHCOMMAND')).rejects.toMatchObject({
      kind: 'client',
      attempts: 1,
      upstreamCode: 'ERR',
    });
  });

  test('a wrong password fails once, as auth, and the message holds no password', async () => {
    const wrong = `wrong-${randomBytes(8).toString('hex')}`;
    const { client, events } = await proxiedRedis({ password: wrong });
    const started = performance.now();
    const error = await client.get(key()).catch((e: unknown) => e);
    expect(error).toMatchObject({
      kind: 'auth',
      retriable: false,
      attempts: 1,
      upstreamCode: 'WRONGPASS',
      message: 'redis.get failed after 1 attempt: wrong username or password (WRONGPASS)',
    });
    expect(eventsOf(events, 'attempt')).toHaveLength(1);
    expect(performance.now() - started).toBeLessThan(2_000);
    const text = `${String(error)} ${JSON.stringify(error)} ${JSON.stringify(events)}`;
    expect(text).not.toContain(wrong);
    expect(text).not.toContain(redisService.password);
  });
});

describe('5. the breaker opens', () => {
  test('after its threshold, calls fail at once and nothing leaves, even once Redis is back', async () => {
    const { client, proxy, events, name } = await proxiedRedis({
      retry: false,
      breaker: { consecutiveFailures: 3, openDurationMs: 60_000 },
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

describe('6. the breaker recovers', () => {
  const breaker = { consecutiveFailures: 2, openDurationMs: 300 };

  async function opened() {
    const redis = await proxiedRedis({ retry: false, breaker });
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

describe('7. rate limiting', () => {
  test('calls beyond the rate wait for a permit; measured throughput stays within it', async () => {
    const rate = 20;
    const { client, events } = await proxiedRedis({ rateLimit: { ratePerSecond: rate, burst: 1 } });
    const k = key();
    await admin().set(k, 'paced');
    await client.get(k); // connects, and spends the one token of the burst
    const started = performance.now();
    const replies = await Promise.all(Array.from({ length: rate }, () => client.get(k)));
    const elapsed = performance.now() - started;
    expect(replies.every((reply) => reply === 'paced')).toBe(true);
    // A token every 50 ms: the twentieth call cannot start before a second has passed.
    expect(elapsed).toBeGreaterThanOrEqual(1_000 - 20);
    expect((rate / elapsed) * 1_000).toBeLessThanOrEqual(rate * 1.05);
    expect(eventsOf(events, 'rejection')).toEqual([]);
  });

  test('in reject mode, calls beyond the burst fail at once without leaving', async () => {
    const { client, events } = await proxiedRedis({
      rateLimit: { ratePerSecond: 1, burst: 2, mode: 'reject' },
    });
    const settled = await Promise.allSettled(Array.from({ length: 5 }, () => client.get(key())));
    const rejected = settled.filter((s) => s.status === 'rejected').map((s) => s.reason);
    expect(settled.filter((s) => s.status === 'fulfilled')).toHaveLength(2);
    expect(rejected).toHaveLength(3);
    for (const error of rejected) {
      expect(error).toBeInstanceOf(RateLimitedError);
      expect(error).toMatchObject({ kind: 'rate_limited', attempts: 0 });
      expect((error as RateLimitedError).retryAfterMs).toBeGreaterThan(0);
    }
    expect(eventsOf(events, 'attempt')).toHaveLength(2);
  });
});

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
    await expect(client.get(key())).rejects.toMatchObject({
      kind: 'client',
      attempts: 2,
      message: 'redis.get failed after 2 attempts: the client is closed',
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

describe('10. observability', () => {
  test('structured logs carry service, operation, attempt, kind, code and key; never a secret', async () => {
    const records: Record<string, unknown>[] = [];
    const logger = pino(
      { level: 'debug' },
      { write: (line: string) => records.push(JSON.parse(line)) },
    );
    const { client, proxy } = await proxiedRedis({ retry: { backoff: steadyBackoff } });
    using _logs = attachLogger(client.events, logger);
    const k = key('session');
    const secretValue = `value-${randomBytes(8).toString('hex')}`;
    await client.set(k, secretValue);
    await proxy.down();
    await eventually(
      () => client.status,
      (status) => status === 'end',
    );
    client.events.on((event) => {
      if (event.type === 'retry') void proxy.up();
    });
    expect(await client.get(k)).toBe(secretValue);

    const wrong = `wrong-${randomBytes(8).toString('hex')}`;
    const impostor = await proxiedRedis({ password: wrong });
    using _impostorLogs = attachLogger(impostor.client.events, logger);
    await expect(impostor.client.get(k)).rejects.toMatchObject({ kind: 'auth' });

    const common = { service: 'redis', command: 'GET', key: k };
    expect(records).toContainEqual(
      expect.objectContaining({
        ...common,
        level: 30,
        event: 'bulwark.attempt',
        operation: 'get',
        attempt: 1,
        outcome: 'failure',
        kind: 'connection',
        code: 'ECONNREFUSED',
      }),
    );
    expect(records).toContainEqual(
      expect.objectContaining({
        ...common,
        level: 40,
        event: 'bulwark.retry',
        attempt: 1,
        delayMs: 300,
      }),
    );
    expect(records).toContainEqual(
      expect.objectContaining({
        ...common,
        event: 'bulwark.call',
        outcome: 'success',
        attempts: 2,
      }),
    );
    expect(records).toContainEqual(
      expect.objectContaining({
        ...common,
        level: 50,
        event: 'bulwark.call',
        outcome: 'failure',
        kind: 'auth',
        code: 'WRONGPASS',
        msg: expect.stringContaining('redis.get'),
      }),
    );
    const text = JSON.stringify(records);
    expect(text).not.toContain(redisService.password);
    expect(text).not.toContain(wrong);
    expect(text).not.toContain(secretValue);
  });
});

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
