/**
 * What went wrong, in the few words a policy (and an on-call engineer) needs. Every failure a
 * bulwark client reports has exactly one of these kinds.
 */
export const errorKinds = [
  /** The upstream did not answer in time (an attempt timeout or the overall deadline). */
  'timeout',
  /** The connection could not be made or broke (refused, reset, DNS, broken pipe). */
  'connection',
  /** The upstream asked us to slow down (429, 503, SlowDown). */
  'throttled',
  /** The upstream failed on its side (5xx, internal error). */
  'server',
  /** The request is wrong; repeating it cannot help (400, validation, constraint). */
  'client',
  /** Credentials are missing, wrong or not allowed (401, 403, bad password). */
  'auth',
  /** The thing asked for does not exist (404, no such key or bucket). */
  'not_found',
  /** The circuit breaker is open: the call was not made. */
  'circuit_open',
  /** The rate limiter refused a permit in time: the call was not made. */
  'rate_limited',
  /** The bulkhead is full: the call was not made. */
  'bulkhead_full',
  /** The caller aborted the call through its own AbortSignal. */
  'aborted',
] as const;

export type ErrorKind = (typeof errorKinds)[number];
