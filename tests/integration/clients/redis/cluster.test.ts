import { Cluster } from 'ioredis';
import { beforeAll, describe, expect, inject, onTestFinished, test } from 'vitest';
import { uniqueName } from '../../../../src/testkit/isolation.ts';
import type { RedisClusterEndpoint } from '../../../../src/testkit/services/endpoints.ts';
import { requireService } from '../../../../src/testkit/services/require-service.ts';
import { clusterClient } from '../../support/cluster-client.ts';
import { clusterMasters, slotOf, serves } from '../../support/cluster-slots.ts';

const services = inject('bulwarkServices');
let cluster: RedisClusterEndpoint;
beforeAll(() => {
  cluster = requireService(services, 'redisCluster');
});

describe('bulwark/redis on a Redis Cluster', () => {
  test('each command reaches the master of its slot; a batch of one hash tag goes together', async () => {
    const client = clusterClient(cluster);
    const keys = Array.from({ length: 12 }, (_, i) => uniqueName(`cluster-${i}`));
    for (const key of keys) await client.set(key, key);
    for (const key of keys) expect(await client.get(key)).toBe(key);
    expect(client.status).toBe('ready');
    const tag = `{${uniqueName('tag')}}`;
    const replies = await client.batch([
      ['SET', `${tag}:a`, '1'],
      ['INCR', `${tag}:a`],
      ['GET', `${tag}:a`],
    ]);
    expect(replies).toEqual(['OK', 2, '2']);
    // The keys landed on more than one master: the Cluster really routed them.
    const raw = new Cluster([...cluster.nodes], { redisOptions: { password: cluster.password } });
    onTestFinished(() => void raw.disconnect());
    const masters = await clusterMasters(raw);
    const slots = await Promise.all(keys.map((key) => slotOf(raw, key)));
    const used = masters.filter((m) => slots.some((slot) => serves(m, slot)));
    expect(used.length).toBeGreaterThan(1);
    // One key a command: a Cluster refuses keys of several slots together (CROSSSLOT).
    for (const key of keys) await client.del(key);
  });
});
