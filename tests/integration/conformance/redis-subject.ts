// bulwark's Redis client for the conformance suite: reads are GETs, writes INCRs of a key of
// their own, counted by reading the counter back on a direct connection.
import { Redis } from 'ioredis';
import { afterAll, inject } from 'vitest';
import { createRedisClient, type RedisClient } from '../../../src/redis/index.ts';
import type {
  ClientUnderTest,
  ConformanceSubject,
  Endpoint,
} from '../../../src/testkit/conformance/index.ts';
import { workerRedisDatabase } from '../../../src/testkit/isolation.ts';

const redis = inject('bulwarkServices').redis;
const db = workerRedisDatabase();
const direct = new Redis({
  host: redis.host,
  port: redis.port,
  password: redis.password,
  db,
  lazyConnect: true,
});
afterAll(() => direct.quit());

export const bulwarkRedis: ConformanceSubject<ClientUnderTest & { redis: RedisClient }> = {
  name: 'bulwark/redis',
  service: `${redis.host}:${redis.port}`,
  build: (endpoint: Endpoint, policies) => {
    const client = createRedisClient({ ...endpoint, password: redis.password, db, ...policies });
    return {
      redis: client,
      read: () => client.get('conformance:read'),
      write: (key) => client.incr(`conformance:${key}`),
      close: () => client.close(),
      events: client.events,
    };
  },
  timesWritten: async (key) => Number((await direct.get(`conformance:${key}`)) ?? 0),
  // WRONGTYPE: a command against a key of another type is the caller's mistake.
  failFast: async ({ redis: client }) => {
    await direct.hset('conformance:hash', 'field', '1');
    return client.incr('conformance:hash');
  },
  secrets: [redis.password],
  spanAttributes: { 'db.system.name': 'redis', 'db.operation.name': 'GET' },
};
