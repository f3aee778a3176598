import { InvalidArgumentError } from '../core/error-catalogue.ts';
import type { RateLimitedCall, RateLimiter } from '../core/rate-limit/rate-limiter.ts';
import { TokenBucketRateLimiter } from '../core/rate-limit/token-bucket-rate-limiter.ts';
import { sleep } from '../core/sleep.ts';
import { untilAborted } from '../core/until-aborted.ts';
import type { RedisClient } from '../redis/redis-client.ts';
import {
  resolveFleetRateLimiter,
  type FleetRateLimiterOptions,
  type ResolvedFleetRateLimiter,
} from './fleet-rate-limiter-options.ts';
import { coolDown, gcra } from './gcra-script.ts';
import { runFleetScript } from './run-script.ts';
import { makeRoomFor } from './bounded-keys.ts';
import { PermitBatches, type PermitAnswer } from './permit-batches.ts';
import { PermitLeases } from './permit-leases.ts';
import { RedisFallback } from './redis-fallback.ts';

/** Keys longer than this are refused: a key is a tenant's or an account's name, not a payload. */
const maxKeyLength = 256;

/**
 * A rate limit shared by every instance of a fleet, on Redis: one atomic script per permit
 * (GCRA on Redis's own clock), so the fleet's admitted rate holds whatever the instances'
 * clocks say. In delay mode the script reserves the permit's moment and the caller waits for
 * it locally; in reject mode nothing is taken when none is free in time. When Redis does not
 * answer within `redisTimeoutMs`, each instance decides on its own stand-in at once (or
 * refuses, as chosen) until Redis answers again; each switch is an event, a log record and a
 * metric. Give it to any client as `rateLimit: { limiter }`.
 */
export class FleetRateLimiter implements RateLimiter, Disposable {
  /** Where this limit decides now, and every switch (see `attachFleetTelemetry`). */
  readonly fallback: RedisFallback;
  readonly #options: ResolvedFleetRateLimiter;
  readonly #redis: RedisClient;
  /** Microseconds between permits, and the burst's tolerance, as the script takes them. */
  readonly #intervalUs: number;
  readonly #toleranceUs: number;
  readonly #local = new Map<string, TokenBucketRateLimiter>();
  readonly #batches: PermitBatches;
  readonly #leases: PermitLeases;

  constructor(options: FleetRateLimiterOptions) {
    const resolved = resolveFleetRateLimiter(options);
    this.#options = resolved;
    this.#redis = resolved.redis;
    this.#intervalUs = Math.round(1e6 / resolved.ratePerSecond);
    this.#toleranceUs = this.#intervalUs * resolved.burst;
    this.fallback = new RedisFallback(resolved.name, resolved.clock, resolved.recheckMs, options);
    this.#batches = new PermitBatches((key, maxWaitsUs) => this.#runScript(key, maxWaitsUs));
    this.#leases = new PermitLeases(resolved.clock, resolved.leaseMs, resolved.maxLease);
  }

  /** {@inheritDoc RateLimiter.acquire} */
  acquire(
    maxWaitMs: number,
    signal?: AbortSignal,
    call?: RateLimitedCall,
  ): number | Promise<number> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    const key = this.#keyOf(call);
    if (!this.fallback.tryRedis()) return this.#decideLocally(key, maxWaitMs, signal);
    // A permit leased ahead answers at once, with no round trip and no promise; so does a
    // refusal Redis already gave (the next permit cannot come sooner than it said).
    if (this.#leases.take(key)) return 0;
    const refusedMs = this.#leases.refusedFor(key);
    if (refusedMs > maxWaitMs) return Math.ceil(refusedMs);
    return this.#decideOnRedis(key, maxWaitMs, signal);
  }

  /**
   * Holds every instance back for `ms` (a Retry-After the upstream gave one of them): no
   * permit of this limit (of `call`'s key, with per-key limits) comes sooner, fleet-wide.
   * Resolves once Redis has it; rejects when Redis does not answer.
   */
  async coolDown(ms: number, call?: RateLimitedCall): Promise<void> {
    const key = this.#keyOf(call);
    const redisKey = this.#redisKey(key);
    const args = [Math.round(ms * 1000), this.#intervalUs, this.#toleranceUs];
    await runFleetScript(this.#redis, coolDown, [redisKey], args, {
      timeoutMs: this.#options.redisTimeoutMs,
    });
  }

  /** Stops writing switches to the logger and meter. */
  dispose(): void {
    this.fallback.dispose();
  }

  [Symbol.dispose](): void {
    this.dispose();
  }

  #keyOf(call: RateLimitedCall | undefined): string {
    const chosen = this.#options.key;
    if (chosen === undefined) return '';
    const key: unknown = call === undefined ? undefined : chosen(call);
    if (typeof key !== 'string' || key === '' || key.length > maxKeyLength) {
      throw new InvalidArgumentError(
        `bulwark: ${this.#options.name}'s key must give a non-empty string of at most ${maxKeyLength} characters (got ${typeof key === 'string' ? `${key.length} characters` : typeof key})`,
      );
    }
    return key;
  }

  async #decideOnRedis(key: string, maxWaitMs: number, signal?: AbortSignal): Promise<number> {
    const maxWaitUs = Number.isFinite(maxWaitMs)
      ? Math.max(0, Math.floor(maxWaitMs * 1000))
      : 2 ** 52;
    const asked = this.#batches.ask(key, maxWaitUs, this.#leases.aheadFor(key));
    let answer: PermitAnswer;
    try {
      // The caller's abort ends its wait at once; a permit granted after it goes unused.
      answer = await (signal === undefined ? asked : untilAborted(asked, signal));
    } catch (error) {
      if (signal?.aborted) {
        this.fallback.released();
        throw signal.reason;
      }
      this.fallback.failed(error);
      return this.#decideLocally(key, maxWaitMs, signal);
    }
    this.fallback.answered();
    this.#leases.add(key, answer.ahead);
    // Until then every ask of this key would be refused: it is, here, without a round trip.
    if (answer.nextUs > 0) this.#leases.refused(key, answer.nextUs / 1000);
    const waitMs = answer.waitUs / 1000;
    if (!answer.granted) return Math.max(1, Math.ceil(waitMs));
    if (waitMs > 0) await sleep(this.#options.clock, waitMs, signal);
    return 0;
  }

  /** One round trip for the permits asked of `key` meanwhile (see PermitBatches). */
  #runScript(key: string, maxWaitsUs: readonly number[]): Promise<unknown> {
    const redisKey = this.#redisKey(key);
    const args = [this.#intervalUs, this.#toleranceUs, ...maxWaitsUs];
    const call = { timeoutMs: this.#options.redisTimeoutMs };
    return runFleetScript(this.#redis, gcra, [redisKey], args, call);
  }

  /** The hash tag keeps every key of a limit in one Cluster slot. */
  #redisKey(key: string): string {
    return `bulwark:rate:{${this.#options.name}}:${key}`;
  }

  #decideLocally(key: string, maxWaitMs: number, signal?: AbortSignal): number | Promise<number> {
    const fails = this.#options.whenRedisFails;
    if (fails === 'refuse') return this.#options.recheckMs;
    let local = this.#local.get(key);
    if (local === undefined) {
      makeRoomFor(this.#local, key);
      const ratePerSecond = this.#options.ratePerSecond / fails.instances;
      const burst = Math.max(1, Math.floor(this.#options.burst / fails.instances));
      local = new TokenBucketRateLimiter({ ratePerSecond, burst }, { clock: this.#options.clock });
      this.#local.set(key, local);
    }
    return local.acquire(maxWaitMs, signal);
  }
}

/**
 * Makes a fleet rate limit on Redis; every option is checked here, before any I/O.
 *
 * @example
 * ```ts
 * const redis = createRedisClient({ url: process.env.REDIS_URL });
 * const limiter = createFleetRateLimiter({
 *   redis,
 *   name: 'partner-api',
 *   ratePerSecond: 100, // for the whole fleet
 *   key: (call) => String(call.context?.['account']),
 *   whenRedisFails: { instances: 20 }, // each instance then allows 5/s on its own
 * });
 * const partner = createHttpClient({ baseUrl, rateLimit: { limiter, mode: 'delay' } });
 * ```
 */
export function createFleetRateLimiter(options: FleetRateLimiterOptions): FleetRateLimiter {
  return new FleetRateLimiter(options);
}
