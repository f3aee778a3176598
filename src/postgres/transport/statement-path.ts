import type { PoolClient } from 'pg';
import type { CoalescedWrites } from '../../transport/coalesced-writes.ts';
import type { PoolHandoff } from './pool-handoff.ts';

/** How a client's statements reach the server. */
export interface StatementPath {
  /** Connections, handed from one statement to the next of a turn. */
  readonly handoff: PoolHandoff;
  /** Statements written while others are in flight, sent together at the end of the turn. */
  readonly writes: CoalescedWrites;
  /** The statement_timeout every new session starts with. */
  readonly startupMs: number | undefined;
}

/**
 * Alone, a statement is written at once; with others in flight on the pool, `client`'s writes
 * are held to the end of the turn and sent with theirs.
 *
 * Relies on pg's `client.connection.stream`, the connection's socket (pg 8).
 */
export function gatherWhenOthersInFlight(path: StatementPath, client: PoolClient): void {
  if (path.handoff.inUse > 1) path.writes.gather(client.connection.stream);
}
