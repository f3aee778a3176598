import { createUpstreamError, type UpstreamError } from './errors.ts';

/**
 * What a call to a closed client fails with, at once, for every bulwark client: an
 * UpstreamError of kind `client` (the caller's mistake), with no attempt made, so neither a
 * retry nor the breaker ever sees it.
 */
export function closedClientError(service: string, operation: string): UpstreamError {
  return createUpstreamError({
    service,
    operation,
    kind: 'client',
    retriable: false,
    attempts: 0,
    elapsedMs: 0,
    reason: 'the client is closed',
  });
}
