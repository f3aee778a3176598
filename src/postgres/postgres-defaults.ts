/**
 * The PostgreSQL client's own defaults, each merged under what the caller gives and each with
 * the reason for its value. The pipeline's policies keep the core's (10 s an attempt, 30 s a
 * call): statements range from a millisecond to minutes, so no tighter figure suits them all.
 */

/** The name in every error, event and log record of the client, unless one is given. */
export const defaultPostgresService = 'postgres';

/** Where pg connects when neither the fields nor the connection string say (pg's own defaults). */
export const defaultPostgresHost = 'localhost';
export const defaultPostgresPort = 5432;

/** Pool settings bulwark chooses when the caller's `connection` does not. */
export const defaultPostgresPool = {
  // pg waits forever by default, both to connect and for a free pool connection: a
  // blackholed server would then hold a pool slot (and a caller) for good. Five seconds is
  // far beyond a healthy connect, and it turns a hung connect into an error that classifies.
  connectionTimeoutMillis: 5_000,
  // TCP keep-alive lets the OS notice a peer that vanished (a failover, a dropped NAT entry)
  // while the connection sat idle in the pool, instead of the next query finding out.
  keepAlive: true,
  // Names our sessions in pg_stat_activity, so an operator sees who holds a connection; the
  // fallback gives way to an application_name of the caller's.
  fallback_application_name: 'bulwark',
} as const;

/**
 * How long a cancel request may take to reach the server before its socket is dropped. The
 * connection it cancels is destroyed anyway; past this, the statement timeout stops the query.
 */
export const cancelRequestTimeoutMs = 2_000;

/**
 * How long a lone statement that outlived its attempt may go on while the server still sends
 * bytes (a slow link, not a dead one) before it is cancelled and its connection destroyed.
 * Letting it finish keeps the connection: through a slow link, a new one costs several round
 * trips, which is what turns a slow service into a failing one.
 */
export const slowStatementGraceMs = 2_000;

/**
 * PostgreSQL's largest statement_timeout (a 32-bit int of ms); longer deadlines, and none at
 * all, become 0, which the server reads as "no timeout".
 */
export const maxStatementTimeoutMs = 2_147_483_647;

/**
 * How long `close()` waits, after pg has let go of its connections, for the server to close
 * their sockets before destroying them. A healthy server closes at once; a blackholed one
 * never would.
 */
export const closeGraceMs = 1_000;

/** pg-pool's own default for `max`, the most connections a pool makes. */
export const defaultPoolMax = 10;
