import type { QueryResult, QueryResultRow } from 'pg';
import type { Attempt } from '../core/attempt/index.ts';
import { AttemptLease } from './attempt-lease.ts';
import { cancelRequestTimeoutMs, slowStatementGraceMs } from './postgres-defaults.ts';
import { runTransaction, type TransactionShape } from './run-transaction.ts';
import { gatherWhenOthersInFlight, type StatementPath } from './transport/statement-path.ts';

/**
 * One attempt at one statement: a pooled connection bound to the attempt, its session's
 * statement timeout brought to the attempt's time, the statement, and the connection returned
 * (or destroyed, when the failure leaves its session in doubt).
 *
 * Driven by pg's callbacks under a single promise: the promise-returning forms of
 * `pool.connect` and `client.query`, awaited in an async function, cost three promises and
 * as many turns of the microtask queue on every statement, and that delay before the next
 * statement is written shows in the throughput of a busy pool.
 */
export function runStatement<R extends QueryResultRow>(
  path: StatementPath,
  text: string,
  values: readonly unknown[] | undefined,
  attempt: Attempt,
  readGuard?: ReadGuard,
): Promise<QueryResult<R>> {
  // A statement taken for a read by its text, sent once already by an attempt that failed,
  // runs again where the server enforces it: a SELECT that calls a function which writes
  // fails there instead of writing again.
  if (readGuard?.sent === true) return runReadOnly(path, text, values, attempt);
  const { handoff, startupMs } = path;
  return new Promise<QueryResult<R>>((resolve, reject) => {
    AttemptLease.take(handoff, attempt, cancelRequestTimeoutMs, (takeError, lease) => {
      if (lease === undefined) {
        reject(takeError);
        return;
      }
      const failed = (error: unknown): void => {
        lease.failed(error);
        lease.release();
        reject(error);
      };
      lease.letSlowStatementFinish(slowStatementGraceMs);
      const send = (): void => {
        gatherWhenOthersInFlight(path, lease.client);
        try {
          if (readGuard) readGuard.sent = true;
          // pg only reads the values (and takes none as undefined); the cast is for its signature.
          lease.client.query<R>(text, values as unknown[], (error, result) => {
            if (error) return failed(error);
            lease.release();
            resolve(result);
          });
        } catch (error) {
          // Thrown inside pg's callback it would escape into the pool; here it fails the attempt.
          failed(error);
        }
      };
      const setting = lease.syncStatementTimeout(attempt.timeoutMs, startupMs);
      if (setting) setting.then(send, failed);
      else send();
    });
  });
}

/** Whether a statement taken for a read has been sent by an attempt of its call. */
export interface ReadGuard {
  sent: boolean;
}

/**
 * The statement as a READ ONLY transaction of its own, for the retries of an inferred read that
 * was sent before (see runStatement): the transaction path's BEGIN (with the attempt's
 * statement timeout) and COMMIT, on those retries only.
 */
function runReadOnly<R extends QueryResultRow>(
  path: StatementPath,
  text: string,
  values: readonly unknown[] | undefined,
  attempt: Attempt,
): Promise<QueryResult<R>> {
  return runTransaction(path.handoff, attempt, readOnlyShape, (tx) => tx.query<R>(text, values));
}

const readOnlyShape: TransactionShape = { isolationLevel: undefined, readOnly: true };
