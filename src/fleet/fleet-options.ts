import type { Meter } from '@opentelemetry/api';
import { systemClock, type Clock } from '../core/clock.ts';
import { InvalidOptionError } from '../core/error-catalogue.ts';
import type { LoggerLike } from '../core/telemetry/logger-like.ts';
import { checkInteger, checkKeys, checkName, checkNumber } from '../core/validate.ts';
import type { RedisClient } from '../redis/redis-client.ts';

/** What a fleet policy does while Redis does not answer: decide locally, or refuse. */
export type WhenRedisFails =
  /**
   * Decide locally on the fleet's figure divided by `instances`, the number of instances the
   * fleet runs (so that the fleet, all on their stand-ins, stays near it).
   */
  | { readonly instances: number }
  /** Refuse (no permit, no retry) until Redis answers. */
  | 'refuse';

/** What every fleet policy takes. */
export interface FleetPolicyOptions {
  /** A bulwark Redis client; its pipeline bounds each call to Redis. */
  readonly redis: RedisClient;
  /** The policy's name: in its Redis keys, events, logs and metrics (`partner-api`). */
  readonly name: string;
  /** What happens while Redis does not answer; there is no default: it is the user's choice. */
  readonly whenRedisFails: WhenRedisFails;
  /** The longest one call to Redis may take before the stand-in decides (default 50 ms). */
  readonly redisTimeoutMs?: number;
  /** On the stand-in, how often Redis is tried again (default 100 ms). */
  readonly recheckMs?: number;
  /** Where switches are logged (warn when Redis is left, info when it is back). */
  readonly logger?: LoggerLike;
  /** Where switches are measured (`bulwark.fleet.*`); the global meter if absent. */
  readonly meter?: Meter;
  readonly clock?: Clock;
}

/** The common options, checked, with the defaults in. */
export interface ResolvedFleetPolicy {
  readonly redis: RedisClient;
  readonly name: string;
  readonly whenRedisFails: WhenRedisFails;
  readonly redisTimeoutMs: number;
  readonly recheckMs: number;
  readonly clock: Clock;
}

/** A Redis answer well within the 100 ms in which a fleet must be on its stand-ins. */
export const defaultRedisTimeoutMs = 50;
export const defaultRecheckMs = 100;

export const fleetPolicyKeys = [
  'redis',
  'name',
  'whenRedisFails',
  'redisTimeoutMs',
  'recheckMs',
  'logger',
  'meter',
  'clock',
] as const;

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

/**
 * Checks the options every fleet policy takes (`what` names the maker, `known` every key the
 * policy takes); a bad one throws a TypeError that names it.
 */
export function resolveFleetPolicy(
  what: string,
  options: FleetPolicyOptions,
  known: readonly string[],
): ResolvedFleetPolicy {
  if (typeof options !== 'object' || options === null) {
    throw new InvalidOptionError(
      `bulwark: ${what} needs an options object ({ redis, name, whenRedisFails, ... })`,
    );
  }
  checkKeys(what, options, known);
  if (!isRedisClient(options.redis)) {
    throw new InvalidOptionError(
      'bulwark: option redis must be a bulwark Redis client (createRedisClient from bulwark/redis)',
    );
  }
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
  const timeoutMs = options.redisTimeoutMs ?? defaultRedisTimeoutMs;
  return {
    redis: options.redis,
    name: checkName('name', options.name),
    whenRedisFails,
    redisTimeoutMs: checkNumber('redisTimeoutMs', timeoutMs, 1),
    recheckMs: checkNumber('recheckMs', options.recheckMs ?? defaultRecheckMs, 1),
    clock: options.clock ?? systemClock,
  };
}
