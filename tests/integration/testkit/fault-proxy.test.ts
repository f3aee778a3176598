// The fault API's own contract against a real Toxiproxy: the REST client, a FaultProxy's
// lifecycle (down, up, clear, dispose), isolation between proxies, and useFaultProxy's
// cleanup. The toxics themselves are observed in faults.test.ts.
import { randomBytes } from 'node:crypto';
import { describe, expect, inject, test } from 'vitest';
import { createFaultProxy } from '../../../src/testkit/faults/fault-proxy.ts';
import type { FaultProxy } from '../../../src/testkit/faults/fault-proxy.ts';
import { ToxiproxyClient } from '../../../src/testkit/faults/toxiproxy-client.ts';
import { ToxiproxyError } from '../../../src/testkit/faults/toxiproxy-error.ts';
import { latency, timeout } from '../../../src/testkit/faults/toxics.ts';
import { useFaultProxy } from '../../../src/testkit/faults/use-fault-proxy.ts';
import { freePort } from '../../../src/testkit/process/free-port.ts';
import { openRedis } from './raw-redis-socket.ts';
import type { RawRedisSocket } from './raw-redis-socket.ts';

const services = inject('bulwarkServices');
const redis = services.redis;
const client = new ToxiproxyClient(services.toxiproxy.apiUrl);
// A normal PING takes a millisecond; this only has to tell it from a fault's delay.
const fast = 500;

function open(address: { host: string; port: number }): Promise<RawRedisSocket> {
  return openRedis(address, redis.password);
}

function proxyRedis(): Promise<FaultProxy> {
  return useFaultProxy(redis.proxyUpstream);
}

async function proxyNames(): Promise<string[]> {
  return (await client.listProxies()).map((p) => p.name);
}

describe('ToxiproxyClient', () => {
  test('reads the version and creates a proxy on the port the OS chose', async () => {
    expect(await client.version()).toMatch(/\S/);
    const proxy = await proxyRedis();
    expect(proxy.port).toBeGreaterThan(0);
    expect((await client.getProxy(proxy.name)).listen).toBe(proxy.address);
    expect(await (await open(proxy)).ping()).toBeLessThan(fast);
    const listed = (await client.listProxies()).find((p) => p.name === proxy.name);
    expect(listed).toMatchObject({ port: proxy.port, upstream: redis.proxyUpstream });
  });

  test('a proxy created disabled still reports its real port, and refuses until enabled', async () => {
    const name = `bulwark-disabled-${randomBytes(4).toString('hex')}`;
    const upstream = redis.proxyUpstream;
    const created = await client.createProxy({ name, upstream, enabled: false });
    try {
      expect(created.enabled).toBe(false);
      expect(created.port).toBeGreaterThan(0);
      await expect(open(created)).rejects.toMatchObject({ code: 'ECONNREFUSED' });
      await client.setEnabled(name, true);
      expect(await (await open(created)).ping()).toBeLessThan(fast);
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
    const proxy = await proxyRedis();
    await proxy.inject(latency({ latencyMs: 1, name: 'twice' }));
    await expect(proxy.inject(latency({ latencyMs: 1, name: 'twice' }))).rejects.toThrow(
      `toxiproxy: cannot add latency toxic "twice" to proxy "${proxy.name}" (HTTP 409: toxic already exists)`,
    );
  });
});

describe('FaultProxy', () => {
  test('down refuses connections and closes open ones; up brings it back on the same port', async () => {
    const proxy = await proxyRedis();
    const socket = await open(proxy);
    const before = socket.received;
    await proxy.down();
    expect(await socket.ended).toMatchObject({ received: before });
    await expect(open(proxy)).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    await proxy.up();
    expect(await (await open(proxy)).ping()).toBeLessThan(fast);
  });

  test("down's handle brings the proxy back up when disposed", async () => {
    const proxy = await proxyRedis();
    {
      await using _down = await proxy.down();
      await expect(open(proxy)).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    }
    expect(await (await open(proxy)).ping()).toBeLessThan(fast);
  });

  test('clear removes every toxic and brings the proxy up', async () => {
    const proxy = await proxyRedis();
    const fault = await proxy.inject(latency({ latencyMs: 1_000 }));
    await proxy.inject(timeout({ timeoutMs: 0, direction: 'upstream' }));
    await proxy.down();
    await proxy.clear();
    expect((await client.getProxy(proxy.name)).toxics).toEqual([]);
    expect(await (await open(proxy)).ping()).toBeLessThan(fast);
    await fault.remove(); // already cleared: not an error
  });

  test('disposal deletes the proxy', async () => {
    const created = await createFaultProxy(client, { upstream: redis.proxyUpstream });
    {
      await using proxy = created;
      expect(await proxyNames()).toContain(proxy.name);
    }
    expect(await proxyNames()).not.toContain(created.name);
    await expect(open(created)).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    await created.dispose(); // idempotent
  });

  test('two proxies in front of one service are independent', async () => {
    const faulty = await proxyRedis();
    const healthy = await proxyRedis();
    expect(faulty.name).not.toBe(healthy.name);
    expect(faulty.port).not.toBe(healthy.port);
    const faultySocket = await open(faulty);
    const healthySocket = await open(healthy);
    await faulty.inject(timeout({ timeoutMs: 0 }));
    faultySocket.send('PING');
    expect(await healthySocket.ping()).toBeLessThan(fast);
    expect(await faultySocket.silentFor(500)).toBe('silent');
    await faulty.down();
    expect(await (await open(healthy)).ping()).toBeLessThan(fast);
  });
});

describe('useFaultProxy', () => {
  let leftBehind = '';

  // Fails on purpose: the proxy must be deleted even so (checked by the next test).
  test.fails('deletes its proxy when the test fails', async () => {
    leftBehind = (await proxyRedis()).name;
    throw new Error('this test fails on purpose');
  });

  test('…and the proxy of the failed test is gone', async () => {
    expect(leftBehind).not.toBe('');
    expect(await proxyNames()).not.toContain(leftBehind);
  });
});

describe('a published port pool (Toxiproxy in a container)', () => {
  test('each proxy takes a pool port no other proxy holds, and the pool can run out', async () => {
    // Locally the "published" port is the container port itself: the same code path as
    // under Docker, with an identity mapping.
    const pool = [await freePort(), await freePort()];
    const publishedPorts = Object.fromEntries(pool.map((port) => [String(port), port]));
    const options = { upstream: redis.proxyUpstream, publishedPorts, connectHost: '127.0.0.1' };
    await using first = await createFaultProxy(client, options);
    await using second = await createFaultProxy(client, options);
    expect([first.port, second.port].sort()).toEqual([...pool].sort());
    for (const proxy of [first, second])
      expect(await (await open(proxy)).ping()).toBeLessThan(fast);
    await expect(createFaultProxy(client, options)).rejects.toThrow(
      /every published Toxiproxy port is in use/,
    );
  });
});
