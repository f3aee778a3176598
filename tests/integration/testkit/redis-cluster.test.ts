import { Cluster, Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { uniqueName } from '../../../src/testkit/isolation.ts';
import type { RedisClusterEndpoint } from '../../../src/testkit/services/endpoints.ts';
import { requireService } from '../../../src/testkit/services/require-service.ts';
import { sendRedisCommands } from '../../../src/testkit/services/resp-probe.ts';
import { clusterMasters, keyServedBy, slotOf } from '../support/cluster-slots.ts';

const services = inject('bulwarkServices');
let cluster: RedisClusterEndpoint;
let client: Cluster;
const direct: Redis[] = [];

beforeAll(async () => {
  cluster = requireService(services, 'redisCluster');
  client = new Cluster([...cluster.nodes], { redisOptions: { password: cluster.password } });
  await new Promise<void>((resolve, reject) => {
    client.once('ready', resolve);
    client.once('error', reject);
  });
});

afterAll(async () => {
  await client.quit();
  for (const redis of direct) redis.disconnect();
});

/** A plain connection to one node, at the address it announces. */
function node(address: { host: string; port: number }): Redis {
  const redis = new Redis({ ...address, password: cluster.password, lazyConnect: true });
  direct.push(redis);
  return redis;
}

const announced = () => cluster.nodes.map(({ host, port }) => `${host}:${port}`);

describe('the Redis Cluster', () => {
  it('stores keys that land on each of its three masters, each on its own master', async () => {
    const masters = await clusterMasters(client);
    expect(masters).toHaveLength(3);
    const prefix = uniqueName('cluster');
    for (const master of masters) {
      const key = await keyServedBy(client, master, prefix);
      expect(await client.set(key, `on ${master.port}`, 'EX', 60)).toBe('OK');
      expect(await client.get(key)).toBe(`on ${master.port}`);
      // Where the cluster client's redirections led: the key lives on that master.
      expect(await node(master).get(key)).toBe(`on ${master.port}`);
    }
  });

  it('has three masters and three replicas, each replica following a master, at addresses this host reaches', async () => {
    const lines = String(await client.call('CLUSTER', 'NODES'))
      .trim()
      .split('\n')
      .map((line) => line.split(' '));
    const role = (flags: string | undefined) =>
      flags?.split(',').find((f) => /^(master|slave)$/.test(f));
    const masters = lines.filter((line) => role(line[2]) === 'master');
    const replicas = lines.filter((line) => role(line[2]) === 'slave');
    expect(masters).toHaveLength(3);
    expect(replicas).toHaveLength(3);
    const masterIds = masters.map((line) => line[0]);
    expect(replicas.map((line) => line[3]).sort()).toEqual([...masterIds].sort());
    // "host:port@busport": the client-facing part is one of the endpoint's nodes.
    const addresses = lines.map((line) => line[1]?.split('@')[0]);
    expect(addresses.sort()).toEqual(announced().sort());
    for (const address of cluster.nodes) expect(await node(address).ping()).toBe('PONG');
  });

  it('redirects a key to the master that serves it, at an address this host reaches', async () => {
    const [first, second] = await clusterMasters(client);
    if (!first || !second) throw new Error('the cluster reports fewer than two masters');
    const key = await keyServedBy(client, second, uniqueName('moved'));
    const error = await node(first)
      .get(key)
      .catch((e: Error) => e);
    expect(String(error)).toMatch(
      `MOVED ${await slotOf(client, key)} ${second.host}:${second.port}`,
    );
    expect(announced()).toContain(`${second.host}:${second.port}`);
  });

  it('puts hash-tagged keys in one slot, so commands over several of them work', async () => {
    const tag = `{${uniqueName('t')}}`;
    const [a, b] = [`${tag}:a`, `${tag}:b`];
    expect(await slotOf(client, a)).toBe(await slotOf(client, b));
    expect(await client.mset(a, '1', b, '2')).toBe('OK');
    expect(await client.mget(a, b)).toEqual(['1', '2']);
    await client.del(a, b);
  });

  it('refuses a wrong password on every node', async () => {
    for (const address of cluster.nodes) {
      const reply = await sendRedisCommands(address, [
        ['AUTH', 'not-the-password'],
        ['GET', 'k'],
      ]);
      expect(reply).toMatch(/^-WRONGPASS[^\r]*\r\n-NOAUTH/);
    }
  });
});
