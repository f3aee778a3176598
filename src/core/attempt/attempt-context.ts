import type { Attempt, Operation } from './attempt.ts';

/** Told once when an attempt is aborted (its timeout, the deadline, the caller). */
export type AttemptAbortListener = () => void;

/**
 * The {@link Attempt} the pipeline hands to an operation, and the pipeline's handle on that
 * attempt: `run` starts the operation, `end` is called once its promise settled, and
 * `failure` says what a rejection means. Unbounded here; `BoundedAttempt` adds the timeout
 * and the caller's signal.
 *
 * Its AbortController is made on the first read of `signal`: a client that
 * only needs to hear of the abort listens through `onAttemptAbort` (attempt-abort.ts) instead, which costs
 * a slot in an array rather than an AbortController and an EventTarget listener on every call.
 */
export class AttemptContext<T = unknown> implements Attempt {
  readonly attempt: number;
  readonly timeoutMs: number;
  #controller: AbortController | undefined;
  #aborted = false;
  #abortReason: unknown;
  // One listener in a field, more in an array: a client's one listener costs no allocation.
  #listener: AttemptAbortListener | undefined;
  #more: AttemptAbortListener[] | undefined;
  #settledByAbort = false;
  /** Set by the client while the attempt waits for a connection (awaitConnection). */
  awaitingConnection = false;
  /** Set by the pipeline when it aborts this attempt because a hedge of the call answered first. */
  outrun = false;
  /** Set by the client (watchLinkProgress): bytes the server has sent so far, and before. */
  bytesReceived: (() => number) | undefined;
  bytesBefore = 0;

  /** Whether the server has sent anything since the client began watching (see above). */
  linkProgressed(): boolean {
    return this.bytesReceived !== undefined && this.bytesReceived() > this.bytesBefore;
  }

  constructor(attempt: number, timeoutMs: number) {
    this.attempt = attempt;
    this.timeoutMs = timeoutMs;
  }

  /** Starts `operation` on this attempt. */
  run(operation: Operation<T>): Promise<T> {
    return invoke(operation, this);
  }

  /** Called once the promise from `run` settled. */
  end(): void {}

  /** What a rejection of the promise from `run` means for the pipeline. */
  failure(error: unknown): unknown {
    return error;
  }

  /**
   * True once the operation registered a listener that settles its promise when this attempt
   * is aborted (`settleOnAttemptAbort`).
   */
  get settledByAbort(): boolean {
    return this.#settledByAbort;
  }

  get signal(): AbortSignal {
    if (!this.#controller) {
      this.#controller = new AbortController();
      if (this.#aborted) this.#controller.abort(this.#abortReason);
    }
    return this.#controller.signal;
  }

  get aborted(): boolean {
    return this.#aborted;
  }

  /** True once this attempt was aborted by its own timeout (the deadline's included). */
  get timedOut(): boolean {
    return false;
  }

  /** True when the attempt's timeout is (or became) the call's deadline. */
  get cutByDeadline(): boolean {
    return false;
  }

  /**
   * Set by the client (awaitTurn) while the attempt waits its turn behind the client's other
   * calls; an unbounded attempt has no timer to hold.
   */
  waitingTurn(_waiting: boolean): void {}

  get abortReason(): unknown {
    return this.#abortReason;
  }

  /** Aborts the attempt once: its signal, then the listeners, in the order they came. */
  abort(reason: unknown): void {
    if (this.#aborted) return;
    this.#aborted = true;
    this.#abortReason = reason;
    this.#controller?.abort(reason);
    const first = this.#listener;
    const more = this.#more;
    this.#listener = undefined;
    this.#more = undefined;
    if (first) call(first);
    if (more) for (const listener of more) call(listener);
  }

  /** Adds `settle`, a listener that settles the operation's promise: see `settleOnAttemptAbort`. */
  addSettleListener(settle: AttemptAbortListener): void {
    this.addAbortListener(settle);
    this.#settledByAbort = true;
  }

  addAbortListener(listener: AttemptAbortListener): void {
    if (this.#aborted) return;
    if (this.#listener === undefined) this.#listener = listener;
    else (this.#more ??= []).push(listener);
  }

  removeAbortListener(listener: AttemptAbortListener): void {
    if (this.#listener === listener) {
      this.#listener = this.#more?.shift();
      return;
    }
    const at = this.#more?.indexOf(listener) ?? -1;
    if (at >= 0) this.#more?.splice(at, 1);
  }
}

/** Calls `operation`; one that throws synchronously is treated like one that rejects. */
export function invoke<T>(operation: Operation<T>, attempt: Attempt): Promise<T> {
  try {
    return operation(attempt);
  } catch (error) {
    return Promise.reject(error);
  }
}

function call(listener: AttemptAbortListener): void {
  try {
    listener();
  } catch (error) {
    // Reported as an EventTarget reports a listener that throws: the abort itself (a timer
    // firing for many attempts at once) must go on for every other attempt and listener.
    queueMicrotask(() => {
      throw error;
    });
  }
}
