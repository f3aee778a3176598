import { Cluster, Redis } from 'ioredis';
import { describe, expect, onTestFinished, test } from 'vitest';
import { createFleetRateLimiter } from '../../../src/fleet/index.ts';
import { uniqueName } from '../../../src/testkit/isolation.ts';
import { startRedisCluster } from '../../../src/testkit/start-redis-cluster.ts';
import { clusterClient } from '../support/cluster-client.ts';
import { clusterMasters, slotOf, serves } from '../support/cluster-slots.ts';

describe('a fleet rate limit on a Redis Cluster whose master fails', () => {
  test('a fleet rate limit carries on through a master killed under it', async () => {
    const own = await startRedisCluster();
    onTestFinished(() => own.stop());
    const client = clusterClient(own.endpoint);
    const name = uniqueName('cluster-limit');
    const limiter = createFleetRateLimiter({
      redis: client,
      name,
      ratePerSecond: 200,
      whenRedisFails: { instances: 1 },
    });
    expect(await limiter.acquire(0)).toBe(0);
    const raw = new Cluster([...own.endpoint.nodes], {
      redisOptions: { password: own.endpoint.password },
    });
    onTestFinished(() => void raw.disconnect());
    const slot = await slotOf(raw, `bulwark:rate:{${name}}:`);
    const master = (await clusterMasters(raw)).find((m) => serves(m, slot));
    if (master === undefined) throw new Error('no master serves the limit');
    const onMaster = new Redis({ ...master, password: own.endpoint.password });
    await onMaster.call('WAIT', '1', '2000');
    onMaster.disconnect();

    const switches: string[] = [];
    limiter.fallback.events.on((event) => switches.push(event.to));
    await own.stopNode(master);
    // Asks every 10 ms until the limit is back on Redis (a replica promoted), at most 10 s.
    const until = performance.now() + 10_000;
    let slowestMs = 0;
    let granted = 0;
    while (performance.now() < until && switches.length < 2) {
      const asked = performance.now();
      if ((await limiter.acquire(0)) === 0) granted++;
      slowestMs = Math.max(slowestMs, performance.now() - asked);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    expect(switches).toEqual(['local', 'redis']);
    expect(granted).toBeGreaterThan(0);
    // No decision waited past the limiter's Redis timeout (50 ms) by much.
    expect(slowestMs).toBeLessThan(150);
    // And it decides on the promoted replica now.
    expect(await limiter.acquire(1_000)).toBe(0);
    expect(limiter.fallback.state.on).toBe('redis');
  }, 30_000);
});
