/**
 * The HTTP client's defaults, one per line with why. Retries follow RFC 9110: a method is
 * safe to repeat when it is idempotent; POST and PATCH only with an Idempotency-Key (or the
 * caller's word).
 */

/** Methods whose repetition has the same effect as one call (RFC 9110, 9.2.2). */
export const idempotentMethods: ReadonlySet<string> = new Set([
  'GET',
  'HEAD',
  'PUT',
  'DELETE',
  'OPTIONS',
  'TRACE',
]);

/** The header that makes a POST or PATCH safe to retry (the server deduplicates on it). */
export const idempotencyKeyHeader = 'idempotency-key';

/** Sockets per origin: enough for a busy service, bounded so one upstream cannot take them all. */
export const defaultConnections = 64;

/** How much of an error response's body goes into the error, to show what the server said. */
export const errorBodyPreviewBytes = 512;

/** Pipeline defaults for HTTP: three attempts, a 10 s attempt and 30 s call deadline. */
export const defaultHttpTimeout = { attemptMs: 10_000, totalMs: 30_000 } as const;

/** An unread body up to this size is read and dropped to keep its socket; a bigger one costs the socket. */
export const drainLimitBytes = 256 * 1024;
