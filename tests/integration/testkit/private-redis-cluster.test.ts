import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Cluster, Redis } from 'ioredis';
import { describe, expect, it, onTestFinished } from 'vitest';
import { uniqueName } from '../../../src/testkit/isolation.ts';
import { isRunning, processCommandLine } from '../../../src/testkit/process/proc.ts';
import type { ProcessRecord } from '../../../src/testkit/process/service-process.ts';
import { sendRedisCommands } from '../../../src/testkit/services/resp-probe.ts';
import { startRedisCluster } from '../../../src/testkit/start-redis-cluster.ts';
import { clusterMasters, keyServedBy, type MasterSlots } from '../support/cluster-slots.ts';
import { eventually } from '../support/eventually.ts';

/** The process records of a cluster's run (one per node still recorded). */
function records(logsDir: string): ProcessRecord[] {
  const pids = join(dirname(logsDir), 'pids');
  return readdirSync(pids).map(
    (file) => JSON.parse(readFileSync(join(pids, file), 'utf8')) as ProcessRecord,
  );
}

/** SET through the cluster client, as a string: 'OK', or the error it ended with. */
async function trySet(client: Cluster, key: string, value: string): Promise<string> {
  const attempt = client.set(key, value).catch((error: Error) => error.message);
  const timeout = new Promise<string>((resolve) => setTimeout(resolve, 1_000, 'no answer'));
  return Promise.race([attempt, timeout]);
}

/** The address of the master now serving the first slot `before` served, if any does. */
function ownerOf(masters: MasterSlots[], before: MasterSlots): string | undefined {
  const first = before.ranges[0]?.[0];
  const owner = masters.find((m) => m.ranges.some(([from]) => from === first));
  return owner === undefined ? undefined : `${owner.host}:${owner.port}`;
}

describe('startRedisCluster: a cluster of the test’s own', () => {
  it('survives a killed master: its replica takes its slots over within seconds', async () => {
    const cluster = await startRedisCluster();
    onTestFinished(() => cluster.stop());
    const { nodes, password } = cluster.endpoint;
    expect(nodes).toHaveLength(6);
    // Its password is in config files, never on a command line `ps` shows.
    for (const record of records(cluster.logsDir)) {
      expect(processCommandLine(record.pid)).not.toContain(password);
    }

    const client = new Cluster([...nodes], {
      redisOptions: { password, connectTimeout: 500, maxRetriesPerRequest: 1 },
      retryDelayOnFailover: 100,
      retryDelayOnClusterDown: 100,
    });
    client.on('error', () => undefined);
    onTestFinished(() => void client.disconnect());
    const [master] = await clusterMasters(client);
    if (master === undefined) throw new Error('the cluster reports no master');
    const key = await keyServedBy(client, master, uniqueName('failover'));
    expect(await client.set(key, 'before')).toBe('OK');
    // On the replica too before the kill, or the promoted replica may never have seen it.
    const onMaster = new Redis({ ...master, password });
    expect(await onMaster.call('WAIT', '1', '2000')).toBe(1);
    onMaster.disconnect();

    await cluster.stopNode(master);
    const killedAt = performance.now();
    expect(await eventually(() => trySet(client, key, 'after'), 'OK', 10_000)).toBe('OK');
    // About 2.5 s here (a 1 s node timeout, then the election); 10 s for a loaded machine.
    expect(performance.now() - killedAt).toBeLessThan(10_000);

    // The node asked may take in the failover a moment after the write went through (gossip):
    // read its slot map until the slots have their new owner, within the same 10 s.
    const killed = `${master.host}:${master.port}`;
    const owner = await eventually(
      async () => ownerOf(await clusterMasters(client), master),
      (address) => address !== undefined && address !== killed,
      Math.max(0, 10_000 - (performance.now() - killedAt)),
    );
    expect(owner).toBeDefined();
    expect(owner).not.toBe(killed);
    expect(await client.get(key)).toBe('after');
  });

  it('stops every node and leaves no process behind', async () => {
    const cluster = await startRedisCluster();
    const recorded = records(cluster.logsDir);
    expect(recorded.map((record) => record.name).sort()).toEqual(
      [1, 2, 3, 4, 5, 6].map((n) => `redis-cluster-${n}`),
    );
    const [first] = cluster.endpoint.nodes;
    if (first === undefined) throw new Error('the cluster has no nodes');
    // One node stopped alone first: stop() must still stop the others, and forget all six.
    await cluster.stopNode(first);
    await cluster.stop();
    for (const record of recorded) expect(isRunning(record.pid, record.program)).toBe(false);
    expect(records(cluster.logsDir)).toEqual([]);
    for (const address of cluster.endpoint.nodes) {
      await expect(sendRedisCommands(address, [['PING']])).rejects.toMatchObject({
        code: 'ECONNREFUSED',
      });
    }
    await expect(cluster.stopNode({ host: '127.0.0.1', port: 1 })).rejects.toThrow(
      '127.0.0.1:1 is no node of this cluster',
    );
  });
});
