/** Where a statement was stopped before the server could run any of it. */
export type NotSentPhase = 'connect' | 'begin';

/**
 * A failure that proves the caller's statement never ran: the pool could not hand out a
 * connection (`connect`: refused, timed out, bad password, too many connections), or a
 * transaction could not begin (`begin`: nothing of it had run yet). The driver's error is the
 * `cause`; the classification is the cause's, marked `neverSent`, so even a write may be
 * retried.
 */
export class PostgresNotSentError extends Error {
  override readonly name = 'PostgresNotSentError';
  readonly phase: NotSentPhase;

  constructor(phase: NotSentPhase, cause: unknown) {
    const what = phase === 'connect' ? 'could not get a connection' : 'could not begin';
    super(`${what}: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    this.phase = phase;
  }
}
