/**
 * What every Redis integration test needs: a bulwark client that reaches the real Redis
 * through a fault proxy of the test's own, a direct connection to check the server's side
 * (values, CLIENT LIST), unique keys that are deleted afterwards, and the client's events.
 */
import { Redis } from 'ioredis';
import { afterAll, afterEach, inject, onTestFinished } from 'vitest';
import type { PipelineEvent } from '../../../../src/core/pipeline-events.ts';
import {
  createRedisClient,
  type RedisClient,
  type RedisClientOptions,
} from '../../../../src/redis/index.ts';
import type { FaultProxy } from '../../../../src/testkit/faults/fault-proxy.ts';
import { uniqueName, workerRedisDatabase } from '../../../../src/testkit/isolation.ts';
import { useFaultProxy } from '../../../../src/testkit/vitest/index.ts';

export const redisService = inject('bulwarkServices').redis;

/** A client under test, the proxy in front of its Redis, and everything it reported. */
export interface ProxiedRedis {
  readonly client: RedisClient;
  readonly proxy: FaultProxy;
  /** The client's connection name, to find it in CLIENT LIST. */
  readonly name: string;
  readonly events: PipelineEvent[];
}

/** Where this worker's Redis database is, and its password, reached through `proxy`. */
export function connectionVia(proxy: FaultProxy) {
  return {
    host: proxy.host,
    port: proxy.port,
    password: redisService.password,
    db: workerRedisDatabase(),
  };
}

/** A client through a fresh fault proxy, closed when the test ends (before the proxy goes). */
export async function proxiedRedis(options: RedisClientOptions = {}): Promise<ProxiedRedis> {
  const proxy = await useFaultProxy(redisService.proxyUpstream);
  const name = uniqueName('bulwark-redis');
  const client = createRedisClient({
    ...connectionVia(proxy),
    connectionName: name,
    ...options,
  });
  const events: PipelineEvent[] = [];
  client.events.on((event) => events.push(event));
  // Registered after useFaultProxy's own hook, so it runs first: the client closes while
  // its proxy still exists.
  onTestFinished(() => client.close());
  return { client, proxy, name, events };
}

let adminConnection: Redis | undefined;

/** A plain ioredis connection straight to Redis (no proxy, no bulwark), to check the server side. */
export function admin(): Redis {
  adminConnection ??= new Redis({
    host: redisService.host,
    port: redisService.port,
    password: redisService.password,
    db: workerRedisDatabase(),
    maxRetriesPerRequest: 1,
  });
  return adminConnection;
}

const keys: string[] = [];

/** A key no other test or worker uses, deleted after the test. */
export function key(prefix = 'k'): string {
  const name = `bulwark:test:${uniqueName(prefix)}`;
  keys.push(name);
  return name;
}

afterEach(async () => {
  if (keys.length > 0) await admin().del(...keys.splice(0));
});

afterAll(async () => {
  await adminConnection?.quit();
});

/** How many connections Redis has open under `name` (CLIENT SETNAME). */
export async function connectionsNamed(name: string): Promise<number> {
  const list = String(await admin().call('CLIENT', 'LIST'));
  return list.split('\n').filter((line) => line.includes(` name=${name} `)).length;
}

export { eventsOf } from '../../../../src/testkit/index.ts';
export { eventually } from '../../support/eventually.ts';
export { tcpSockets } from '../../support/tcp-sockets.ts';
