import type { ErrorKind } from './error-kind.ts';

/**
 * What a client's `classify` says about one failed attempt. The policies read only this,
 * never the driver's error: classification is apart from reaction.
 */
export interface Classification {
  readonly kind: ErrorKind;
  /** Whether another attempt could succeed where this one failed. */
  readonly retriable: boolean;
  /**
   * True when the error proves the request never reached the server (connection refused, a
   * DNS failure, a pool that could not hand out a connection), so nothing can have run there
   * and even a non-idempotent operation may be retried.
   */
  readonly neverSent?: boolean | undefined;
  /**
   * True when the answer itself shows a server that works: contention between its callers (a
   * serialization failure, a deadlock, a lock timeout), not trouble of its own. The breaker
   * counts it as the server answering, so contention never opens the circuit for everyone.
   */
  readonly serverHealthy?: boolean | undefined;
  /** The server's own hint of when to try again (Retry-After), in milliseconds. */
  readonly retryAfterMs?: number | undefined;
  /** The driver's or server's code (`ECONNRESET`, `SlowDown`, `40001`). */
  readonly code?: string | undefined;
  /** The HTTP-like status, when the upstream answered with one. */
  readonly status?: number | undefined;
  /** A short human account of the failure, free of secrets ("connection reset"). */
  readonly reason?: string | undefined;
}

/** Maps whatever a driver throws to a {@link Classification}. Must not throw. */
export type Classifier = (error: unknown) => Classification;
