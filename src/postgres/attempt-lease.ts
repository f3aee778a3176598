import type { PoolClient, QueryResult, QueryResultRow } from 'pg';
import {
  attemptAbortReason,
  attemptAborted,
  attemptLinkProgressed,
  attemptOutrun,
  attemptTimedOut,
  awaitConnection,
  awaitTurn,
  offAttemptAbort,
  onAttemptAbort,
  watchLinkProgress,
} from '../core/attempt/index.ts';
import type { Attempt } from '../core/attempt/index.ts';
import { sendCancelRequest } from './cancel-request.ts';
import { maxStatementTimeoutMs } from './postgres-defaults.ts';
import { PostgresNotSentError } from './postgres-not-sent-error.ts';
import type { PoolHandoff } from './transport/pool-handoff.ts';
import { sessionFailed } from './transport/session-watch.ts';

/** pg sets these on a connected client but does not declare them. */
interface BackendKey {
  readonly processID?: number | null;
  readonly secretKey?: number | null;
}

/** The statement_timeout each pooled connection's session has now, as far as we set it. */
const sessionTimeouts = new WeakMap<PoolClient, number>();

/**
 * An attempt's time as a statement_timeout: whole ms (rounded: the attempt's time is a
 * difference of clock readings, 1234.0000000002 for a 1234 ms deadline), at least 1, and 0
 * (none) when unbounded or too long for the server.
 */
export function toStatementTimeout(ms: number): number {
  return ms > maxStatementTimeoutMs ? 0 : Math.max(1, Math.round(ms));
}

/** Only a plain ERROR leaves the session usable; FATAL, PANIC and driver errors may not. */
function leavesSessionUsable(error: unknown): boolean {
  return (error as { severity?: unknown } | null)?.severity === 'ERROR';
}

/**
 * One pooled connection, held for one attempt and bound to its abort. When the attempt is
 * aborted (its timeout, the deadline, the caller), the statement running on it is cancelled
 * on the server and the connection destroyed: its state is unknown, and a late cancel must
 * not hit the next statement of a reused session. (A lone statement whose attempt timed out
 * while the server still sends bytes may first finish, see letSlowStatementFinish.) Otherwise `release()` returns it to the
 * pool (through `handoff`), or destroys it after a failure that leaves the session in doubt.
 * Released once.
 */
export class AttemptLease {
  readonly client: PoolClient;
  readonly #handoff: PoolHandoff;
  readonly #attempt: Attempt;
  readonly #cancelTimeoutMs: number;
  #released = false;
  #broken = false;
  /** Set by letSlowStatementFinish: how long a slow statement may go on past its attempt. */
  #graceMs = 0;
  #graceTimer: ReturnType<typeof setTimeout> | undefined;
  readonly #onAbort = (): void => {
    const attempt = this.#attempt;
    const slow = attemptTimedOut(attempt) && attemptLinkProgressed(attempt);
    if (this.#graceMs > 0 && (slow || attemptOutrun(attempt))) {
      // The server is answering, only slowly, or a hedge answered first (the tail of a reply
      // that was held up): the statement finishes and its connection goes back to the pool
      // when it does, instead of being destroyed and made anew while the pool is busy. A
      // reply that does not come within the grace gets the cancel after all.
      this.#graceTimer = setTimeout(this.#giveUp, this.#graceMs);
      this.#graceTimer.unref();
      return;
    }
    this.#giveUp();
  };
  readonly #giveUp = (): void => {
    this.#cancel();
    this.#release(true);
  };

  private constructor(
    handoff: PoolHandoff,
    client: PoolClient,
    attempt: Attempt,
    cancelTimeoutMs: number,
  ) {
    this.client = client;
    this.#handoff = handoff;
    this.#attempt = attempt;
    this.#cancelTimeoutMs = cancelTimeoutMs;
    // Not attempt.signal: hearing of the abort this way costs no AbortController per statement.
    onAttemptAbort(attempt, this.#onAbort);
  }

  /**
   * Takes a connection through `handoff` and binds it to `attempt`. `done` hears the lease, or
   * why there is none: a {@link PostgresNotSentError} when no connection came, the abort's
   * reason when the attempt ended while it waited (the connection is then handed back).
   */
  static take(
    handoff: PoolHandoff,
    attempt: Attempt,
    cancelTimeoutMs: number,
    done: (error: unknown, lease: AttemptLease | undefined) => void,
  ): void {
    // Slow, not gone: a timeout while the server sends bytes on any of the pool's connections.
    watchLinkProgress(attempt, handoff.bytesReceived);
    let waiting = true;
    let orphaned = false;
    const giveUp = (): void => {
      orphaned = true;
      handoff.orphaned();
    };
    const queued = handoff.connect((error, client) => {
      waiting = false;
      awaitConnection(attempt, false);
      awaitTurn(attempt, false);
      if (orphaned) {
        // The attempt gave up while the connection was on its way: the next caller gets it.
        handoff.adopt(error, client);
        done(attemptAbortReason(attempt), undefined);
        return;
      }
      offAttemptAbort(attempt, giveUp);
      if (error !== undefined || client === undefined) {
        done(new PostgresNotSentError('connect', error), undefined);
        return;
      }
      if (attemptAborted(attempt)) {
        // Nothing was sent, so the connection is clean.
        handoff.release(client, false);
        done(attemptAbortReason(attempt), undefined);
        return;
      }
      done(undefined, new AttemptLease(handoff, client, attempt, cancelTimeoutMs));
    });
    // A connection at hand came at once; only one still on its way can be left behind.
    if (!waiting) return;
    awaitConnection(attempt, true);
    // Behind the pool's other callers, the attempt's own time waits for its turn.
    if (queued) awaitTurn(attempt, true);
    if (attemptAborted(attempt)) giveUp();
    else onAttemptAbort(attempt, giveUp);
  }

  /** {@link take} as a promise. */
  static acquire(
    handoff: PoolHandoff,
    attempt: Attempt,
    cancelTimeoutMs: number,
  ): Promise<AttemptLease> {
    return new Promise((resolve, reject) => {
      AttemptLease.take(handoff, attempt, cancelTimeoutMs, (error, lease) => {
        if (lease === undefined) reject(error);
        else resolve(lease);
      });
    });
  }

  /**
   * Runs one statement on the connection. Text and values go to pg separately, not as a
   * config object, which pg would copy property by property on every call.
   */
  query<R extends QueryResultRow>(
    text: string,
    values: readonly unknown[] | undefined,
  ): Promise<QueryResult<R>> {
    // pg only reads the values; the cast drops `readonly` for its mutable signature.
    return this.client.query<R>(text, values as unknown[] | undefined);
  }

  /**
   * Makes the session's statement_timeout `timeoutMs`, so that the server stops the statement
   * when the attempt gives up on it. Costs a round trip only when this connection's session
   * has another value; `startupMs` is the value every new session starts with.
   */
  syncStatementTimeout(
    timeoutMs: number,
    startupMs: number | undefined,
  ): Promise<void> | undefined {
    const wanted = toStatementTimeout(timeoutMs);
    if ((sessionTimeouts.get(this.client) ?? startupMs) === wanted) return undefined;
    return this.client.query(`SET statement_timeout = ${wanted}`).then(() => {
      sessionTimeouts.set(this.client, wanted);
    });
  }

  /**
   * Lets a statement that outlives its attempt's timeout finish, for up to `graceMs`, while the
   * server still sends bytes (slow, not gone), rather than cancelling it and destroying the
   * connection. For a lone statement, whose result nobody else depends on; not in a
   * transaction, whose next statement must not wait for it.
   */
  letSlowStatementFinish(graceMs: number): void {
    this.#graceMs = graceMs;
  }

  /** Notes a failed statement: the connection is destroyed on release unless the session survived it. */
  failed(error: unknown): void {
    if (!leavesSessionUsable(error)) this.#broken = true;
  }

  /** The session is in doubt (a failed ROLLBACK, say): destroy it on release. */
  markBroken(): void {
    this.#broken = true;
  }

  /**
   * Returns the connection to the pool, or destroys it when its state is in doubt: a failed
   * statement or a socket error (heard by `watchSession`) while it was held.
   */
  release(): void {
    this.#release(this.#broken || sessionFailed(this.client));
  }

  #release(destroy: boolean): void {
    if (this.#released) return;
    this.#released = true;
    if (this.#graceTimer !== undefined) clearTimeout(this.#graceTimer);
    offAttemptAbort(this.#attempt, this.#onAbort);
    this.#handoff.release(this.client, destroy);
  }

  #cancel(): void {
    const { processID, secretKey } = this.client as unknown as BackendKey;
    if (typeof processID !== 'number' || typeof secretKey !== 'number') return;
    const target = {
      host: this.client.host,
      port: this.client.port,
      processId: processID,
      secretKey,
    };
    void sendCancelRequest(target, this.#cancelTimeoutMs);
  }
}
