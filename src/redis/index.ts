// bulwark/redis: a resilient Redis client over ioredis, on the one pipeline every bulwark
// client runs through. Loads ioredis (a peer dependency); the core does not.
export { RedisClient, createRedisClient } from './redis-client.ts';
export type { RedisCommandOptions } from './redis-client.ts';
export type { RedisCallOptions, RedisSetOptions } from './redis-commands.ts';
export type { RedisClientOptions } from './redis-options.ts';
export type { RedisTlsOptions } from './redis-tls.ts';
export type { RedisArg, RedisCommand, RedisKey } from './redis-args.ts';
export { classifyRedis } from './classify-redis.ts';
export {
  RedisClientClosedError,
  RedisConnectionError,
  isRedisConnectionError,
} from './redis-connection-error.ts';
export {
  defaultRedisBackoff,
  defaultRedisCloseTimeoutMs,
  defaultRedisConnectTimeoutMs,
  defaultRedisService,
  defaultRedisTimeout,
} from './redis-defaults.ts';
