// Each toxic observed against a real Redis through a real Toxiproxy, with a raw socket so
// that nothing (no driver's retries, buffering or reconnects) stands between the fault and
// what the test sees.
import { performance } from 'node:perf_hooks';
import { describe, expect, inject, test } from 'vitest';
import type { FaultProxy } from '../../../src/testkit/faults/fault-proxy.ts';
import {
  bandwidth,
  latency,
  limitData,
  resetPeer,
  slicer,
  slowClose,
  timeout,
} from '../../../src/testkit/faults/toxics.ts';
import { useFaultProxy } from '../../../src/testkit/faults/use-fault-proxy.ts';
import { bulkReplyLength, openRedis, uniqueKey } from './raw-redis-socket.ts';
import type { RawRedisSocket } from './raw-redis-socket.ts';

// Timing: lower bounds are what the toxic guarantees; upper bounds are generous, because a
// loaded 2-core machine can stall any process for a while but never speeds a toxic up.
const slack = 2_000;

const redis = inject('bulwarkServices').redis;

function open(proxy: FaultProxy): Promise<RawRedisSocket> {
  return openRedis(proxy, redis.password);
}

function proxyRedis(): Promise<FaultProxy> {
  return useFaultProxy(redis.proxyUpstream);
}

/** Stores a random value of `size` bytes (straight to Redis, no proxy) and returns it. */
async function storeValue(size: number): Promise<{ key: string; value: string }> {
  const key = uniqueKey();
  const value = 'x'.repeat(size - 8) + Math.random().toFixed(6);
  const direct = await openRedis(redis, redis.password);
  expect(await direct.call('+OK\r\n', 'SET', key, value, 'PX', '120000')).toBe('+OK\r\n');
  direct.destroy();
  return { key, value };
}

describe('toxics, observed through a real Redis', () => {
  test('latency delays the reply, and a second latency toxic adds to it', async () => {
    const proxy = await proxyRedis();
    const socket = await open(proxy);
    await proxy.inject(latency({ latencyMs: 200 }));
    const one = await socket.ping();
    expect(one).toBeGreaterThanOrEqual(200);
    expect(one).toBeLessThan(200 + slack);
    // Stacked: the default names of two toxics of one type do not clash.
    await proxy.inject(latency({ latencyMs: 150, direction: 'upstream' }));
    const both = await socket.ping();
    expect(both).toBeGreaterThanOrEqual(350);
    expect(both).toBeLessThan(350 + slack);
  });

  test('direction: downstream acts on replies, upstream on requests', async () => {
    const direct = await openRedis(redis, redis.password);
    for (const direction of ['downstream', 'upstream'] as const) {
      const proxy = await proxyRedis();
      const socket = await open(proxy);
      await proxy.inject(timeout({ timeoutMs: 0, direction }));
      const key = uniqueKey();
      socket.send('SET', key, 'v', 'PX', '120000');
      expect(await socket.silentFor(500)).toBe('silent');
      // Downstream swallows only the reply, so the write happened; upstream, the request.
      const exists = await direct.call(':0\r\n', 'EXISTS', key);
      expect(exists).toBe(direction === 'downstream' ? ':1\r\n' : ':0\r\n');
    }
    direct.destroy();
  });

  test('toxicity 0 spares every connection', async () => {
    const proxy = await proxyRedis();
    await proxy.inject(latency({ latencyMs: 1_000, toxicity: 0 }));
    expect(await (await open(proxy)).ping()).toBeLessThan(500);
  });

  test('removing a fault restores normal behaviour', async () => {
    const proxy = await proxyRedis();
    const socket = await open(proxy);
    const fault = await proxy.inject(latency({ latencyMs: 1_000 }));
    expect(await socket.ping()).toBeGreaterThanOrEqual(1_000);
    await fault.remove();
    expect(await socket.ping()).toBeLessThan(500);
    await fault.remove(); // idempotent
  });

  test('jitter spreads the delay within latency ± jitter', async () => {
    const proxy = await proxyRedis();
    const socket = await open(proxy);
    await proxy.inject(latency({ latencyMs: 300, jitterMs: 200 }));
    const times: number[] = [];
    for (let i = 0; i < 10; i++) times.push(await socket.ping());
    expect(Math.min(...times)).toBeGreaterThanOrEqual(100);
    expect(Math.max(...times)).toBeLessThan(500 + slack);
    // Uniform over 400 ms: ten samples all within 40 ms of each other is a 1-in-10^8 event.
    expect(Math.max(...times) - Math.min(...times)).toBeGreaterThan(40);
  });

  test('bandwidth makes a 100 KB reply take about size / rate', async () => {
    const { key, value } = await storeValue(100_000);
    const proxy = await proxyRedis();
    const socket = await open(proxy);
    await proxy.inject(bandwidth({ kilobytesPerSecond: 100 }));
    const start = performance.now();
    const reply = await socket.call(bulkReplyLength(value.length), 'GET', key);
    const elapsed = performance.now() - start;
    expect(reply).toBe(`$${value.length}\r\n${value}\r\n`);
    // 100 000 bytes at 100 000 bytes/s: one second, less the first slice sent at once.
    expect(elapsed).toBeGreaterThanOrEqual(850);
    expect(elapsed).toBeLessThan(1_000 + slack);
  });

  test('timeout 0 swallows replies until removed; removal closes the connections it held', async () => {
    const proxy = await proxyRedis();
    const socket = await open(proxy);
    const before = socket.received;
    const fault = await proxy.inject(timeout({ timeoutMs: 0 }));
    socket.send('PING');
    expect(await socket.silentFor(750)).toBe('silent');
    await fault.remove();
    // Toxiproxy closes (FIN) the connections a timeout toxic held when it is removed; the
    // swallowed reply never comes. New connections work normally.
    expect(await socket.ended).toMatchObject({ code: undefined, received: before });
    expect(await (await open(proxy)).ping()).toBeLessThan(slack);
  });

  test('timeout > 0 swallows replies, then closes the connection', async () => {
    const proxy = await proxyRedis();
    const socket = await open(proxy);
    const before = socket.received;
    const injected = performance.now();
    await proxy.inject(timeout({ timeoutMs: 400 }));
    socket.send('PING');
    const ending = await socket.ended;
    expect(ending).toMatchObject({ code: undefined, received: before });
    expect(ending.at - injected).toBeGreaterThanOrEqual(400);
    expect(ending.at - injected).toBeLessThan(400 + slack);
  });

  test('reset_peer resets new connections: the client sees ECONNRESET', async () => {
    const proxy = await proxyRedis();
    await proxy.inject(resetPeer({ timeoutMs: 300 }));
    // Opened after the toxic (Toxiproxy arms the RST only then), and not authenticated:
    // the first bytes Redis sends back, its answer to PING, start the countdown.
    const socket = await openRedis(proxy, '');
    const sent = performance.now();
    socket.send('PING');
    const ending = await socket.ended;
    expect(ending).toMatchObject({ code: 'ECONNRESET', received: 0 });
    expect(ending.at - sent).toBeGreaterThanOrEqual(300);
    expect(ending.at - sent).toBeLessThan(300 + slack);
  });

  test('reset_peer closes connections already open, without a reset', async () => {
    const proxy = await proxyRedis();
    const socket = await open(proxy);
    const before = socket.received;
    await proxy.inject(resetPeer());
    socket.send('PING');
    expect(await socket.ended).toMatchObject({ code: undefined, received: before });
  });

  test('limit_data closes the connection after exactly that many bytes', async () => {
    const { key } = await storeValue(100_000);
    const proxy = await proxyRedis();
    const socket = await open(proxy);
    const before = socket.received;
    // Counted per connection from the toxic's injection: the AUTH reply before is not.
    await proxy.inject(limitData({ bytes: 1_000 }));
    socket.send('GET', key);
    const ending = await socket.ended;
    expect(ending.received - before).toBe(1_000);
  });

  test('slicer delivers the reply intact, in many small chunks', async () => {
    const { key, value } = await storeValue(20_000);
    const proxy = await proxyRedis();
    const socket = await open(proxy);
    await proxy.inject(slicer({ averageSize: 1_000, sizeVariation: 200, delayMicros: 5_000 }));
    const before = socket.chunks.length;
    const reply = await socket.call(bulkReplyLength(value.length), 'GET', key);
    expect(reply).toBe(`$${value.length}\r\n${value}\r\n`);
    // About 20 slices; unsliced, loopback delivers 20 KB in one or two reads.
    const chunks = socket.chunks.slice(before);
    expect(chunks.length).toBeGreaterThanOrEqual(10);
    // Most reads hold one slice (at most 1,200 bytes). Not every read: when this process is
    // held up for two of the 5 ms gaps (a collection, a busy CI core), one read takes in the
    // slices that arrived meanwhile, so the largest read says more about the machine.
    const sizes = chunks.map((c) => c.bytes).sort((a, b) => a - b);
    expect(sizes[Math.floor(sizes.length / 2)]).toBeLessThanOrEqual(1_200);
  });

  test('slow_close delays the close after the service hung up', async () => {
    const proxy = await proxyRedis();
    const socket = await open(proxy);
    await proxy.inject(slowClose({ delayMs: 500 }));
    const sent = performance.now();
    // QUIT: Redis answers +OK and closes its end at once.
    expect(await socket.call('+OK\r\n', 'QUIT')).toBe('+OK\r\n');
    const ending = await socket.ended;
    expect(ending.code).toBeUndefined();
    expect(ending.at - sent).toBeGreaterThanOrEqual(500);
    expect(ending.at - sent).toBeLessThan(500 + slack);
  });
});
