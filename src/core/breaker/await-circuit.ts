import type { CallProgress, CallReporter } from '../call-reporter.ts';
import type { Clock } from '../clock.ts';
import { closedDuringCall, untilClosed, type OpenCalls } from '../open-calls.ts';
import type { CallOptions } from '../pipeline-options.ts';
import type { CircuitBreaker } from './circuit-breaker.ts';
import { waitForCircuit } from './wait-for-circuit.ts';

/**
 * A ticket once the open circuit lets the call through, if it may wait (`waitWhileOpenMs`,
 * within its deadline); else the refusal. A caller's abort ends the wait as `aborted`; the
 * client's closing ends it as the closed client's error.
 */
export async function awaitCircuit(
  policies: { readonly clock: Clock; readonly report: CallReporter },
  open: OpenCalls,
  breaker: CircuitBreaker,
  call: CallOptions,
  deadlineAt: number,
  where: () => CallProgress,
): Promise<number> {
  const { clock, report } = policies;
  const maxWaitMs = Math.min(breaker.waitWhileOpenMs, deadlineAt - clock.now());
  let ticket = -1;
  if (maxWaitMs > 0) {
    try {
      ticket = await waitForCircuit(breaker, clock, maxWaitMs, untilClosed(call, open));
    } catch (reason) {
      throw open.closedWhileWaiting(call)
        ? closedDuringCall(report, where())
        : report.aborted(where(), reason);
    }
  }
  if (ticket < 0) throw report.circuitOpen(where(), breaker.retryAfterMs);
  return ticket;
}
