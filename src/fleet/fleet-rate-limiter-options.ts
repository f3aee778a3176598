import type { Meter } from '@opentelemetry/api';
import { systemClock, type Clock } from '../core/clock.ts';
import { InvalidOptionError } from '../core/error-catalogue.ts';
import type { RateLimitedCall } from '../core/rate-limit/rate-limiter.ts';
import type { LoggerLike } from '../core/telemetry/logger-like.ts';
import {
  checkFunction,
  checkInteger,
  checkKeys,
  checkName,
  checkNumber,
} from '../core/validate.ts';
import type { RedisClient } from '../redis/redis-client.ts';

/** What a fleet policy does while Redis does not answer: decide locally, or refuse. */
export type WhenRedisFails =
  /**
   * Decide on a local limit: the fleet's divided by `instances`, the number of instances the
   * fleet runs (so that the fleet, all on their stand-ins, stays near the limit).
   */
  | { readonly instances: number }
  /** Refuse every call until Redis answers (as `rate_limited`). */
  | 'refuse';

/** Options of {@link createFleetRateLimiter}. */
export interface FleetRateLimiterOptions {
  /** A bulwark Redis client (standalone or Cluster); its pipeline bounds each call to Redis. */
  readonly redis: RedisClient;
  /** The limit's name: in its Redis keys, events, logs and metrics (`partner-api`). */
  readonly name: string;
  /** Permits a second for the whole fleet, per key. */
  readonly ratePerSecond: number;
  /** Permits that may be taken at once after a quiet spell (default 1). */
  readonly burst?: number;
  /**
   * One limit per key the call gives (a tenant, an account): `(call) => call.context?.tenant`.
   * Without it, one limit for every call.
   */
  readonly key?: (call: RateLimitedCall) => string;
  /** What happens while Redis does not answer; there is no default, as it is the user's choice. */
  readonly whenRedisFails: WhenRedisFails;
  /** The longest one call to Redis may take before the stand-in decides (default 50 ms). */
  readonly redisTimeoutMs?: number;
  /** On the stand-in, how often one call tries Redis again (default 100 ms). */
  readonly recheckMs?: number;
  /** Where switches are logged (warn when Redis is left, info when it is back). */
  readonly logger?: LoggerLike;
  /** Where switches are measured (`bulwark.fleet.*`); the global meter if absent. */
  readonly meter?: Meter;
  readonly clock?: Clock;
}

/** The options, checked, with the defaults in. */
export interface ResolvedFleetRateLimiter {
  readonly redis: RedisClient;
  readonly name: string;
  readonly ratePerSecond: number;
  readonly burst: number;
  readonly key: ((call: RateLimitedCall) => string) | undefined;
  readonly whenRedisFails: WhenRedisFails;
  readonly redisTimeoutMs: number;
  readonly recheckMs: number;
  readonly clock: Clock;
}

/** A Redis answer well within the 100 ms in which a fleet must be on its stand-ins. */
export const defaultRedisTimeoutMs = 50;
export const defaultRecheckMs = 100;

const keys = [
  'redis',
  'name',
  'ratePerSecond',
  'burst',
  'key',
  'whenRedisFails',
  'redisTimeoutMs',
  'recheckMs',
  'logger',
  'meter',
  'clock',
];

/** Whether `value` is a bulwark Redis client (by shape: two installed copies both count). */
function isRedisClient(value: unknown): value is RedisClient {
  const client = value as Partial<RedisClient> | null;
  return (
    typeof client === 'object' &&
    client !== null &&
    typeof client.command === 'function' &&
    typeof client.service === 'string'
  );
}

/** Checks every option before any I/O; a bad one throws a TypeError that names it. */
export function resolveFleetRateLimiter(
  options: FleetRateLimiterOptions,
): ResolvedFleetRateLimiter {
  if (typeof options !== 'object' || options === null) {
    throw new InvalidOptionError(
      'bulwark: createFleetRateLimiter needs an options object ({ redis, name, ratePerSecond, whenRedisFails })',
    );
  }
  checkKeys('fleetRateLimiter', options, keys);
  if (!isRedisClient(options.redis)) {
    throw new InvalidOptionError(
      'bulwark: option redis must be a bulwark Redis client (createRedisClient from bulwark/redis)',
    );
  }
  const name = checkName('name', options.name);
  const ratePerSecond = checkNumber('ratePerSecond', options.ratePerSecond, 0.001);
  const burst = checkInteger('burst', options.burst ?? 1, 1);
  if (options.key !== undefined) checkFunction('key', options.key);
  const whenRedisFails = options.whenRedisFails;
  if (whenRedisFails !== 'refuse') {
    if (typeof whenRedisFails !== 'object' || whenRedisFails === null) {
      throw new InvalidOptionError(
        "bulwark: option whenRedisFails must be { instances } (decide locally) or 'refuse'",
      );
    }
    checkKeys('whenRedisFails', whenRedisFails, ['instances']);
    checkInteger('whenRedisFails.instances', whenRedisFails.instances, 1);
  }
  return {
    redis: options.redis,
    name,
    ratePerSecond,
    burst,
    key: options.key,
    whenRedisFails,
    redisTimeoutMs: checkNumber(
      'redisTimeoutMs',
      options.redisTimeoutMs ?? defaultRedisTimeoutMs,
      1,
    ),
    recheckMs: checkNumber('recheckMs', options.recheckMs ?? defaultRecheckMs, 1),
    clock: options.clock ?? systemClock,
  };
}
