import { randomUUID } from 'node:crypto';
import type { TimerHandle } from '../core/clock.ts';
import { RetryBudget, type RetryBudgetLike } from '../core/retry/retry-budget.ts';
import { checkNumber, checkRange } from '../core/validate.ts';
import { budgetSync } from './budget-script.ts';
import {
  fleetPolicyKeys,
  resolveFleetPolicy,
  type FleetPolicyOptions,
  type ResolvedFleetPolicy,
} from './fleet-options.ts';
import { RedisFallback } from './redis-fallback.ts';
import { runFleetScript } from './run-script.ts';

/** Options of {@link createFleetRetryBudget}. */
export interface FleetRetryBudgetOptions extends FleetPolicyOptions {
  /** The fleet's retries may be at most this fraction of its calls over the window (0.2). */
  readonly ratio: number;
  /** A floor for the whole fleet, so that a quiet upstream still gets a few (default 10/s). */
  readonly minRetriesPerSecond?: number;
  /** The most retries the fleet may spend at once, shared by its instances (default 100). */
  readonly maxTokens?: number;
  /** The sliding window over which calls and retries are counted (default 10 s). */
  readonly windowSeconds?: number;
  /** How often an instance adds its counts to Redis and reads the fleet's (default 100 ms). */
  readonly syncMs?: number;
}

interface ResolvedBudget extends ResolvedFleetPolicy {
  readonly ratio: number;
  readonly minRetriesPerSecond: number;
  readonly maxTokens: number;
  readonly windowSeconds: number;
  readonly syncMs: number;
}

const keys = [
  ...fleetPolicyKeys,
  'ratio',
  'minRetriesPerSecond',
  'maxTokens',
  'windowSeconds',
  'syncMs',
];

function resolveBudget(options: FleetRetryBudgetOptions): ResolvedBudget {
  const policy = resolveFleetPolicy('fleetRetryBudget', options, keys);
  return {
    ...policy,
    ratio: checkRange('ratio', options.ratio, 0, 1),
    minRetriesPerSecond: checkNumber('minRetriesPerSecond', options.minRetriesPerSecond ?? 10, 0),
    maxTokens: checkNumber('maxTokens', options.maxTokens ?? 100, 1),
    windowSeconds: checkRange('windowSeconds', options.windowSeconds ?? 10, 1, 300),
    syncMs: checkNumber('syncMs', options.syncMs ?? 100, 10),
  };
}

/**
 * A retry budget for a whole fleet: the retries of every instance, together, stay within
 * `ratio` of the fleet's calls over a sliding window (plus a small floor). Decisions are
 * local and immediate (a retry never waits on Redis): every `syncMs` each instance adds its
 * counts to per-second counters in Redis and takes its share (the fleet's allowance divided
 * by the live instances) for the next interval. While Redis does not answer, each instance
 * falls back to a budget of its own (the floor and burst divided by `instances`), or allows
 * no retry, as chosen. Give it to any client as `retry: { budget }`.
 */
export class FleetRetryBudget implements RetryBudgetLike, Disposable {
  readonly fallback: RedisFallback;
  readonly #options: ResolvedBudget;
  readonly #id = randomUUID();
  readonly #keys: readonly string[];
  readonly #local: RetryBudget | undefined;
  /** Calls and retries since the last sync that counted them. */
  #calls = 0;
  #retries = 0;
  /** This instance's share of the fleet's allowance, until the next sync. */
  #tokens = 0;
  #timer: TimerHandle | undefined;
  #disposed = false;
  #syncing = false;

  constructor(options: FleetRetryBudgetOptions) {
    const resolved = resolveBudget(options);
    this.#options = resolved;
    // One hash tag: both keys in one Cluster slot, as one script touches them.
    const prefix = `bulwark:budget:{${resolved.name}}`;
    this.#keys = [`${prefix}:counts`, `${prefix}:instances`];
    this.fallback = new RedisFallback(resolved.name, resolved.clock, resolved.recheckMs, options);
    const fails = resolved.whenRedisFails;
    this.#local =
      fails === 'refuse'
        ? undefined
        : new RetryBudget(
            {
              ratio: resolved.ratio,
              minRetriesPerSecond: resolved.minRetriesPerSecond / fails.instances,
              maxTokens: Math.max(1, resolved.maxTokens / fails.instances),
            },
            { clock: resolved.clock },
          );
  }

  /** {@inheritDoc RetryBudgetLike.onCall} */
  onCall(): void {
    this.#calls++;
    this.#local?.onCall();
    if (this.#timer === undefined) this.#start();
  }

  /** {@inheritDoc RetryBudgetLike.tryRetry} */
  tryRetry(): boolean {
    if (this.#timer === undefined) this.#start();
    const granted =
      this.fallback.state.on === 'redis' ? this.#takeShare() : (this.#local?.tryRetry() ?? false);
    if (granted) this.#retries++;
    return granted;
  }

  /** This instance's share left until the next sync (for tests and diagnostics). */
  get share(): number {
    return this.#tokens;
  }

  /** Stops syncing; the counts not yet synced are dropped. */
  dispose(): void {
    this.#disposed = true;
    if (this.#timer !== undefined) this.#options.clock.clearTimeout(this.#timer);
    this.fallback.dispose();
  }

  [Symbol.dispose](): void {
    this.dispose();
  }

  #takeShare(): boolean {
    if (this.#tokens < 1) return false;
    this.#tokens -= 1;
    return true;
  }

  /** Syncs now, and every `syncMs` from now on, on the budget's clock. */
  readonly #start = (): void => {
    if (this.#disposed) return;
    void this.#sync();
    const clock = this.#options.clock;
    this.#timer = clock.setTimeout(this.#start, this.#options.syncMs);
    // A budget never keeps the process alive.
    clock.holdProcess?.(this.#timer, false);
  };

  /** Adds this instance's counts to the fleet's and takes its share of what is left. */
  async #sync(): Promise<void> {
    if (this.#syncing || !this.fallback.tryRedis()) return;
    this.#syncing = true;
    const calls = this.#calls;
    const retries = this.#retries;
    this.#calls = 0;
    this.#retries = 0;
    const o = this.#options;
    const args = [this.#id, calls, retries, o.windowSeconds, o.syncMs * 5];
    let reply: unknown;
    try {
      reply = await runFleetScript(o.redis, budgetSync, this.#keys, args, {
        timeoutMs: o.redisTimeoutMs,
      });
    } catch (error) {
      // Counted again at the next sync that reaches Redis.
      this.#calls += calls;
      this.#retries += retries;
      this.#tokens = 0;
      this.fallback.failed(error);
      return;
    } finally {
      this.#syncing = false;
    }
    this.fallback.answered();
    const [fleetCalls, fleetRetries, instances] = reply as [number, number, number];
    const allowed = o.ratio * fleetCalls + o.minRetriesPerSecond * o.windowSeconds - fleetRetries;
    const live = Math.max(1, instances);
    this.#tokens = Math.min(o.maxTokens / live, Math.max(0, allowed / live));
  }
}

/**
 * Makes a fleet retry budget on Redis; every option is checked here, before any I/O.
 *
 * @example
 * ```ts
 * const budget = createFleetRetryBudget({
 *   redis,
 *   name: 'payments-api',
 *   ratio: 0.2, // retries add at most 20% to the fleet's calls
 *   whenRedisFails: { instances: 20 },
 * });
 * const payments = createHttpClient({ baseUrl, retry: { maxAttempts: 4, budget } });
 * ```
 */
export function createFleetRetryBudget(options: FleetRetryBudgetOptions): FleetRetryBudget {
  return new FleetRetryBudget(options);
}
