/**
 * How an attempt's remaining time is handed to a driver's own timers (undici's headers and
 * body timeouts, the AWS SDK's requestTimeout). The pipeline's timer stays the one that ends
 * an attempt, since it reports which timeout it was (the attempt's or the deadline's); the
 * driver's timer is the backstop that bounds the socket work should an abort not reach it.
 * So it runs a little longer: a driver arms its timer after the pipeline's, on a clock of whole
 * milliseconds, and without the grace it could fire first and report the same timeout as a
 * driver error.
 */
export const driverTimerGraceMs = 10;

/**
 * The driver's timeout for an attempt of `timeoutMs`, or undefined when it is unbounded. Whole
 * ms, rounded (the attempt's time is a difference of clock readings, 700.0000000001 for a
 * 700 ms deadline), the half ms that rounding may take off well within the grace.
 */
export function driverTimeoutMs(timeoutMs: number): number | undefined {
  return Number.isFinite(timeoutMs) ? Math.round(timeoutMs) + driverTimerGraceMs : undefined;
}

/**
 * The attempt's remaining time as a server is told it (a request header, a blocking command's
 * timeout): whole ms, rounded down so the server never works past the moment nobody waits, and
 * at least 1, since 0 often means "no limit" to a server. Undefined when it is unbounded.
 */
export function serverDeadlineMs(timeoutMs: number): number | undefined {
  // Past the float noise of a clock difference first: 1499.9999999998 is a 1500 ms deadline.
  return Number.isFinite(timeoutMs) ? Math.max(1, Math.floor(timeoutMs + 1e-6)) : undefined;
}
