import { beforeAll, describe, expect, inject, onTestFinished, test } from 'vitest';
import { createFleetProbes, createFleetRetryBudget } from '../../../src/fleet/index.ts';
import { createRedisClient } from '../../../src/redis/index.ts';
import type { RedisClusterEndpoint } from '../../../src/testkit/services/endpoints.ts';
import { requireService } from '../../../src/testkit/services/require-service.ts';
import { eventually } from '../support/eventually.ts';
import { limitName } from './fleet-harness.ts';

let cluster: RedisClusterEndpoint;
beforeAll(() => {
  cluster = requireService(inject('bulwarkServices'), 'redisCluster');
});

/** A bulwark client of the shared Cluster, closed when the test ends. */
function clusterRedis() {
  const client = createRedisClient({
    cluster: { nodes: cluster.nodes },
    password: cluster.password,
  });
  onTestFinished(() => client.close());
  return client;
}

describe('the fleet policies on a Redis Cluster', () => {
  test('a retry budget syncs its counts there, and shares out what they allow', async () => {
    const budget = createFleetRetryBudget({
      redis: clusterRedis(),
      name: limitName('cluster-budget'),
      ratio: 0.2,
      minRetriesPerSecond: 0,
      whenRedisFails: 'refuse',
    });
    onTestFinished(() => budget.dispose());
    for (let i = 0; i < 100; i++) budget.onCall();
    // 100 calls at 0.2: 20 retries for the one live instance, once its first sync is back.
    const share = await eventually(
      () => budget.share,
      (n) => n >= 19,
      2_000,
    );
    expect(share).toBeGreaterThanOrEqual(19);
    expect(share).toBeLessThanOrEqual(21);
    expect(budget.fallback.state.on).toBe('redis');
    expect(budget.tryRetry()).toBe(true);
  });

  test('probes take turns there, and a closing is news to the other instances', async () => {
    const name = limitName('cluster-probes');
    const one = createFleetProbes({ redis: clusterRedis(), name });
    const two = createFleetProbes({ redis: clusterRedis(), name });
    const first = await one.takeTurn(1_000);
    expect(first.mine).toBe(true);
    const second = await two.takeTurn(1_000);
    expect(second).toEqual({ mine: false, closings: first.closings });
    one.closed();
    const news = await eventually(
      async () => (await two.takeTurn(1_000)).closings,
      first.closings + 1,
    );
    expect(news).toBe(first.closings + 1);
  });
});
