import type { QueryResult, QueryResultRow } from 'pg';
import type { Attempt } from '../core/attempt/index.ts';
import { AttemptLease, toStatementTimeout } from './attempt-lease.ts';
import { markCallbackError } from './callback-errors.ts';
import { checkQuery, type IsolationLevel } from './check-call-args.ts';
import type { PoolHandoff } from './transport/pool-handoff.ts';
import { cancelRequestTimeoutMs } from './postgres-defaults.ts';
import { PostgresNotSentError } from './postgres-not-sent-error.ts';
import { InvalidStateError } from '../core/error-catalogue.ts';

/** What a transaction callback is given: its statements run on the transaction's connection. */
export interface PostgresTransaction {
  /** Runs one statement inside the transaction. Parameter values are sent apart from the text. */
  query<R extends QueryResultRow = Record<string, unknown>>(
    text: string,
    params?: readonly unknown[],
  ): Promise<QueryResult<R>>;
  /** 1-based: the callback runs again after a serialization failure or a deadlock. */
  readonly attempt: number;
  /** Aborts when this attempt times out or the caller aborts; pass it to other work. */
  readonly signal: AbortSignal;
}

/** How to begin the transaction. */
export interface TransactionShape {
  readonly isolationLevel: IsolationLevel | undefined;
  readonly readOnly: boolean;
}

// COMMIT of a transaction in which a statement failed answers ROLLBACK, not an error; this is
// its SQLSTATE (in_failed_sql_transaction), so it classifies as the caller's to fix.
function rolledBack(): Error {
  const message = 'COMMIT rolled the transaction back: a statement in it had failed';
  return Object.assign(new Error(message), { code: '25P02' });
}

/**
 * One attempt at a transaction: `fn` between BEGIN and COMMIT on one pooled connection bound
 * to the attempt, then the connection returned (or destroyed when its session is in doubt).
 */
export async function runTransaction<T>(
  handoff: PoolHandoff,
  attempt: Attempt,
  shape: TransactionShape,
  fn: (tx: PostgresTransaction) => Promise<T>,
): Promise<T> {
  const lease = await AttemptLease.acquire(handoff, attempt, cancelRequestTimeoutMs);
  try {
    return await inTransaction(lease, attempt, shape, fn);
  } finally {
    lease.release();
  }
}

/**
 * BEGIN also sets the transaction's statement timeout to the attempt's time (`SET LOCAL`,
 * gone at its end), in the same round trip. A failure before `fn` runs is a
 * {@link PostgresNotSentError}; a failure in `fn` rolls back and rethrows; a COMMIT that
 * rolled back throws.
 */
async function inTransaction<T>(
  lease: AttemptLease,
  attempt: Attempt,
  shape: TransactionShape,
  fn: (tx: PostgresTransaction) => Promise<T>,
): Promise<T> {
  const isolation = shape.isolationLevel
    ? ` ISOLATION LEVEL ${shape.isolationLevel.toUpperCase()}`
    : '';
  const mode = shape.readOnly ? ' READ ONLY' : '';
  const timeout = toStatementTimeout(attempt.timeoutMs);
  try {
    await lease.client.query(`BEGIN${isolation}${mode}; SET LOCAL statement_timeout = ${timeout}`);
  } catch (error) {
    lease.failed(error);
    throw new PostgresNotSentError('begin', error);
  }
  let open = true;
  const tx: PostgresTransaction = {
    query: <R extends QueryResultRow>(text: string, params?: readonly unknown[]) => {
      if (!open) return Promise.reject(new InvalidStateError('bulwark: this transaction is over'));
      const invalid = checkQuery(text, params, undefined);
      return invalid ? Promise.reject(invalid) : lease.query<R>(text, params);
    },
    attempt: attempt.attempt,
    signal: attempt.signal,
  };
  let result: T;
  try {
    result = await fn(tx);
  } catch (error) {
    open = false;
    markCallbackError(error);
    await lease.client.query('ROLLBACK').catch(() => lease.markBroken());
    throw error;
  }
  open = false;
  let commit: QueryResult;
  try {
    commit = await lease.client.query('COMMIT');
  } catch (error) {
    lease.failed(error);
    throw error;
  }
  if (commit.command === 'ROLLBACK') throw rolledBack();
  return result;
}
