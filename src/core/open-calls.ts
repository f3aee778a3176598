import type { CallProgress, CallReporter } from './call-reporter.ts';
import type { UpstreamError } from './errors.ts';
import type { CallOptions } from './pipeline-options.ts';

/**
 * The calls of a pipeline that have not settled yet, and whether its client is closing: what
 * `close()` waits for, and what a call checks before it sends anything more. A call running
 * when the client closes finishes; one that would send another attempt (a retry) fails
 * instead, as the caller's doing, not the upstream's.
 */
export class OpenCalls {
  /**
   * Calls not settled yet. The pipeline counts them on every call's path, so this and
   * `closing` are plain fields: read and written in place, they cost the fewest instructions.
   */
  count = 0;
  /** True once {@link close} was called. */
  closing = false;
  #aborter: AbortController | undefined;
  #drained: (() => void) | undefined;
  #closed: Promise<void> | undefined;

  /** The pipeline's word that the last call has settled after {@link close}. */
  drained(): void {
    this.#drained?.();
  }

  /**
   * Aborts when the client closes: for a call that waits (a backoff before its retry, for the
   * circuit to close) to stop waiting at once. Made only for calls that wait, so the common
   * path makes no AbortController.
   */
  get closeSignal(): AbortSignal {
    this.#aborter ??= new AbortController();
    if (this.closing) this.#aborter.abort();
    return this.#aborter.signal;
  }

  /**
   * Whether a wait of `call` (woken through {@link untilClosed}) ended for the client's closing,
   * not for its caller's abort.
   */
  closedWhileWaiting(call: CallOptions): boolean {
    return this.closing && call.signal?.aborted !== true;
  }

  /**
   * Marks the client closing, wakes the calls that wait, and resolves once every call has
   * settled. Idempotent.
   */
  close(): Promise<void> {
    if (this.#closed !== undefined) return this.#closed;
    this.closing = true;
    this.#aborter?.abort();
    this.#closed =
      this.count === 0
        ? Promise.resolve()
        : new Promise<void>((resolve) => {
            this.#drained = resolve;
          });
    return this.#closed;
  }
}

/**
 * The signal a waiting call listens to: its caller's, and the client's closing. Only for the
 * waits (a backoff, the circuit), so the common path builds none.
 */
export function untilClosed(call: CallOptions, open: OpenCalls): AbortSignal {
  const closing = open.closeSignal;
  return call.signal ? AbortSignal.any([call.signal, closing]) : closing;
}

/**
 * The error for a call that would have sent an attempt after its client was closed: kind
 * `client`, the caller's doing and no fault of the upstream's, so no breaker counts it.
 */
export function closedDuringCall(report: CallReporter, progress: CallProgress): UpstreamError {
  const reason =
    progress.attempts === 0
      ? 'the client was closed before the call was sent'
      : 'the client was closed before the call could be retried';
  return report.failed(progress, { kind: 'client', retriable: false, reason }, 'not_retriable');
}
