import type { Pool, PoolClient, QueryResult, QueryResultRow } from 'pg';
import type { Attempt } from '../core/attempt.ts';
import { AttemptLease } from './attempt-lease.ts';
import { cancelRequestTimeoutMs } from './postgres-defaults.ts';
import { PostgresNotSentError } from './postgres-not-sent-error.ts';

/**
 * One attempt at one statement: a pooled connection bound to the attempt, its session's
 * statement timeout brought to the attempt's time, the statement, and the connection returned
 * (or destroyed, when the failure leaves its session in doubt). `startupMs` is the statement
 * timeout every new session starts with.
 */
export async function runStatement<R extends QueryResultRow>(
  pool: Pool,
  text: string,
  values: readonly unknown[] | undefined,
  attempt: Attempt,
  startupMs: number | undefined,
): Promise<QueryResult<R>> {
  // AttemptLease.acquire, inlined: one async frame fewer on every statement.
  let client: PoolClient;
  try {
    client = await pool.connect();
  } catch (error) {
    throw new PostgresNotSentError('connect', error);
  }
  const lease = AttemptLease.bind(client, attempt, cancelRequestTimeoutMs);
  try {
    const setting = lease.syncStatementTimeout(attempt.timeoutMs, startupMs);
    if (setting) await setting;
    return await lease.query<R>(text, values);
  } catch (error) {
    lease.failed(error);
    throw error;
  } finally {
    lease.release();
  }
}
