import { AttemptContext } from './attempt-context.ts';
import type { ScheduledTimeout, TimeoutScheduler } from './timeout-scheduler.ts';

/** What an operation is given for each attempt. */
export interface Attempt {
  /**
   * Aborts when this attempt times out, the overall deadline passes, or the caller aborts.
   * Pass it to the real I/O (the SDK's abortSignal, a request's signal) so the work stops and
   * its socket is freed. Created on first read, so an operation that ignores it costs nothing.
   */
  readonly signal: AbortSignal;
  /** 1-based attempt number. */
  readonly attempt: number;
  /** The time this attempt may take, in ms (Infinity when unbounded); a driver can hand it to the server, as a statement timeout for instance. */
  readonly timeoutMs: number;
}

/** The work a pipeline runs: one attempt at the real call. */
export type Operation<T> = (attempt: Attempt) => Promise<T>;

/** Rejection value of {@link runAttempt} when the attempt's own timer fired. */
export const attemptTimedOut: unique symbol = Symbol('bulwark.attemptTimedOut');
/** Rejection value of {@link runAttempt} when the caller's signal aborted. */
export const callerAborted: unique symbol = Symbol('bulwark.callerAborted');

function invoke<T>(operation: Operation<T>, attempt: Attempt): Promise<T> {
  try {
    return operation(attempt);
  } catch (error) {
    // An operation that throws synchronously is treated like one that rejects.
    return Promise.reject(error);
  }
}

/**
 * An attempt bounded by a timeout or a caller's signal. It is its own entry in the timeout
 * scheduler and its own listener on the caller's signal (`handleEvent`), so that bounding an
 * attempt allocates no timer entry and no closure besides the promise's own.
 */
class BoundedAttempt<T> extends AttemptContext implements ScheduledTimeout {
  readonly at: number;
  done = false;
  readonly #callerSignal: AbortSignal | undefined;
  readonly #timeouts: TimeoutScheduler;
  #settled = false;
  #resolve: (value: T) => void = noop;
  #reject: (reason: unknown) => void = noop;

  constructor(
    attempt: number,
    timeoutMs: number,
    at: number,
    callerSignal: AbortSignal | undefined,
    timeouts: TimeoutScheduler,
  ) {
    super(attempt, timeoutMs);
    this.at = at;
    this.#callerSignal = callerSignal;
    this.#timeouts = timeouts;
  }

  run(operation: Operation<T>): Promise<T> {
    const settled = new Promise<T>((resolve, reject) => {
      this.#resolve = resolve;
      this.#reject = reject;
    });
    if (this.timeoutMs !== Infinity) this.#timeouts.add(this);
    this.#callerSignal?.addEventListener('abort', this, { once: true });
    invoke(operation, this).then(
      (value) => {
        if (this.#finish()) this.#resolve(value);
      },
      (error: unknown) => {
        if (this.#finish()) this.#reject(error);
      },
    );
    return settled;
  }

  /** The timeout fired. */
  expire(): void {
    if (!this.#finish()) return;
    this.abort(new DOMException(`attempt timed out after ${this.timeoutMs} ms`, 'TimeoutError'));
    this.#reject(attemptTimedOut);
  }

  /** The caller's signal aborted. */
  handleEvent(): void {
    if (!this.#finish()) return;
    this.abort(this.#callerSignal?.reason);
    this.#reject(callerAborted);
  }

  /** Stops the timer and the caller's listener; false when the attempt had already settled. */
  #finish(): boolean {
    if (this.#settled) return false;
    this.#settled = true;
    if (this.timeoutMs !== Infinity) this.#timeouts.cancel(this);
    this.#callerSignal?.removeEventListener('abort', this);
    return true;
  }
}

function noop(): void {}

/**
 * Runs one attempt, bounded by `timeoutMs` and by the caller's signal. Settles with the
 * operation's result or error, or rejects with {@link attemptTimedOut} / {@link callerAborted};
 * either way the attempt is aborted (so the I/O stops) and the timer and the listener are
 * gone by the time it settles.
 */
export function runAttempt<T>(
  operation: Operation<T>,
  attempt: number,
  timeoutMs: number,
  callerSignal: AbortSignal | undefined,
  timeouts: TimeoutScheduler,
  startedAt: number,
): Promise<T> {
  if (timeoutMs === Infinity && callerSignal === undefined) {
    return invoke(operation, new AttemptContext(attempt, timeoutMs));
  }
  const bounded = new BoundedAttempt<T>(
    attempt,
    timeoutMs,
    startedAt + timeoutMs,
    callerSignal,
    timeouts,
  );
  return bounded.run(operation);
}
