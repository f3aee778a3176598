import type { ErrorKind } from './error-kind.ts';
import type { CallContext } from './pipeline-events.ts';
import { brandErrorClass, type BulwarkErrorCode } from './error-catalogue.ts';
import { redact } from './redact.ts';

/** The brand that recognises an UpstreamError made by any installed copy of bulwark. */
const upstreamErrorBrand = Symbol.for('bulwark.UpstreamError');

/** The facts behind a failed call; every UpstreamError carries them. */
export interface UpstreamErrorFacts {
  /** The upstream, as named when the client was made (`s3`, `postgres`, `payments-api`). */
  readonly service: string;
  /** The operation that failed (`getObject`, `query`, `GET /users`). */
  readonly operation: string;
  /** The caller's facts about the call (bucket, key, table), when it gave some. */
  readonly context?: CallContext | undefined;
  readonly kind: ErrorKind;
  /** Whether a later call could succeed where this one failed. */
  readonly retriable: boolean;
  /** How many attempts were made (0 when the call was rejected before the first one). */
  readonly attempts: number;
  /** Time from the start of the call to this error, in milliseconds. */
  readonly elapsedMs: number;
  /** A short human account of what happened, free of secrets ("connection reset"). */
  readonly reason: string;
  /** The upstream's or driver's own code (`ECONNRESET`, `NoSuchKey`, `40001`), when known. */
  readonly upstreamCode?: string | undefined;
  /** The HTTP-like status the upstream answered with, when there was one. */
  readonly status?: number | undefined;
  /** The server's hint, or the policy's estimate, of when trying again could succeed. */
  readonly retryAfterMs?: number | undefined;
  /**
   * Whether the call may have taken effect on the server: `no` when no attempt can have reached
   * it (none was made, or every one was provably never sent), `maybe` otherwise, when a caller
   * of a non-idempotent write must reconcile. Default: `no` without attempts, else `maybe`.
   */
  readonly applied?: 'no' | 'maybe' | undefined;
  /** The underlying error (the driver's, or the caller's abort reason). */
  readonly cause?: unknown;
}

/** The stable, machine-readable code of each kind (`err.code`). */
export function errorCodeOf(kind: ErrorKind): BulwarkErrorCode {
  return `BULWARK_${kind.toUpperCase()}` as BulwarkErrorCode;
}

/**
 * The one error every bulwark client throws. It carries the facts of the call (service,
 * operation, kind, attempts, elapsed time) and a message a tired on-call engineer can act on:
 * `s3.getObject failed after 3 attempts: connection reset (ECONNRESET)`.
 *
 * `instanceof` works across two installed copies of bulwark: it checks a `Symbol.for` brand,
 * and for the subclasses, the kind.
 */
export class UpstreamError extends Error implements UpstreamErrorFacts {
  /** The kind an `instanceof` check against this class requires; none for the base class. */
  protected static readonly brandKind: ErrorKind | undefined = undefined;

  override readonly name: string = 'UpstreamError';
  readonly code: BulwarkErrorCode;
  readonly service: string;
  readonly operation: string;
  readonly context: CallContext | undefined;
  readonly kind: ErrorKind;
  readonly retriable: boolean;
  readonly attempts: number;
  readonly elapsedMs: number;
  readonly reason: string;
  readonly upstreamCode: string | undefined;
  readonly status: number | undefined;
  readonly retryAfterMs: number | undefined;
  readonly applied: 'no' | 'maybe';

  constructor(facts: UpstreamErrorFacts) {
    const reason = redact(facts.reason);
    super(
      formatMessage(facts, reason),
      facts.cause === undefined ? undefined : { cause: facts.cause },
    );
    this.code = errorCodeOf(facts.kind);
    this.service = facts.service;
    this.operation = facts.operation;
    this.context = facts.context;
    this.kind = facts.kind;
    this.retriable = facts.retriable;
    this.attempts = facts.attempts;
    this.elapsedMs = facts.elapsedMs;
    this.reason = reason;
    this.upstreamCode = facts.upstreamCode;
    this.status = facts.status;
    this.retryAfterMs = facts.retryAfterMs;
    this.applied = facts.applied ?? (facts.attempts === 0 ? 'no' : 'maybe');
  }

  static override [Symbol.hasInstance](value: unknown): boolean {
    if (!isUpstreamError(value)) return false;
    const kind = (this as unknown as { readonly brandKind: ErrorKind | undefined }).brandKind;
    return kind === undefined || value.kind === kind;
  }

  /** A plain object for structured logs and JSON (the cause is left out: it is the driver's). */
  toJSON(): Omit<UpstreamErrorFacts, 'cause'> & { name: string; code: string; message: string } {
    return {
      name: this.name,
      code: this.code,
      message: this.message,
      service: this.service,
      operation: this.operation,
      context: this.context,
      kind: this.kind,
      retriable: this.retriable,
      attempts: this.attempts,
      elapsedMs: this.elapsedMs,
      reason: this.reason,
      upstreamCode: this.upstreamCode,
      status: this.status,
      retryAfterMs: this.retryAfterMs,
      applied: this.applied,
    };
  }
}
brandErrorClass(UpstreamError);
Object.defineProperty(UpstreamError.prototype, upstreamErrorBrand, { value: true });

/** The call was not made because the circuit breaker is open (or isolated). */
export class CircuitOpenError extends UpstreamError {
  protected static override readonly brandKind: ErrorKind = 'circuit_open';
  override readonly name: string = 'CircuitOpenError';
}

/** The call was not made because the rate limiter could not grant a permit in time. */
export class RateLimitedError extends UpstreamError {
  protected static override readonly brandKind: ErrorKind = 'rate_limited';
  override readonly name: string = 'RateLimitedError';
}

/** The call was not made because the bulkhead's slots and queue were all taken. */
export class BulkheadFullError extends UpstreamError {
  protected static override readonly brandKind: ErrorKind = 'bulkhead_full';
  override readonly name: string = 'BulkheadFullError';
}

/** An attempt or the overall deadline ran out before the upstream answered. */
export class TimeoutError extends UpstreamError {
  protected static override readonly brandKind: ErrorKind = 'timeout';
  override readonly name: string = 'TimeoutError';
}

/** The caller aborted the call through its own AbortSignal (distinct from a timeout). */
export class AbortedError extends UpstreamError {
  protected static override readonly brandKind: ErrorKind = 'aborted';
  override readonly name: string = 'AbortedError';
}

/** Makes the error of the class that matches the kind, so `instanceof` follows the kind. */
export function createUpstreamError(facts: UpstreamErrorFacts): UpstreamError {
  switch (facts.kind) {
    case 'circuit_open':
      return new CircuitOpenError(facts);
    case 'rate_limited':
      return new RateLimitedError(facts);
    case 'bulkhead_full':
      return new BulkheadFullError(facts);
    case 'timeout':
      return new TimeoutError(facts);
    case 'aborted':
      return new AbortedError(facts);
    default:
      return new UpstreamError(facts);
  }
}

/** True for an UpstreamError made by any installed copy of bulwark. */
export function isUpstreamError(value: unknown): value is UpstreamError {
  return typeof value === 'object' && value !== null && upstreamErrorBrand in value;
}

const rejectionKinds: ReadonlySet<ErrorKind> = new Set([
  'circuit_open',
  'rate_limited',
  'bulkhead_full',
]);

/** The message of an error with these facts; `reason` is theirs, redacted. */
function formatMessage(facts: UpstreamErrorFacts, redactedReason: string): string {
  const call = `${facts.service}.${facts.operation}`;
  const code =
    facts.upstreamCode !== undefined && !facts.reason.includes(facts.upstreamCode)
      ? ` (${facts.upstreamCode})`
      : '';
  const reason = redactedReason + code;
  const attempts = facts.attempts === 1 ? '1 attempt' : `${facts.attempts} attempts`;
  if (rejectionKinds.has(facts.kind)) {
    return facts.attempts === 0
      ? `${call} rejected: ${reason}`
      : `${call} rejected after ${attempts}: ${reason}`;
  }
  if (facts.kind === 'aborted') return `${call} aborted by the caller after ${attempts}: ${reason}`;
  if (facts.kind === 'timeout') return `${call} timed out after ${attempts}: ${reason}`;
  return `${call} failed after ${attempts}: ${reason}`;
}
