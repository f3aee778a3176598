import { systemClock, type Clock } from '../clock.ts';
import { InvalidOptionError, InvalidStateError } from '../error-catalogue.ts';
import { EventBus } from '../event-bus.ts';
import { checkInteger, checkKeys } from '../validate.ts';
import { AdaptiveLimit } from './adaptive-limit.ts';
import type { AdaptiveLimitOptions } from './adaptive-limit-options.ts';
import type { ConcurrencyGate, LatencySample } from './concurrency-gate.ts';
import { WaitQueue } from './wait-queue.ts';

/** Options of an {@link AdaptiveBulkhead}. */
export interface AdaptiveBulkheadOptions {
  /** How the limit moves (see {@link AdaptiveLimitOptions}); `true` or left out: the defaults. */
  readonly adaptive?: true | AdaptiveLimitOptions | undefined;
  /**
   * How many calls may wait for a slot. Default: 0, so a call over the limit is refused at
   * once instead of waiting for an upstream that is already overloaded.
   */
  readonly maxQueue?: number | undefined;
}

/** What an {@link AdaptiveBulkhead} needs from its surroundings. */
export interface AdaptiveBulkheadDeps {
  /** The source of time for queue timeouts and the limit. Default: {@link systemClock}. */
  readonly clock?: Clock | undefined;
}

/** The integer limit moved from one value to another. */
export interface LimitChange {
  readonly from: number;
  readonly to: number;
}

const KNOWN_OPTIONS = ['adaptive', 'maxQueue'] as const;

/**
 * A bulkhead whose cap is an {@link AdaptiveLimit}: it follows the upstream's latency, so when
 * the upstream is overloaded, calls over the limit are refused at once (`enter` returns
 * `false` synchronously: a `bulkhead_full` rejection) instead of piling onto it and waiting
 * until their deadline. Each `leave` with a sample moves the limit; a shrunken limit admits
 * nobody new until enough calls have left.
 */
export class AdaptiveBulkhead implements ConcurrencyGate {
  /**
   * Each change of the integer limit, `{ from, to }`; nothing is built while nobody listens.
   * Metrics read {@link AdaptiveBulkhead.limit} instead, when they collect.
   */
  readonly limitChanges = new EventBus<LimitChange>();
  readonly #limit: AdaptiveLimit;
  readonly #maxQueue: number;
  readonly #queue: WaitQueue;
  #running = 0;
  #refused = 0;

  /**
   * @param options - Checked here, so a bad value fails at start-up.
   * @param deps - Injected collaborators (the clock).
   * @throws TypeError naming the option (`bulkhead.maxQueue`, `bulkhead.adaptive.maxLimit`).
   */
  constructor(options: AdaptiveBulkheadOptions = {}, deps: AdaptiveBulkheadDeps = {}) {
    if ('maxConcurrent' in options) {
      throw new InvalidOptionError(
        'bulwark: options bulkhead.maxConcurrent and bulkhead.adaptive cannot be given together: ' +
          'maxConcurrent is a fixed cap, adaptive a cap that follows latency (bound it with ' +
          'adaptive.minLimit and adaptive.maxLimit instead)',
      );
    }
    checkKeys('bulkhead', options, KNOWN_OPTIONS);
    const adaptive = options.adaptive ?? true;
    if (adaptive !== true && (typeof adaptive !== 'object' || adaptive === null)) {
      throw new InvalidOptionError(
        `bulwark: option bulkhead.adaptive must be true or an options object (got ${String(adaptive)})`,
      );
    }
    this.#maxQueue = checkInteger('bulkhead.maxQueue', options.maxQueue ?? 0, 0);
    const clock = deps.clock ?? systemClock;
    this.#limit = new AdaptiveLimit(adaptive === true ? {} : adaptive, { clock });
    this.#queue = new WaitQueue(clock);
  }

  /**
   * Takes a slot, as {@link ConcurrencyGate.enter} says: `true` under the limit, `false` at
   * once when the limit and the queue are taken, a promise when queued.
   */
  enter(maxWaitMs: number, signal?: AbortSignal): boolean | Promise<boolean> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    if (this.#running < this.#limit.limit) {
      this.#running++;
      return true;
    }
    return this.#queueOrRefuse(maxWaitMs, signal);
  }

  /**
   * {@link enter} with every slot taken; a method of its own so that `enter`, on every call's
   * path, stays small enough for the compiler to inline.
   */
  #queueOrRefuse(maxWaitMs: number, signal: AbortSignal | undefined): false | Promise<boolean> {
    if (this.#queue.length >= this.#maxQueue) {
      this.#refused++;
      return false;
    }
    // Room to wait but no time to do it in: the caller's deadline, not a full bulkhead.
    if (!(maxWaitMs > 0)) return Promise.resolve(false);
    return this.#queue.wait(maxWaitMs, signal);
  }

  /**
   * Frees a slot and, given a sample of how the call went, moves the limit by it; then admits
   * queued callers while there is room under the (new) limit. Without a sample the limit stays.
   * @throws Error when there is no slot to free (more `leave` calls than granted entries).
   */
  leave(sample?: LatencySample): void {
    if (this.#running === 0) {
      throw new InvalidStateError(
        'bulwark: AdaptiveBulkhead.leave() called with no slot taken (unmatched enter?)',
      );
    }
    if (sample !== undefined) {
      const from = this.#limit.limit;
      this.#limit.onSample({
        latencyMs: sample.latencyMs,
        inflight: this.#running,
        dropped: sample.dropped,
      });
      const to = this.#limit.limit;
      if (to !== from && this.limitChanges.observed) this.limitChanges.emit({ from, to });
    }
    this.#running--;
    while (this.#running < this.#limit.limit && this.#queue.admitNext()) this.#running++;
  }

  /** How many calls may run at once now. */
  get limit(): number {
    return this.#limit.limit;
  }

  /** How many slots are taken. */
  get running(): number {
    return this.#running;
  }

  /** How many callers wait for a slot. */
  get queued(): number {
    return this.#queue.length;
  }

  /** How many times `enter` found no slot and no room to queue, since it was made. */
  get refused(): number {
    return this.#refused;
  }
}
