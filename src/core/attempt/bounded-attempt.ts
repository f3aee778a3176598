import type { ScheduledTimeout, TimeoutScheduler } from '../timeout-scheduler.ts';
import type { Operation } from './attempt.ts';
import { AttemptContext, invoke } from './attempt-context.ts';

/** What an attempt's `failure` is once its own timer fired. */
export const timeoutFailure: unique symbol = Symbol('bulwark.timeoutFailure');
/** What an attempt's `failure` is once the caller's signal aborted. */
export const callerAbortFailure: unique symbol = Symbol('bulwark.callerAbortFailure');

/** Why an attempt was aborted: which of the two rejection values its failure is. */
type AbortedBy = typeof timeoutFailure | typeof callerAbortFailure;

/**
 * An attempt bounded by a timeout or a caller's signal. It is its own entry in the timeout
 * scheduler and its own listener on the caller's signal (`handleEvent`), so that bounding an
 * attempt allocates no timer entry and no closure besides the promise's own.
 *
 * Its end is the first of: the operation's promise settling, the timeout, the caller's abort.
 * An operation whose promise settles when the attempt is aborted (`settleOnAttemptAbort`)
 * makes its own promise that end, and the race below is skipped.
 */
class BoundedAttempt<T> extends AttemptContext<T> implements ScheduledTimeout {
  readonly at: number;
  done = false;
  readonly #deadlineAt: number;
  readonly #callerSignal: AbortSignal | undefined;
  readonly #timeouts: TimeoutScheduler;
  #settled = false;
  #abortedBy: AbortedBy | undefined;
  /**
   * Set once the attempt waits its turn behind the client's other calls (awaitTurn): made
   * only then, so that an attempt that never waits pays one field for it.
   */
  #turn: TurnWait | undefined;
  #resolve: (value: T) => void = noop;
  #reject: (reason: unknown) => void = noop;

  constructor(
    attempt: number,
    timeoutMs: number,
    at: number,
    deadlineAt: number,
    callerSignal: AbortSignal | undefined,
    timeouts: TimeoutScheduler,
  ) {
    super(attempt, timeoutMs);
    this.at = at;
    this.#deadlineAt = deadlineAt;
    this.#callerSignal = callerSignal;
    this.#timeouts = timeouts;
  }

  override run(operation: Operation<T>): Promise<T> {
    this.#callerSignal?.addEventListener('abort', this, { once: true });
    const pending = invoke(operation, this);
    // The timer after the operation: its request is on its way while the entry is filed (its
    // time was set from the attempt's start), and no timer can fire within this macrotask.
    if (this.timeoutMs !== Infinity) this.#timeouts.add(this);
    if (this.settledByAbort) return pending;
    const settled = new Promise<T>((resolve, reject) => {
      this.#resolve = resolve;
      this.#reject = reject;
    });
    pending.then(
      (value) => {
        if (this.#finish()) this.#resolve(value);
      },
      (error: unknown) => {
        if (this.#finish()) this.#reject(error);
      },
    );
    return settled;
  }

  /**
   * The timeout fired. An attempt waiting its turn behind the client's other calls has sent
   * nothing; while the server answers those calls the queue moves, and a retry would only
   * queue again, at the back. So it waits on, a timeout's worth at a time, as long as the
   * server keeps answering and within the deadline. Where nothing comes back (a dead link),
   * it times out as any attempt.
   */
  expire(): void {
    if (this.#turn === undefined) this.#timeOut();
    else this.#onTimer(this.#turn, false);
  }

  override waitingTurn(waiting: boolean): void {
    const turn = this.#turn;
    if (waiting) {
      if (turn === undefined) this.#turn = { waiting: true, later: undefined, atDeadline: false };
      else turn.waiting = true;
      return;
    }
    if (turn === undefined || !turn.waiting) return;
    turn.waiting = false;
    if (this.#settled || this.timeoutMs === Infinity) return;
    // Its turn came: its own time starts now, within the deadline.
    this.#timeouts.cancel(this);
    if (turn.later !== undefined) this.#timeouts.cancel(turn.later);
    this.#timeLater(turn);
  }

  override get cutByDeadline(): boolean {
    return this.at >= this.#deadlineAt || this.#turn?.atDeadline === true;
  }

  #onTimer(turn: TurnWait, atDeadline: boolean): void {
    if (atDeadline) turn.atDeadline = true;
    if (turn.waiting && !this.cutByDeadline && !this.#settled && this.linkProgressed()) {
      // Progress is judged afresh for each extension.
      this.bytesBefore = this.bytesReceived?.() ?? 0;
      this.#timeLater(turn);
      return;
    }
    this.#timeOut();
  }

  /** A timer a timeout's worth from now, or at the deadline if that comes first. */
  #timeLater(turn: TurnWait): void {
    const at = Math.min(this.#timeouts.now() + this.timeoutMs, this.#deadlineAt);
    const atDeadline = at >= this.#deadlineAt;
    turn.later = this.#timeouts.schedule(at, () => this.#onTimer(turn, atDeadline));
  }

  #timeOut(): void {
    if (!this.#finish()) return;
    this.#abortedBy = timeoutFailure;
    this.abort(new DOMException(`attempt timed out after ${this.timeoutMs} ms`, 'TimeoutError'));
    this.#reject(timeoutFailure);
  }

  /** The caller's signal aborted. */
  handleEvent(): void {
    if (!this.#finish()) return;
    this.#abortedBy = callerAbortFailure;
    this.abort(this.#callerSignal?.reason);
    this.#reject(callerAbortFailure);
  }

  override end(): void {
    this.#finish();
  }

  override get timedOut(): boolean {
    return this.#abortedBy === timeoutFailure;
  }

  /** A rejection after the timeout or the caller's abort is that, whatever the operation threw. */
  override failure(error: unknown): unknown {
    return this.#abortedBy ?? error;
  }

  /** Stops the timer and the caller's listener; false when the attempt had already settled. */
  #finish(): boolean {
    if (this.#settled) return false;
    this.#settled = true;
    if (this.timeoutMs !== Infinity) this.#timeouts.cancel(this);
    const later = this.#turn?.later;
    if (later !== undefined) this.#timeouts.cancel(later);
    this.#callerSignal?.removeEventListener('abort', this);
    return true;
  }
}

function noop(): void {}

/** An attempt's wait for its turn (see BoundedAttempt's `expire`). */
interface TurnWait {
  waiting: boolean;
  /** The timer that replaced the attempt's own when its timeout came while it waited. */
  later: ScheduledTimeout | undefined;
  /** Whether that timer is the call's deadline. */
  atDeadline: boolean;
}

/**
 * Makes attempt number `attempt`, bounded by `timeoutMs` and by the caller's signal. Its `run`
 * settles with the operation's result or error; after the timeout or the caller's abort,
 * `failure` turns the rejection into {@link timeoutFailure} / {@link callerAbortFailure}, and
 * either way the attempt is aborted (so the I/O stops). Once the pipeline calls `end`, the
 * timer and the listener are gone. `deadlineAt` (clock reading) is the call's deadline: the
 * attempt never outlives it, even while it waits its turn.
 */
export function startAttempt<T>(
  attempt: number,
  timeoutMs: number,
  callerSignal: AbortSignal | undefined,
  timeouts: TimeoutScheduler,
  startedAt: number,
  deadlineAt: number,
): AttemptContext<T> {
  if (timeoutMs === Infinity && callerSignal === undefined) {
    return new AttemptContext<T>(attempt, timeoutMs);
  }
  const at = startedAt + timeoutMs;
  return new BoundedAttempt<T>(attempt, timeoutMs, at, deadlineAt, callerSignal, timeouts);
}
