import type { Clock } from '../clock.ts';
import { systemClock } from '../clock.ts';
import { checkInteger, checkKeys } from '../validate.ts';
import { InvalidStateError } from '../error-catalogue.ts';
import type { ConcurrencyGate, LatencySample } from './concurrency-gate.ts';
import { WaitQueue } from './wait-queue.ts';

/** Options of a {@link Bulkhead}. */
export interface BulkheadOptions {
  /** How many calls may run at once. An integer >= 1. */
  readonly maxConcurrent: number;
  /** How many calls may wait for a slot; beyond that, callers are turned away. Default: 0. */
  readonly maxQueue?: number;
}

/** What a {@link Bulkhead} needs from its surroundings. */
export interface BulkheadDeps {
  /** The source of time for queue timeouts. Default: {@link systemClock}. */
  readonly clock?: Clock;
}

const KNOWN_OPTIONS = ['maxConcurrent', 'maxQueue'] as const;

/**
 * Caps how many calls run at once, so one slow upstream cannot tie up every socket, connection
 * or worker. Callers beyond the cap wait in a bounded FIFO queue; a freed slot is handed
 * straight to the oldest waiter, so a newcomer never takes it first.
 */
export class Bulkhead implements ConcurrencyGate {
  readonly #maxConcurrent: number;
  readonly #maxQueue: number;
  #running = 0;
  readonly #queue: WaitQueue;
  /** Refusals so far (see `refused`). */
  #refused = 0;

  /**
   * @param options - The caps; checked here, so a bad value fails at start-up.
   * @param deps - Injected collaborators (the clock).
   * @throws TypeError naming the option (`bulkhead.maxConcurrent`, `bulkhead.maxQueue`).
   */
  constructor(options: BulkheadOptions, deps: BulkheadDeps = {}) {
    checkKeys('bulkhead', options, KNOWN_OPTIONS);
    this.#maxConcurrent = checkInteger('bulkhead.maxConcurrent', options.maxConcurrent, 1);
    this.#maxQueue = checkInteger('bulkhead.maxQueue', options.maxQueue ?? 0, 0);
    this.#queue = new WaitQueue(deps.clock ?? systemClock);
  }

  /**
   * Takes a slot. `true`: a slot was taken now. `false`: full (all slots and the queue taken).
   * A promise: queued; resolves `true` when a slot is handed over, `false` when `maxWaitMs`
   * elapsed first (the caller reports a deadline timeout; pass `Infinity` for no limit, which
   * starts no timer; 0 or less resolves `false` at once), and rejects with `signal.reason` when
   * `signal` aborts (leaving the queue). An already-aborted signal rejects at once.
   *
   * Every `true`, whether returned or resolved, must be matched by one {@link Bulkhead.leave}.
   */
  enter(maxWaitMs: number, signal?: AbortSignal): boolean | Promise<boolean> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    if (this.#running < this.#maxConcurrent) {
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
    // There was room to wait but no time left to do it in: that is the caller's deadline, not
    // a full bulkhead. Written as a negation so NaN counts as no time.
    if (!(maxWaitMs > 0)) return Promise.resolve(false);
    return this.#queue.wait(maxWaitMs, signal);
  }

  /**
   * Frees a slot; hands it to the oldest queued caller (FIFO). The sample is ignored (a fixed
   * cap does not move); it is taken so the pipeline can treat every {@link ConcurrencyGate}
   * alike.
   * @throws Error when there is no slot to free (more `leave` calls than granted entries).
   */
  leave(_sample?: LatencySample): void {
    // The slot passes straight on to a waiter, so `running` does not change.
    if (this.#queue.admitNext()) return;
    if (this.#running === 0) {
      throw new InvalidStateError(
        'bulwark: Bulkhead.leave() called with no slot taken (unmatched enter?)',
      );
    }
    this.#running--;
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
