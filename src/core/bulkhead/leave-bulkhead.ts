import type { Clock } from '../clock.ts';
import type { ErrorKind } from '../error-kind.ts';
import { UpstreamError } from '../errors.ts';
import { AdaptiveBulkhead } from './adaptive-bulkhead.ts';
import type { ConcurrencyGate } from './concurrency-gate.ts';

/** How a call ended when it returned a result (anything else it ended with is its error). */
export const callSucceeded: unique symbol = Symbol('bulwark.callSucceeded');

/**
 * What a call that held a slot says of the upstream's load: a timeout or a "slow down" is a
 * sign of overload (its latency only a lower bound); an answer, even an error, is a sample of
 * the latency; a call that never had an answer (connection refused, the caller's abort, a
 * policy's refusal after admission) says nothing: a quick ECONNREFUSED is no healthy call.
 */
const dropByKind: Partial<Record<ErrorKind, boolean>> = {
  timeout: true,
  throttled: true,
  server: false,
  client: false,
  auth: false,
  not_found: false,
};

/**
 * Frees the call's slot; an adaptive bulkhead is told how long the call held it and whether it
 * was dropped. A fixed one costs no clock reading.
 */
export function leaveBulkhead(
  gate: ConcurrencyGate,
  enteredAt: number,
  clock: Clock,
  ended: unknown,
): void {
  if (!(gate instanceof AdaptiveBulkhead)) {
    gate.leave();
    return;
  }
  const dropped =
    ended === callSucceeded
      ? false
      : ended instanceof UpstreamError
        ? dropByKind[ended.kind]
        : undefined;
  gate.leave(dropped === undefined ? undefined : { latencyMs: clock.now() - enteredAt, dropped });
}
