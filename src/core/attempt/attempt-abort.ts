/**
 * What a client may do with the attempt its operation is given, beyond passing
 * `attempt.signal` to its driver: the written contract between the pipeline and the clients.
 *
 * - **Abort listeners.** `onAttemptAbort` tells a listener once when the attempt is aborted
 *   (its timeout, the overall deadline, or the caller's signal), like an `abort` listener on
 *   `attempt.signal`, but without making the signal: an AbortController and an EventTarget
 *   listener per call is what a client whose calls take microseconds cannot pay.
 *   `offAttemptAbort` removes one. Listeners run synchronously, in the order they came; one
 *   that throws is reported (as an EventTarget does) and the others still run.
 * - **Settle on abort.** An operation whose own promise rejects at once when the attempt is
 *   aborted registers that rejection with `settleOnAttemptAbort`, while it runs and before it
 *   returns. The pipeline then awaits that promise alone instead of racing it against the
 *   timeout and the caller's signal (a promise, two closures and a turn of the microtask queue
 *   saved per attempt). The contract: the listener MUST settle the promise the operation
 *   returns, synchronously. Whatever it rejects with, the pipeline reports the attempt's
 *   timeout or the caller's abort. Registered later, or on an attempt the pipeline did not
 *   make, it is a plain abort listener.
 * - **Waiting for a connection.** `awaitConnection(attempt, true)` says the attempt waits for
 *   a connection (one being made, or one of a busy pool), `false` that it has one. An attempt
 *   that times out while waiting sent nothing: it may be retried even as a write.
 * - **Waiting its turn.** `awaitTurn(attempt, true)` says the attempt waits behind the
 *   client's other calls for a connection they hold (a pool at its size), with no I/O of its
 *   own; `false` that its turn came. While the server answers those calls (watchLinkProgress
 *   below), its timeout does not run out (a retry would only queue again, at the back): it
 *   waits on, up to the call's deadline, and its own time starts when its turn comes. Where
 *   nothing comes back, it times out as usual. Say `awaitConnection` too: nothing was sent.
 * - **Slow, not gone.** `watchLinkProgress(attempt, bytesReceived)` gives a count of the
 *   bytes the server has sent on all of the client's connections (those being made included),
 *   one that never goes down, read now and again if the attempt times out: has the server sent
 *   anything since the attempt began? (A function the client makes once, so a call costs two
 *   fields, not a closure.) An attempt that times out while the server answers others is a
 *   slow answer, not an outage: the breaker does not count it, so a slow service that answers
 *   within the deadline never opens it. A dead link, where nothing comes back, still does.
 * - **Why it ended.** `attemptAborted` and `attemptAbortReason` read the abort without making
 *   the signal; `attemptTimedOut` says whether the attempt's own timeout (or the deadline)
 *   ended it, as opposed to the caller. Decide on that, never on an error's name: a caller's
 *   `AbortSignal.timeout()` aborts with a `TimeoutError` too.
 *
 * @packageDocumentation
 */
import type { Attempt } from './attempt.ts';
import { AttemptContext, type AttemptAbortListener } from './attempt-context.ts';

export type { AttemptAbortListener } from './attempt-context.ts';

/**
 * Calls `listener` once if `attempt` is aborted after this call (as an `abort` listener on
 * its signal would be), without making the signal when the pipeline made the attempt.
 */
export function onAttemptAbort(attempt: Attempt, listener: AttemptAbortListener): void {
  if (attempt instanceof AttemptContext) attempt.addAbortListener(listener);
  else attempt.signal.addEventListener('abort', listener, { once: true });
}

/**
 * Calls `settle` once if `attempt` is aborted, where `settle` rejects the promise the operation
 * returns (at once, in the same turn), so that the attempt's end is that promise's. Called
 * while the operation runs, before it returns, this spares the pipeline racing the promise
 * against the timeout and the caller's signal: a promise, two closures and a turn of the
 * microtask queue per attempt, which matter to a client whose calls take tens of microseconds.
 * Called later, or on an attempt the pipeline did not make, it is a plain abort listener.
 */
export function settleOnAttemptAbort(attempt: Attempt, settle: AttemptAbortListener): void {
  if (attempt instanceof AttemptContext) attempt.addSettleListener(settle);
  else attempt.signal.addEventListener('abort', settle, { once: true });
}

/** Removes a listener added with {@link onAttemptAbort}; a no-op once it was called. */
export function offAttemptAbort(attempt: Attempt, listener: AttemptAbortListener): void {
  if (attempt instanceof AttemptContext) attempt.removeAbortListener(listener);
  else attempt.signal.removeEventListener('abort', listener);
}

/** Notes whether `attempt` waits for a connection (see above). */
export function awaitConnection(attempt: Attempt, waiting: boolean): void {
  if (attempt instanceof AttemptContext) attempt.awaitingConnection = waiting;
}

/** Notes whether `attempt` waits its turn behind the client's other calls (see above). */
export function awaitTurn(attempt: Attempt, waiting: boolean): void {
  if (attempt instanceof AttemptContext) attempt.waitingTurn(waiting);
}

/** Watches the bytes the server sends from now on, for `attempt` (see above). */
export function watchLinkProgress(attempt: Attempt, bytesReceived: () => number): void {
  if (!(attempt instanceof AttemptContext)) return;
  attempt.bytesReceived = bytesReceived;
  attempt.bytesBefore = bytesReceived();
}

/**
 * Whether the server has sent anything since `attempt` began (see watchLinkProgress above);
 * false for an attempt the client does not watch, or the pipeline did not make.
 */
export function attemptLinkProgressed(attempt: Attempt): boolean {
  return attempt instanceof AttemptContext && attempt.linkProgressed();
}

/** Whether `attempt` was aborted, without making its signal. */
export function attemptAborted(attempt: Attempt): boolean {
  return attempt instanceof AttemptContext ? attempt.aborted : attempt.signal.aborted;
}

/** Why `attempt` was aborted (a TimeoutError DOMException, or the caller's reason). */
export function attemptAbortReason(attempt: Attempt): unknown {
  return attempt instanceof AttemptContext ? attempt.abortReason : attempt.signal.reason;
}

/**
 * Whether `attempt` was aborted because another attempt of its call (a hedge) answered first:
 * its request was no mistake, only slower, and its answer may be close.
 */
export function attemptOutrun(attempt: Attempt): boolean {
  return attempt instanceof AttemptContext && attempt.outrun;
}

/**
 * Whether `attempt` was aborted by its own timeout or the call's deadline, and not by the
 * caller's signal (whatever that signal's reason, `AbortSignal.timeout()`'s included). False
 * for an attempt the pipeline did not make: its cause cannot be told.
 */
export function attemptTimedOut(attempt: Attempt): boolean {
  return attempt instanceof AttemptContext && attempt.timedOut;
}
