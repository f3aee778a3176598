import { findErrorCode } from '../core/classify-default.ts';
import { BulwarkError, type BulwarkErrorCode } from '../core/error-catalogue.ts';

/**
 * A command failed because of its connection, not because of Redis's answer: the connection
 * could not be made or was lost. `neverSent` says whether the command provably never left
 * (so even a non-idempotent one may be retried); `cause` is the socket's own error
 * (ECONNREFUSED, ECONNRESET) when there was one.
 */
export class RedisConnectionError extends Error {
  override readonly name: string = 'RedisConnectionError';
  /** The socket's error code, when the cause has one. */
  readonly code: string | undefined;
  /** True when the command was never written to a connection. */
  readonly neverSent: boolean;

  constructor(message: string, options: { readonly neverSent: boolean; readonly cause?: unknown }) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.neverSent = options.neverSent;
    this.code = findErrorCode(options.cause);
  }
}

/** True for a {@link RedisConnectionError}, also one made by another installed copy of bulwark. */
export function isRedisConnectionError(error: unknown): error is RedisConnectionError {
  return (
    error instanceof Error &&
    error.name === 'RedisConnectionError' &&
    typeof (error as { neverSent?: unknown }).neverSent === 'boolean'
  );
}

/** A call was made on (or was still retrying when) a Redis client was closed. Not retried. */
export class RedisClientClosedError extends BulwarkError {
  override readonly name: string = 'RedisClientClosedError';
  readonly code = 'BULWARK_REDIS_CLOSED' satisfies BulwarkErrorCode;
}
