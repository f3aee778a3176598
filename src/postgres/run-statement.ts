import type { QueryResult, QueryResultRow } from 'pg';
import type { Attempt } from '../core/attempt/index.ts';
import { AttemptLease } from './attempt-lease.ts';
import { cancelRequestTimeoutMs, slowStatementGraceMs } from './postgres-defaults.ts';
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
): Promise<QueryResult<R>> {
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
