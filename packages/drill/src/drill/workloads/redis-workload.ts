import { isIP } from 'node:net';
import { Redis } from 'ioredis';
import { createRedisClient, classifyRedis } from 'bulwark/redis';
import { loadPolicies } from './load-policies.ts';
import { drillPolicies, type SideClient, type Workload } from './workload.ts';

/** Where the Redis server is and how to log in. */
export interface RedisTarget {
  readonly host: string;
  readonly port: number;
  readonly username?: string | undefined;
  readonly password?: string | undefined;
  readonly db: number;
  /** `rediss://`: TLS, its certificate checked against the target's host name. */
  readonly tls?: boolean | undefined;
}

/**
 * Counts writes under keys of the drill's own prefix (INCR, with an expiry in case cleanup never
 * runs, in one MULTI) and GETs them: a key's value is how many times its write was applied.
 */
export function redisWorkload(target: RedisTarget, runId: string): Workload {
  const prefix = `bulwark:drill:${runId}:`;
  const keyOf = (side: string, key: string) => `${prefix}${side}:${key}`;
  const expirySeconds = 3_600;
  const login = {
    ...(target.username === undefined ? {} : { username: target.username }),
    ...(target.password === undefined ? {} : { password: target.password }),
    db: target.db,
    // Through the drill's fault proxy the socket goes to 127.0.0.1: the certificate is still
    // checked against the server's own name.
    // (An IP address is no server name: TLS then checks the certificate against the address.)
    ...(target.tls === true
      ? { tls: isIP(target.host) === 0 ? { servername: target.host } : {} }
      : {}),
  };
  const withDirect = async <T>(work: (redis: Redis) => Promise<T>): Promise<T> => {
    const redis = new Redis({
      host: target.host,
      port: target.port,
      ...login,
      lazyConnect: true,
      maxRetriesPerRequest: 1,
      connectTimeout: 5_000,
    });
    // connect() rejects with only "Connection is closed."; the reason (WRONGPASS, NOAUTH,
    // ECONNREFUSED) is what ioredis emitted as 'error' before it.
    let reason: unknown;
    redis.on('error', (error: unknown) => (reason ??= error));
    try {
      await redis.connect().catch((error: unknown) => {
        throw reason ?? error;
      });
      return await work(redis);
    } finally {
      redis.disconnect();
    }
  };

  return {
    client: 'redis',
    target: `redis://${target.host}:${target.port}/${target.db}`,
    upstream: `${target.host}:${target.port}`,
    speaksHttp: false,
    // One connection, pipelined: a slow reply holds up every reply behind it.
    connections: 1,
    classify: (error) => classifyRedis(error).kind,
    writes: true,
    countsRepeats: true,
    prepare: () => withDirect(async (redis) => void (await redis.ping())),
    open(side, address, profile): SideClient {
      if (side === 'raw') {
        // ioredis as most code creates it: its own reconnects and offline queue, no timeouts.
        const redis = new Redis({ host: address.host, port: address.port, ...login });
        redis.on('error', () => undefined);
        return {
          write: async (key) => {
            const k = keyOf(side, key);
            const replies = await redis.multi().incr(k).expire(k, expirySeconds).exec();
            const failed = replies?.find(([error]) => error !== null)?.[0];
            if (failed) throw failed;
          },
          read: async (key) => void (await redis.get(keyOf(side, key))),
          close: async () => redis.disconnect(),
        };
      }
      const load = loadPolicies({ hedge: false, overloadable: false });
      const client = createRedisClient({
        host: address.host,
        port: address.port,
        ...login,
        ...drillPolicies(profile),
        ...load.options,
      });
      return {
        // Not idempotent (INCR): bulwark retries it only when it knows it was never sent.
        write: async (key) => {
          const k = keyOf(side, key);
          await client.multi([
            ['INCR', k],
            ['EXPIRE', k, expirySeconds],
          ]);
        },
        read: async (key) => void (await client.get(keyOf(side, key))),
        close: () => client.close(),
        events: client.events,
        limit: load.limit,
      };
    },
    applied: (side, keys) =>
      withDirect(async (redis) => {
        const applied = new Map<string, number>();
        // In slices: one MGET of thousands of keys would be a long, blocking command.
        for (let i = 0; i < keys.length; i += 500) {
          const slice = keys.slice(i, i + 500);
          const values = await redis.mget(slice.map((key) => keyOf(side, key)));
          slice.forEach((key, j) => applied.set(key, Number(values[j] ?? 0)));
        }
        return applied;
      }),
    cleanup: () =>
      withDirect(async (redis) => {
        let cursor = '0';
        do {
          const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
          if (keys.length > 0) await redis.unlink(...keys);
          cursor = next;
        } while (cursor !== '0');
      }),
  };
}
