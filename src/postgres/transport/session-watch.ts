import type { PoolClient } from 'pg';

/** Connections whose socket or session failed at some point: never to be reused. */
const failedSessions = new WeakSet<PoolClient>();

/**
 * Listens, for its whole life, to the errors of a connection the pool just opened. A socket
 * error while a call holds the connection (between the statements of a transaction, say)
 * would crash the process with no listener, and leaves the session gone; it is noted here so
 * the lease destroys the connection instead of returning it. One listener per connection,
 * not one added and removed per statement: removing an object's last listener deletes a
 * property of its event table, which leaves every later event on that connection slower.
 *
 * Relies on pg's `Client` emitting `error` for its socket and session (public API).
 */
export function watchSession(client: PoolClient): void {
  client.on('error', () => failedSessions.add(client));
}

/** Whether `client`'s socket or session has failed since the pool opened it. */
export function sessionFailed(client: PoolClient): boolean {
  return failedSessions.has(client);
}
