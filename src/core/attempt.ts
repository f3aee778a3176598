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

class AttemptContext implements Attempt {
  readonly attempt: number;
  readonly timeoutMs: number;
  #controller: AbortController | undefined;
  #abortReason: unknown;
  #aborted = false;

  constructor(attempt: number, timeoutMs: number) {
    this.attempt = attempt;
    this.timeoutMs = timeoutMs;
  }

  get signal(): AbortSignal {
    if (!this.#controller) {
      this.#controller = new AbortController();
      if (this.#aborted) this.#controller.abort(this.#abortReason);
    }
    return this.#controller.signal;
  }

  abort(reason: unknown): void {
    this.#aborted = true;
    this.#abortReason = reason;
    this.#controller?.abort(reason);
  }
}

function invoke<T>(operation: Operation<T>, attempt: Attempt): Promise<T> {
  try {
    return operation(attempt);
  } catch (error) {
    // An operation that throws synchronously is treated like one that rejects.
    return Promise.reject(error);
  }
}

/**
 * Runs one attempt, bounded by `timeoutMs` and by the caller's signal. Settles with the
 * operation's result or error, or rejects with {@link attemptTimedOut} / {@link callerAborted};
 * either way the attempt's signal is aborted (so the I/O stops) and the timer and the
 * listener are gone by the time it settles.
 */
export function runAttempt<T>(
  operation: Operation<T>,
  attempt: number,
  timeoutMs: number,
  callerSignal: AbortSignal | undefined,
  timeouts: TimeoutScheduler,
  startedAt: number,
): Promise<T> {
  const context = new AttemptContext(attempt, timeoutMs);
  if (timeoutMs === Infinity && callerSignal === undefined) return invoke(operation, context);

  return new Promise<T>((resolve, reject) => {
    let settled = false;
    const finish = (): boolean => {
      if (settled) return false;
      settled = true;
      if (timeout !== undefined) timeouts.cancel(timeout);
      callerSignal?.removeEventListener('abort', onCallerAbort);
      return true;
    };
    const onCallerAbort = (): void => {
      if (!finish()) return;
      context.abort(callerSignal?.reason);
      reject(callerAborted);
    };
    const timeout: ScheduledTimeout | undefined =
      timeoutMs === Infinity
        ? undefined
        : timeouts.schedule(startedAt + timeoutMs, () => {
            if (!finish()) return;
            context.abort(
              new DOMException(`attempt timed out after ${timeoutMs} ms`, 'TimeoutError'),
            );
            reject(attemptTimedOut);
          });
    callerSignal?.addEventListener('abort', onCallerAbort, { once: true });
    invoke(operation, context).then(
      (value) => {
        if (finish()) resolve(value);
      },
      (error: unknown) => {
        if (finish()) reject(error);
      },
    );
  });
}
