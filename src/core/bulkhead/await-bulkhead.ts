import type { CallProgress, CallReporter } from '../call-reporter.ts';
import type { ConcurrencyGate } from './concurrency-gate.ts';

/**
 * Settles a bulkhead entry that did not succeed at once: returns when a slot came free, or
 * throws the call's error: `bulkhead_full` when there was no room, an AbortedError when the
 * caller aborted while queued, the deadline's timeout when it ran out in the queue.
 */
export async function awaitBulkhead(
  entered: false | Promise<boolean>,
  bulkhead: ConcurrencyGate,
  report: CallReporter,
  where: CallProgress,
  totalMs: number,
): Promise<void> {
  if (entered === false) {
    const reason = `bulkhead full (${bulkhead.running} running, ${bulkhead.queued} queued)`;
    throw report.rejected(where, 'bulkhead_full', reason);
  }
  let granted: boolean;
  try {
    granted = await entered;
  } catch (reason) {
    throw report.aborted(where, reason);
  }
  if (!granted) throw report.deadlineExceeded(where, totalMs, ' while queued in the bulkhead');
}
