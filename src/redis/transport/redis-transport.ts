import type { Cluster, Redis } from 'ioredis';
import type { Attempt } from '../../core/attempt/attempt.ts';
import type { RedisSend } from './redis-request.ts';

/**
 * What the Redis client sends its commands through: one connection to a server
 * (RedisConnection), or the connections to a Cluster's nodes (ClusterConnection).
 */
export interface RedisTransport {
  /** ioredis's view: `wait` before the first call, `ready`, `end` after close or a drop. */
  readonly status: string;
  /** Runs `send` on a ready connection, connecting first if need be. */
  run<T>(attempt: Attempt, send: RedisSend<T>): Promise<T>;
  /** Sends `command` outside the pipeline (a recovery check), until `signal` aborts. */
  check(signal: AbortSignal, command: (redis: Redis | Cluster) => Promise<unknown>): Promise<void>;
  /** Lets replies in flight arrive for at most `timeoutMs`, then closes every socket. */
  close(timeoutMs: number): Promise<void>;
}
