// A bulwark client of a Redis Cluster for a test: short timeouts, closed when the test ends.
import { onTestFinished } from 'vitest';
import { createRedisClient, type RedisClient } from '../../../src/redis/index.ts';
import type { RedisClusterEndpoint } from '../../../src/testkit/services/endpoints.ts';

export function clusterClient(endpoint: RedisClusterEndpoint): RedisClient {
  const client = createRedisClient({
    cluster: { nodes: endpoint.nodes },
    password: endpoint.password,
    timeout: { attemptMs: 500, totalMs: 2_000 },
  });
  onTestFinished(() => client.close());
  return client;
}
