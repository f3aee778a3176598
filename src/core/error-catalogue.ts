/**
 * Every code a bulwark error can carry, in one place, with what it means. An error's `code`
 * is one of these and never changes meaning; its message may be reworded. Every error class
 * bulwark throws has a `name`, a `code` from here and the cross-copy brand (`isBulwarkError`
 * recognises an error made by any installed copy of bulwark, as `isUpstreamError` does for
 * failed calls).
 *
 * @packageDocumentation
 */

/** The codes, and what each means. */
export const errorCatalogue = {
  // A failed call: an UpstreamError (or a subclass), one code per kind (error-kind.ts).
  BULWARK_TIMEOUT: 'the upstream did not answer in time: an attempt timeout or the deadline',
  BULWARK_CONNECTION: 'the connection could not be made or broke',
  BULWARK_THROTTLED: 'the upstream asked us to slow down',
  BULWARK_SERVER: 'the upstream failed on its side',
  BULWARK_CLIENT: 'the request is wrong; repeating it cannot help',
  BULWARK_AUTH: 'credentials are missing, wrong or not allowed',
  BULWARK_NOT_FOUND: 'what was asked for does not exist',
  BULWARK_CIRCUIT_OPEN: 'the circuit breaker is open: the call was not made',
  BULWARK_RATE_LIMITED: 'the rate limiter refused a permit in time: the call was not made',
  BULWARK_BULKHEAD_FULL: 'the bulkhead is full: the call was not made',
  BULWARK_ABORTED: 'the caller aborted the call through its own signal',
  // Our caller's mistakes, refused before any I/O.
  BULWARK_INVALID_OPTION:
    'an option of a client, pipeline or policy is wrong (InvalidOptionError, a TypeError), at construction',
  BULWARK_INVALID_ARGUMENT:
    "a call's argument or per-call option is wrong (InvalidArgumentError, a TypeError), before any I/O",
  BULWARK_INVALID_STATE:
    'a call that its object cannot take now: a transaction that is over, a bulkhead slot never taken (InvalidStateError)',
  // A client's own state.
  BULWARK_REDIS_CLOSED: 'a Redis call after close() (RedisClientClosedError)',
  BULWARK_LISTENER_ERROR: 'an event listener threw; reported, and the call went on',
  // The test kit (bulwark/testkit).
  BULWARK_SERVICE_START:
    'a test service did not become ready; the message ends with its log (ServiceStartError)',
  BULWARK_TOXIPROXY: 'Toxiproxy refused a request (ToxiproxyError, with its status)',
  BULWARK_TESTKIT_SETUP:
    'the test kit is missing something it needs: a binary, a global setup, a free proxy port (TestKitSetupError)',
  // The drill (`bulwark drill`, packages/drill).
  BULWARK_DRILL_USAGE:
    'bulwark drill was called wrongly: an unknown flag, a bad URL, a missing setting (DrillUsageError)',
  BULWARK_DRILL_SETUP:
    'the drill could not start: a service unreachable, a bucket missing (DrillSetupError)',
} as const;

/** A code bulwark's errors carry. */
export type BulwarkErrorCode = keyof typeof errorCatalogue;

const bulwarkErrorBrand = Symbol.for('bulwark.error');

/**
 * Marks the errors a class makes as bulwark's. The mark is on the prototype, once, rather than
 * on each error: `in` finds it there, and making an error (a refusal is answered with one,
 * often) costs no property definition.
 */
export function brandErrorClass(errorClass: { readonly prototype: Error }): void {
  Object.defineProperty(errorClass.prototype, bulwarkErrorBrand, { value: true });
}

/** True for an error made by any installed copy of bulwark; its `code` is in the catalogue. */
export function isBulwarkError(
  value: unknown,
): value is Error & { readonly code: BulwarkErrorCode } {
  return typeof value === 'object' && value !== null && bulwarkErrorBrand in value;
}

/**
 * The base of bulwark's errors that are not failed calls: each subclass names its code, one of
 * the catalogue's. Public so that bulwark's own applications (the drill) brand their errors too.
 */
export abstract class BulwarkError extends Error {
  abstract readonly code: BulwarkErrorCode;
}
brandErrorClass(BulwarkError);

/** The same, for the mistakes JavaScript reports as a TypeError (a wrong option or argument). */
export abstract class BulwarkTypeError extends TypeError {
  abstract readonly code: BulwarkErrorCode;
}
brandErrorClass(BulwarkTypeError);

/** An option of a client, pipeline or policy is wrong; thrown at construction. */
export class InvalidOptionError extends BulwarkTypeError {
  override readonly name = 'InvalidOptionError';
  readonly code = 'BULWARK_INVALID_OPTION' satisfies BulwarkErrorCode;
}

/** A call's argument or per-call option is wrong; refused before any I/O. */
export class InvalidArgumentError extends BulwarkTypeError {
  override readonly name = 'InvalidArgumentError';
  readonly code = 'BULWARK_INVALID_ARGUMENT' satisfies BulwarkErrorCode;
}

/** A call its object cannot take in its present state. */
export class InvalidStateError extends BulwarkError {
  override readonly name = 'InvalidStateError';
  readonly code = 'BULWARK_INVALID_STATE' satisfies BulwarkErrorCode;
}
