import type { Clock, TimerHandle } from '../clock.ts';

interface Waiter {
  readonly resolve: (entered: boolean) => void;
  readonly signal: AbortSignal | undefined;
  readonly onAbort: () => void;
  /** Meaningful only while `timed`: a wait without limit starts no timer. */
  timer: TimerHandle;
  timed: boolean;
}

/**
 * Node turns a timer longer than 2^31-1 ms into a 1 ms one, which would time a waiter out at
 * once. A wait that long (about 25 days) is taken to mean "no limit".
 */
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * The FIFO queue of callers waiting for a bulkhead slot, shared by the fixed and the adaptive
 * bulkhead so that both time out, abort and hand over slots the same way. It counts no slots:
 * the bulkhead decides when a slot is free and calls {@link WaitQueue.admitNext}.
 */
export class WaitQueue {
  readonly #clock: Clock;
  readonly #waiters: Waiter[] = [];

  constructor(clock: Clock) {
    this.#clock = clock;
  }

  /** How many callers wait. */
  get length(): number {
    return this.#waiters.length;
  }

  /**
   * Queues a caller: resolves `true` when {@link WaitQueue.admitNext} hands it a slot, `false`
   * when `maxWaitMs` elapsed first (`Infinity` or more than ~25 days starts no timer), and
   * rejects with `signal.reason` when `signal` aborts. Leaving the queue, whichever way, clears
   * the timer and the abort listener. The caller checks for no time left before queueing.
   */
  wait(maxWaitMs: number, signal: AbortSignal | undefined): Promise<boolean> {
    return new Promise<boolean>((resolve, reject) => {
      const waiter: Waiter = {
        resolve,
        signal,
        onAbort: () => {
          if (this.#remove(waiter)) reject(signal?.reason);
        },
        timer: undefined,
        timed: maxWaitMs < MAX_TIMER_MS,
      };
      if (waiter.timed) {
        waiter.timer = this.#clock.setTimeout(() => {
          waiter.timed = false;
          if (this.#remove(waiter)) resolve(false);
        }, maxWaitMs);
      }
      signal?.addEventListener('abort', waiter.onAbort, { once: true });
      this.#waiters.push(waiter);
    });
  }

  /** Hands a slot to the oldest waiter; false when nobody waits. */
  admitNext(): boolean {
    const next = this.#waiters.shift();
    if (next === undefined) return false;
    this.#release(next);
    next.resolve(true);
    return true;
  }

  /** Takes a waiter out of the queue; false when it had already left it. */
  #remove(waiter: Waiter): boolean {
    const index = this.#waiters.indexOf(waiter);
    if (index === -1) return false;
    this.#waiters.splice(index, 1);
    this.#release(waiter);
    return true;
  }

  /** Whichever way a wait ends, its timer and abort listener go with it. */
  #release(waiter: Waiter): void {
    if (waiter.timed) {
      waiter.timed = false;
      this.#clock.clearTimeout(waiter.timer);
    }
    waiter.signal?.removeEventListener('abort', waiter.onAbort);
  }
}
