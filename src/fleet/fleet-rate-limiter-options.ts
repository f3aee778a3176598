import type { RateLimitedCall } from '../core/rate-limit/rate-limiter.ts';
import { checkFunction, checkInteger, checkNumber } from '../core/validate.ts';
import {
  fleetPolicyKeys,
  resolveFleetPolicy,
  type FleetPolicyOptions,
  type ResolvedFleetPolicy,
} from './fleet-options.ts';

/** Options of {@link createFleetRateLimiter}. */
export interface FleetRateLimiterOptions extends FleetPolicyOptions {
  /** Permits a second for the whole fleet, per key. */
  readonly ratePerSecond: number;
  /**
   * Permits that may be taken at once after a quiet spell (default: a tenth of a second's,
   * at least 1). It is also how long a permit nobody claimed at its moment stays claimable:
   * callers that ask in reject mode lose no permit to the gaps between their asks.
   */
  readonly burst?: number;
  /**
   * One limit per key the call gives (a tenant, an account): `(call) => call.context?.tenant`.
   * Without it, one limit for every call.
   */
  readonly key?: (call: RateLimitedCall) => string;
  /**
   * A key asked for more than once in this long gets permits free now leased ahead with each
   * call to Redis, spent locally within it (default 10 ms; see `maxLease`).
   */
  readonly leaseMs?: number;
  /**
   * The most permits one call takes for one instance (default 16; 1 turns leasing off). A
   * leased permit is counted by the fleet when taken, so the limit holds; an instance may
   * spend it up to `leaseMs` later.
   */
  readonly maxLease?: number;
}

/** The options, checked, with the defaults in. */
export interface ResolvedFleetRateLimiter extends ResolvedFleetPolicy {
  readonly ratePerSecond: number;
  readonly burst: number;
  readonly key: ((call: RateLimitedCall) => string) | undefined;
  readonly leaseMs: number;
  readonly maxLease: number;
}

const keys = [...fleetPolicyKeys, 'ratePerSecond', 'burst', 'key', 'leaseMs', 'maxLease'];

/** Checks every option before any I/O; a bad one throws a TypeError that names it. */
export function resolveFleetRateLimiter(
  options: FleetRateLimiterOptions,
): ResolvedFleetRateLimiter {
  const policy = resolveFleetPolicy('fleetRateLimiter', options, keys);
  const ratePerSecond = checkNumber('ratePerSecond', options.ratePerSecond, 0.001);
  const burst = checkInteger(
    'burst',
    options.burst ?? Math.max(1, Math.ceil(ratePerSecond / 10)),
    1,
  );
  if (options.key !== undefined) checkFunction('key', options.key);
  const leaseMs = checkNumber('leaseMs', options.leaseMs ?? 10, 1);
  const maxLease = checkInteger('maxLease', options.maxLease ?? 16, 1, 128);
  return { ...policy, ratePerSecond, burst, key: options.key, leaseMs, maxLease };
}
