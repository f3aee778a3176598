import type { PoolClient, QueryResult, QueryResultRow } from 'pg';
import type { Attempt } from '../core/attempt/index.ts';
import { AttemptLease } from './attempt-lease.ts';
import type { PoolHandoff } from './pool-handoff.ts';
import { cancelRequestTimeoutMs } from './postgres-defaults.ts';
import type { TurnWrites } from './turn-writes.ts';

/** How a client's statements reach the server. */
export interface StatementPath {
  /** Connections, handed from one statement to the next of a turn. */
  readonly handoff: PoolHandoff;
  /** Statements written while others are in flight, sent together at the end of the turn. */
  readonly writes: TurnWrites;
  /** The statement_timeout every new session starts with. */
  readonly startupMs: number | undefined;
}

/**
 * Alone, a statement is written at once; with others in flight on the pool, `client`'s writes
 * are held to the end of the turn and sent with theirs.
 */
export function gatherWhenOthersInFlight(path: StatementPath, client: PoolClient): void {
  if (path.handoff.inUse > 1) path.writes.gather(client.connection.stream);
}

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
