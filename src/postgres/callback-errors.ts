/** Errors a transaction callback threw that did not come from the database. */
const fromCallback = new WeakSet<object>();

/**
 * Remembers that the transaction callback threw `error`, so that the classification can tell
 * the caller's own failure (a validation, a bug) from a database one: the former is the
 * caller's to fix, and must neither be retried nor count against the circuit breaker.
 */
export function markCallbackError(error: unknown): void {
  if (typeof error === 'object' && error !== null) fromCallback.add(error);
}

/** Whether a transaction callback threw `error` (see {@link markCallbackError}). */
export function isCallbackError(error: unknown): boolean {
  return typeof error === 'object' && error !== null && fromCallback.has(error);
}
