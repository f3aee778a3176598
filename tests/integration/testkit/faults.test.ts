import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { setTimeout as delay } from 'node:timers/promises';
import { describe, expect, inject, test } from 'vitest';
import { createFaultProxy } from '../../../src/testkit/faults/fault-proxy.ts';
import type { FaultProxy } from '../../../src/testkit/faults/fault-proxy.ts';
import { ToxiproxyClient } from '../../../src/testkit/faults/toxiproxy-client.ts';
import { ToxiproxyError } from '../../../src/testkit/faults/toxiproxy-error.ts';
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
import { bulkReplyLength, openRedis } from './raw-redis-socket.ts';
import type { RawRedisSocket } from './raw-redis-socket.ts';

// Timing: lower bounds are what the toxic guarantees; upper bounds are generous, because a
// loaded 2-core machine can stall any process for a while but never speeds a toxic up.
const slack = 2_000;
const pong = '+PONG\r\n';

const services = inject('bulwarkServices');
const redis = services.redis;
const client = new ToxiproxyClient(services.toxiproxy.apiUrl);

function open(proxy: FaultProxy): Promise<RawRedisSocket> {
  return openRedis(proxy, redis.password);
}

/** Round-trip time of one PING, asserting the reply. */
async function timePing(socket: RawRedisSocket): Promise<number> {
  const start = performance.now();
  expect(await socket.call(pong, 'PING')).toBe(pong);
  return performance.now() - start;
}

/** Stores a random value of `size` bytes (straight to Redis, no proxy) and returns it. */
async function storeValue(size: number): Promise<{ key: string; value: string }> {
  const key = `bulwark:faults:${randomBytes(6).toString('hex')}`;
  const value = randomBytes(size / 2).toString('hex');
  const direct = await openRedis(redis, redis.password);
  expect(await direct.call('+OK\r\n', 'SET', key, value, 'PX', '120000')).toBe('+OK\r\n');
  direct.destroy();
  return { key, value };
}

/** Resolves to 'silent' if nothing at all arrives within `ms`. */
async function silentFor(socket: RawRedisSocket, ms: number): Promise<string> {
  const reply = socket.read(1).then(
    () => 'replied',
    () => 'closed',
  );
  return Promise.race([reply, delay(ms, 'silent')]);
}

describe('ToxiproxyClient', () => {
  test('reads the version and creates a proxy on the port the OS chose', async () => {
    expect(await client.version()).toMatch(/\S/);
    const proxy = await useFaultProxy(redis.proxyUpstream);
    expect(proxy.port).toBeGreaterThan(0);
    expect((await client.getProxy(proxy.name)).listen).toBe(proxy.address);
    expect(await timePing(await open(proxy))).toBeLessThan(slack);
    const listed = (await client.listProxies()).find((p) => p.name === proxy.name);
    expect(listed).toMatchObject({ port: proxy.port, upstream: redis.proxyUpstream });
  });

  test('a proxy created disabled still reports its real port, and refuses until enabled', async () => {
    const name = `bulwark-disabled-${randomBytes(4).toString('hex')}`;
    const created = await client.createProxy({
      name,
      upstream: redis.proxyUpstream,
      enabled: false,
    });
    try {
      expect(created).toMatchObject({ enabled: false });
      expect(created.port).toBeGreaterThan(0);
      await expect(openRedis(created, redis.password)).rejects.toMatchObject({
        code: 'ECONNREFUSED',
      });
      await client.setEnabled(name, true);
      expect(await timePing(await openRedis(created, redis.password))).toBeLessThan(slack);
    } finally {
      await client.deleteProxy(name);
    }
  });

  test("errors name the proxy and toxic, with Toxiproxy's status and text", async () => {
    const missing = client.getProxy('bulwark-no-such-proxy');
    await expect(missing).rejects.toBeInstanceOf(ToxiproxyError);
    await expect(missing).rejects.toMatchObject({
      status: 404,
      code: 'BULWARK_TOXIPROXY',
      message: expect.stringMatching(/proxy "bulwark-no-such-proxy".*HTTP 404: proxy not found/),
    });
    const proxy = await useFaultProxy(redis.proxyUpstream);
    await proxy.inject(latency({ latencyMs: 1, name: 'twice' }));
    await expect(proxy.inject(latency({ latencyMs: 1, name: 'twice' }))).rejects.toThrow(
      `toxiproxy: cannot add latency toxic "twice" to proxy "${proxy.name}" (HTTP 409: toxic already exists)`,
    );
  });
});

describe('toxics, observed through a real Redis', () => {
  test('latency delays the reply, and upstream latency adds to it', async () => {
    const proxy = await useFaultProxy(redis.proxyUpstream);
    const socket = await open(proxy);
    await proxy.inject(latency({ latencyMs: 200 }));
    const down = await timePing(socket);
    expect(down).toBeGreaterThanOrEqual(200);
    expect(down).toBeLessThan(200 + slack);
    // A second toxic of the same type stacks: the default names do not clash.
    await proxy.inject(latency({ latencyMs: 150, direction: 'upstream' }));
    const both = await timePing(socket);
    expect(both).toBeGreaterThanOrEqual(350);
    expect(both).toBeLessThan(350 + slack);
  });

  test('direction: downstream acts on replies, upstream on requests', async () => {
    const direct = await openRedis(redis, redis.password);
    const stored = async (key: string): Promise<boolean> => {
      const reply = await direct.call(4, 'EXISTS', key); // ':0\r\n' or ':1\r\n'
      return reply === ':1\r\n';
    };
    for (const direction of ['downstream', 'upstream'] as const) {
      const proxy = await useFaultProxy(redis.proxyUpstream);
      const socket = await open(proxy);
      await proxy.inject(timeout({ timeoutMs: 0, direction }));
      const key = `bulwark:faults:${randomBytes(6).toString('hex')}`;
      socket.send('SET', key, 'v', 'PX', '120000');
      expect(await silentFor(socket, 500)).toBe('silent');
      // Downstream swallows only the reply, so the write happened; upstream, the request.
      expect(await stored(key)).toBe(direction === 'downstream');
    }
    direct.destroy();
  });

  test('toxicity 0 spares every connection', async () => {
    const proxy = await useFaultProxy(redis.proxyUpstream);
    await proxy.inject(latency({ latencyMs: 1_000, toxicity: 0 }));
    expect(await timePing(await open(proxy))).toBeLessThan(500);
  });

  test('removing a fault restores normal behaviour', async () => {
    const proxy = await useFaultProxy(redis.proxyUpstream);
    const socket = await open(proxy);
    const fault = await proxy.inject(latency({ latencyMs: 1_000 }));
    expect(await timePing(socket)).toBeGreaterThanOrEqual(1_000);
    await fault.remove();
    expect(await timePing(socket)).toBeLessThan(500);
    await fault.remove(); // idempotent
  });

  test('jitter spreads the delay within latency ± jitter', async () => {
    const proxy = await useFaultProxy(redis.proxyUpstream);
    const socket = await open(proxy);
    await proxy.inject(latency({ latencyMs: 300, jitterMs: 200 }));
    const times: number[] = [];
    for (let i = 0; i < 10; i++) times.push(await timePing(socket));
    expect(Math.min(...times)).toBeGreaterThanOrEqual(100);
    expect(Math.max(...times)).toBeLessThan(500 + slack);
    // Uniform over 400 ms: ten samples all within 40 ms of each other is a 1-in-10^8 event.
    expect(Math.max(...times) - Math.min(...times)).toBeGreaterThan(40);
  });

  test('bandwidth makes a 100 KB reply take about size / rate', async () => {
    const { key, value } = await storeValue(100_000);
    const proxy = await useFaultProxy(redis.proxyUpstream);
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
    const proxy = await useFaultProxy(redis.proxyUpstream);
    const socket = await open(proxy);
    const before = socket.received;
    const fault = await proxy.inject(timeout({ timeoutMs: 0 }));
    socket.send('PING');
    expect(await silentFor(socket, 750)).toBe('silent');
    await fault.remove();
    // Toxiproxy closes (FIN) the connections a timeout toxic held when it is removed;
    // the swallowed reply never comes. New connections work normally.
    const ending = await socket.ended;
    expect(ending).toMatchObject({ code: undefined, received: before });
    expect(await timePing(await open(proxy))).toBeLessThan(slack);
  });

  test('timeout > 0 swallows replies, then closes the connection', async () => {
    const proxy = await useFaultProxy(redis.proxyUpstream);
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
    const proxy = await useFaultProxy(redis.proxyUpstream);
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

  test('reset_peer closes connections already open without a reset', async () => {
    const proxy = await useFaultProxy(redis.proxyUpstream);
    const socket = await open(proxy);
    const before = socket.received;
    await proxy.inject(resetPeer());
    socket.send('PING');
    expect(await socket.ended).toMatchObject({ code: undefined, received: before });
  });

  test('limit_data closes the connection after exactly that many bytes', async () => {
    const { key } = await storeValue(100_000);
    const proxy = await useFaultProxy(redis.proxyUpstream);
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
    const proxy = await useFaultProxy(redis.proxyUpstream);
    const socket = await open(proxy);
    await proxy.inject(slicer({ averageSize: 1_000, sizeVariation: 200, delayMicros: 5_000 }));
    const before = socket.chunks.length;
    const reply = await socket.call(bulkReplyLength(value.length), 'GET', key);
    expect(reply).toBe(`$${value.length}\r\n${value}\r\n`);
    // About 20 slices; unsliced, loopback delivers 20 KB in one or two reads.
    const chunks = socket.chunks.slice(before);
    expect(chunks.length).toBeGreaterThanOrEqual(10);
    expect(Math.max(...chunks.map((c) => c.bytes))).toBeLessThanOrEqual(2_400);
  });

  test('slow_close delays the close after the service hung up', async () => {
    const proxy = await useFaultProxy(redis.proxyUpstream);
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

describe('FaultProxy', () => {
  test('down refuses connections and closes open ones; up brings it back on the same port', async () => {
    const proxy = await useFaultProxy(redis.proxyUpstream);
    const socket = await open(proxy);
    const before = socket.received;
    await proxy.down();
    expect(await socket.ended).toMatchObject({ received: before });
    await expect(open(proxy)).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    await proxy.up();
    expect(await timePing(await open(proxy))).toBeLessThan(slack);
  });

  test("down's handle brings the proxy back up when disposed", async () => {
    const proxy = await useFaultProxy(redis.proxyUpstream);
    {
      await using _down = await proxy.down();
      await expect(open(proxy)).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    }
    expect(await timePing(await open(proxy))).toBeLessThan(slack);
  });

  test('clear removes every toxic and brings the proxy up', async () => {
    const proxy = await useFaultProxy(redis.proxyUpstream);
    const fault = await proxy.inject(latency({ latencyMs: 1_000 }));
    await proxy.inject(timeout({ timeoutMs: 0, direction: 'upstream' }));
    await proxy.down();
    await proxy.clear();
    expect((await client.getProxy(proxy.name)).toxics).toEqual([]);
    expect(await timePing(await open(proxy))).toBeLessThan(500);
    await fault.remove(); // already cleared: not an error
  });

  test('disposal deletes the proxy', async () => {
    let address: { host: string; port: number } | undefined;
    let name = '';
    {
      await using proxy = await createFaultProxy(client, { upstream: redis.proxyUpstream });
      ({ name } = proxy);
      address = { host: proxy.host, port: proxy.port };
      expect((await client.listProxies()).map((p) => p.name)).toContain(name);
    }
    expect((await client.listProxies()).map((p) => p.name)).not.toContain(name);
    await expect(openRedis(address, redis.password)).rejects.toMatchObject({
      code: 'ECONNREFUSED',
    });
  });

  test('two proxies in front of one service are independent', async () => {
    const faulty = await useFaultProxy(redis.proxyUpstream);
    const healthy = await useFaultProxy(redis.proxyUpstream);
    expect(faulty.name).not.toBe(healthy.name);
    expect(faulty.port).not.toBe(healthy.port);
    const faultySocket = await open(faulty);
    const healthySocket = await open(healthy);
    await faulty.inject(timeout({ timeoutMs: 0 }));
    faultySocket.send('PING');
    expect(await timePing(healthySocket)).toBeLessThan(500);
    expect(await silentFor(faultySocket, 500)).toBe('silent');
    await faulty.down();
    expect(await timePing(await open(healthy))).toBeLessThan(500);
  });
});

describe('useFaultProxy', () => {
  let leftBehind = '';

  // Fails on purpose: the proxy must be deleted even so (checked by the next test).
  test.fails('deletes its proxy when the test fails', async () => {
    const proxy = await useFaultProxy(redis.proxyUpstream);
    leftBehind = proxy.name;
    throw new Error('this test fails on purpose');
  });

  test('…and the proxy of the failed test is gone', async () => {
    expect(leftBehind).not.toBe('');
    expect((await client.listProxies()).map((p) => p.name)).not.toContain(leftBehind);
  });
});
