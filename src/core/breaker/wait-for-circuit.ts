import type { Clock, TimerHandle } from '../clock.ts';
import type { Subscription } from '../event-bus.ts';
import type { CircuitBreaker } from './circuit-breaker.ts';

/** One call waiting for the circuit: how it ends. */
interface Waiter {
  readonly resolve: (ticket: number) => void;
  readonly reject: (reason: unknown) => void;
  readonly signal: AbortSignal | undefined;
  readonly onAbort: () => void;
  readonly clock: Clock;
  timer: TimerHandle | undefined;
}

/**
 * The calls waiting for one breaker's circuit, newest last. When it half-opens or closes, the
 * newest waiters take the tickets first (the last in, the first out), so a fault's backlog
 * does not delay the calls made as it ends. This is the "adaptive LIFO" of queues that
 * formed during an outage: the newest calls have the most of their deadline left to use, the
 * oldest have used most of theirs, and all of them go out within the same few milliseconds.
 */
class CircuitWaiters {
  readonly #breaker: CircuitBreaker;
  readonly #waiting: Waiter[] = [];
  #moves: Subscription | undefined;
  #releaseQueued = false;

  constructor(breaker: CircuitBreaker) {
    this.#breaker = breaker;
  }

  wait(clock: Clock, maxWaitMs: number, signal: AbortSignal | undefined): Promise<number> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    return new Promise<number>((resolve, reject) => {
      const waiter: Waiter = {
        resolve,
        reject,
        signal,
        onAbort: () => {
          if (this.#remove(waiter)) reject(signal?.reason);
        },
        clock,
        timer: undefined,
      };
      waiter.timer = clock.setTimeout(() => {
        // The time is up: the circuit's answer now, a ticket or the refusal (-1).
        if (this.#remove(waiter)) resolve(this.#breaker.tryEnter());
      }, maxWaitMs);
      signal?.addEventListener('abort', waiter.onAbort, { once: true });
      this.#waiting.push(waiter);
      // Tried after the transition's listeners have run, not from within them.
      this.#moves ??= this.#breaker.transitions.on((move) => {
        if (move.to !== 'half_open' && move.to !== 'closed') return;
        if (this.#releaseQueued) return;
        this.#releaseQueued = true;
        queueMicrotask(this.#release);
      });
    });
  }

  /** Hands tickets to the newest waiters while the circuit gives them. */
  readonly #release = (): void => {
    this.#releaseQueued = false;
    for (let waiter = this.#waiting.at(-1); waiter !== undefined; waiter = this.#waiting.at(-1)) {
      const ticket = this.#breaker.tryEnter();
      if (ticket < 0) return;
      this.#remove(waiter);
      waiter.resolve(ticket);
    }
  };

  /** Takes `waiter` off the list and frees what it holds; false if it was gone already. */
  #remove(waiter: Waiter): boolean {
    const at = this.#waiting.lastIndexOf(waiter);
    if (at < 0) return false;
    this.#waiting.splice(at, 1);
    if (waiter.timer !== undefined) waiter.clock.clearTimeout(waiter.timer);
    waiter.signal?.removeEventListener('abort', waiter.onAbort);
    if (this.#waiting.length === 0) {
      this.#moves?.dispose();
      this.#moves = undefined;
    }
    return true;
  }
}

const waitersOf = new WeakMap<CircuitBreaker, CircuitWaiters>();

/**
 * Waits, up to `maxWaitMs`, for an open circuit to let a call through: the call takes a ticket
 * as soon as the breaker half-opens with a probe slot free, or closes (newest waiters first,
 * see CircuitWaiters). Resolves with the ticket, or -1 when the time is up with the circuit
 * still shut; rejects with the signal's reason if the caller aborts. Nothing is sent while it
 * waits.
 *
 * A fault that comes and goes (a link that drops for a few hundred milliseconds) then costs a
 * caller some waiting, not a failure: the recovery check finds the service back and the call
 * goes out within its deadline. A long outage costs each call `maxWaitMs` before it is refused.
 */
export function waitForCircuit(
  breaker: CircuitBreaker,
  clock: Clock,
  maxWaitMs: number,
  signal: AbortSignal | undefined,
): Promise<number> {
  let waiters = waitersOf.get(breaker);
  if (waiters === undefined) {
    waiters = new CircuitWaiters(breaker);
    waitersOf.set(breaker, waiters);
  }
  return waiters.wait(clock, maxWaitMs, signal);
}
