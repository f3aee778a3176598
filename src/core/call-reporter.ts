import type { Classification } from './classification.ts';
import { callCircuitOf, type CallCircuit } from './breaker/call-circuit.ts';
import type { Clock } from './clock.ts';
import type { ErrorKind } from './error-kind.ts';
import { createUpstreamError, type UpstreamError } from './errors.ts';
import type { EventBus } from './event-bus.ts';
import type { GiveUpReason, PipelineEvent } from './pipeline-events.ts';
import type { CallOptions } from './pipeline-options.ts';
import type { CallTracing } from './telemetry/call-tracing.ts';
import type { ResolvedPipeline } from './resolve-pipeline.ts';

/** The kinds of rejection a policy makes before the upstream is called. */
export type RejectionKind = 'circuit_open' | 'rate_limited' | 'bulkhead_full';

/** Where a call stands when it ends: what the error and the `call` event report. */
export interface CallProgress {
  readonly call: CallOptions;
  /** Clock reading when the call started. */
  readonly start: number;
  /** Attempts made so far. */
  readonly attempts: number;
  /** The driver error of the last failed attempt, kept as the cause of a later rejection. */
  readonly lastCause?: unknown;
  /** The classification of the last failed attempt. */
  readonly lastFailure?: Classification | undefined;
  /** Whether an attempt may have reached the server (see UpstreamError's `applied`). */
  readonly mayHaveRun?: boolean | undefined;
}

const appliedOf = (progress: CallProgress) => (progress.mayHaveRun === true ? 'maybe' : 'no');

/**
 * Turns what happens to a call into events and into the UpstreamError that ends it. Keeps the
 * pipeline's control flow free of message building; builds no event nobody listens to.
 */
export class CallReporter {
  readonly #service: string;
  readonly #events: EventBus<PipelineEvent>;
  readonly #clock: Clock;
  readonly #breakerOf: (call: CallOptions) => CallCircuit;
  readonly #tracing: CallTracing | undefined;

  constructor(
    policies: Pick<ResolvedPipeline, 'service' | 'clock' | 'breaker' | 'breakers' | 'tracing'>,
    events: EventBus<PipelineEvent>,
  ) {
    this.#service = policies.service;
    this.#events = events;
    this.#clock = policies.clock;
    this.#breakerOf = callCircuitOf(policies);
    this.#tracing = policies.tracing;
  }

  /** Whether anything takes `call`'s events: a listener, or the call's spans. */
  #wanted(call: CallOptions): boolean {
    return (
      this.#events.observed || (this.#tracing !== undefined && this.#tracing.of(call) !== undefined)
    );
  }

  /** Hands one of `call`'s events to its spans and to the listeners. */
  #emit(call: CallOptions, event: PipelineEvent): void {
    this.#tracing?.of(call)?.record(event);
    if (this.#events.observed) this.#events.emit(event);
  }

  /** The call succeeded on attempt `attempt`, after `attempts` were sent (more when hedged). */
  succeeded(
    call: CallOptions,
    start: number,
    attempt: number,
    durationMs: number,
    attempts = attempt,
  ): void {
    if (!this.#wanted(call)) return;
    const service = this.#service;
    const { operation, context } = call;
    const elapsedMs = this.#clock.now() - start;
    this.#emit(call, {
      type: 'attempt',
      service,
      operation,
      context,
      attempt,
      durationMs,
      outcome: 'success',
    });
    this.#emit(call, {
      type: 'call',
      service,
      operation,
      context,
      outcome: 'success',
      attempts,
      elapsedMs,
      ...this.#breakerOf(call),
    });
  }

  attemptFailed(
    call: CallOptions,
    attempt: number,
    durationMs: number,
    kind: ErrorKind,
    c?: Classification,
  ): void {
    if (!this.#wanted(call)) return;
    this.#emit(call, {
      type: 'attempt',
      service: this.#service,
      operation: call.operation,
      context: call.context,
      attempt,
      durationMs,
      outcome: 'failure',
      kind,
      code: c?.code,
      status: c?.status,
      retryAfterMs: c?.retryAfterMs,
    });
  }

  /** A hedge (attempt `attempt`) was sent, or answered first (`won`), or was beaten (`lost`). */
  hedged(
    call: CallOptions,
    outcome: 'sent' | 'won' | 'lost',
    attempt: number,
    afterMs: number,
  ): void {
    if (!this.#wanted(call)) return;
    const { operation, context } = call;
    const service = this.#service;
    this.#emit(call, { type: 'hedge', service, operation, context, outcome, attempt, afterMs });
  }

  retrying(call: CallOptions, attempt: number, delayMs: number, c: Classification): void {
    if (!this.#wanted(call)) return;
    this.#emit(call, {
      type: 'retry',
      service: this.#service,
      operation: call.operation,
      context: call.context,
      attempt,
      delayMs,
      kind: c.kind,
      code: c.code,
      reason: c.reason ?? c.kind,
    });
  }

  timeout(
    call: CallOptions,
    scope: 'attempt' | 'deadline',
    attempt: number,
    timeoutMs: number,
  ): void {
    if (!this.#wanted(call)) return;
    this.#emit(call, {
      type: 'timeout',
      service: this.#service,
      operation: call.operation,
      context: call.context,
      scope,
      attempt,
      timeoutMs,
    });
  }

  /** The error for a call that failed and will not be tried again. */
  failed(progress: CallProgress, c: Classification, giveUpReason: GiveUpReason): UpstreamError {
    const error = createUpstreamError({
      service: this.#service,
      operation: progress.call.operation,
      context: progress.call.context,
      kind: c.kind,
      retriable: c.retriable,
      attempts: progress.attempts,
      elapsedMs: this.#clock.now() - progress.start,
      reason: c.reason ?? c.kind,
      upstreamCode: c.code,
      status: c.status,
      retryAfterMs: c.retryAfterMs,
      applied: appliedOf(progress),
      cause: progress.lastCause,
    });
    return this.#end(progress.call, error, 'failure', giveUpReason);
  }

  /** The error for a call whose overall deadline ran out. */
  deadlineExceeded(progress: CallProgress, totalMs: number, where = ''): UpstreamError {
    if (progress.attempts === 0) this.timeout(progress.call, 'deadline', 0, totalMs);
    // Rounded: the deadline is the difference of two clock readings, so it carries float noise.
    const reason = `deadline of ${Math.round(totalMs)} ms exceeded${where}`;
    return this.failed(progress, { kind: 'timeout', retriable: true, reason }, 'deadline');
  }

  /** The error for a call the caller aborted through its own signal. */
  aborted(progress: CallProgress, abortReason: unknown): UpstreamError {
    const reason = abortReason instanceof Error ? abortReason.message : 'the operation was aborted';
    const error = this.failed(
      { ...progress, lastCause: abortReason },
      { kind: 'aborted', retriable: false, reason },
      'aborted',
    );
    return error;
  }

  /**
   * The error for a call whose rate limiter threw or rejected: the caller's abort while it
   * waited, or else the limiter's own failure (a key it cannot use), which is the caller's to
   * fix and no fault of the upstream's.
   */
  limiterFailed(progress: CallProgress, reason: unknown): UpstreamError {
    if (progress.call.signal?.aborted === true) return this.aborted(progress, reason);
    const message = reason instanceof Error ? reason.message : String(reason);
    return this.failed(
      { ...progress, lastCause: reason },
      { kind: 'client', retriable: false, reason: `the rate limiter failed: ${message}` },
      'not_retriable',
    );
  }

  /** The rejection of a call the open (or isolated) circuit keeps from its next attempt. */
  circuitOpen(progress: CallProgress, retryAfterMs: number): UpstreamError {
    const reason =
      retryAfterMs === Infinity
        ? 'circuit isolated'
        : `circuit open (next probe in ${Math.ceil(retryAfterMs)} ms)`;
    return this.rejected(progress, 'circuit_open', reason, retryAfterMs);
  }

  /** The rejection of an attempt the rate limiter has no permit for in time. */
  rateLimited(progress: CallProgress, waitMs: number): UpstreamError {
    const reason = `rate limit exceeded (next permit in ${Math.ceil(waitMs)} ms)`;
    return this.rejected(progress, 'rate_limited', reason, waitMs);
  }

  /** The error for a call a policy refused before (another) attempt reached the upstream. */
  rejected(
    progress: CallProgress,
    kind: RejectionKind,
    reason: string,
    retryAfterMs?: number,
  ): UpstreamError {
    if (this.#wanted(progress.call)) {
      this.#emit(progress.call, {
        type: 'rejection',
        service: this.#service,
        operation: progress.call.operation,
        context: progress.call.context,
        kind,
      });
    }
    const last = progress.lastFailure;
    // Rejected in the middle of a retried call: say what the earlier attempts ran into.
    const lastWords = last
      ? `; last failure: ${last.reason ?? last.kind}${last.code ? ` (${last.code})` : ''}`
      : '';
    const error = createUpstreamError({
      service: this.#service,
      operation: progress.call.operation,
      context: progress.call.context,
      kind,
      retriable: true,
      attempts: progress.attempts,
      elapsedMs: this.#clock.now() - progress.start,
      reason: reason + lastWords,
      retryAfterMs: retryAfterMs === Infinity ? undefined : retryAfterMs,
      applied: appliedOf(progress),
      cause: progress.lastCause,
    });
    return this.#end(progress.call, error, 'rejected');
  }

  #end(
    call: CallOptions,
    error: UpstreamError,
    outcome: 'failure' | 'rejected',
    giveUpReason?: GiveUpReason,
  ): UpstreamError {
    if (this.#wanted(call)) {
      this.#emit(call, {
        type: 'call',
        service: this.#service,
        operation: call.operation,
        context: call.context,
        outcome,
        attempts: error.attempts,
        elapsedMs: error.elapsedMs,
        kind: error.kind,
        code: error.upstreamCode,
        message: error.message,
        giveUpReason,
        ...this.#breakerOf(call),
      });
    }
    return error;
  }
}
