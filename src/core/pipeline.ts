import { attemptTimedOut, callerAborted, runAttempt, type Operation } from './attempt.ts';
import type { CircuitBreaker } from './breaker/circuit-breaker.ts';
import type { Bulkhead } from './bulkhead/bulkhead.ts';
import type { Classification, Classifier } from './classification.ts';
import type { Clock } from './clock.ts';
import type { ErrorKind } from './error-kind.ts';
import { createUpstreamError, type UpstreamError } from './errors.ts';
import { EventBus } from './event-bus.ts';
import type { GiveUpReason, PipelineEvent } from './pipeline-events.ts';
import type { CallOptions, PipelineOptions, TimeoutOptions } from './pipeline-options.ts';
import type { RateLimiter } from './rate-limit/rate-limiter.ts';
import { resolvePipeline } from './resolve-pipeline.ts';
import type { RetryPolicy } from './retry/retry-policy.ts';
import { sleep } from './sleep.ts';
import { checkCall } from './check-call.ts';

/** Kinds that say the upstream is unwell; only these count against the circuit breaker. */
const upstreamFailureKinds: ReadonlySet<ErrorKind> = new Set(['timeout', 'connection', 'throttled', 'server']);

/**
 * The one call path every bulwark client uses. A call passes, in this order: the overall
 * deadline, the bulkhead, the retry loop (with its budget), and for each attempt the circuit
 * breaker, the rate limiter and the attempt timeout, then the operation itself.
 *
 * Every attempt, retry, rejection, timeout, breaker transition and call outcome is an event
 * on `events`; nothing is built for an event nobody listens to.
 */
export class Pipeline {
  readonly service: string;
  readonly events = new EventBus<PipelineEvent>();
  /** The circuit breaker, to read its state or isolate/reset it by hand. */
  readonly breaker: CircuitBreaker | undefined;
  readonly #classify: Classifier;
  readonly #retry: RetryPolicy | undefined;
  readonly #rateLimiter: RateLimiter | undefined;
  readonly #rateLimitMaxWaitMs: number;
  readonly #bulkhead: Bulkhead | undefined;
  readonly #timeout: TimeoutOptions;
  readonly #clock: Clock;

  constructor(options: PipelineOptions) {
    const resolved = resolvePipeline(options, (transition) => {
      if (this.events.observed) this.events.emit({ type: 'breaker', service: this.service, ...transition });
    });
    this.service = resolved.service;
    this.breaker = resolved.breaker;
    this.#classify = resolved.classify;
    this.#retry = resolved.retry;
    this.#rateLimiter = resolved.rateLimiter;
    this.#rateLimitMaxWaitMs = resolved.rateLimitMaxWaitMs;
    this.#bulkhead = resolved.bulkhead;
    this.#timeout = resolved.timeout;
    this.#clock = resolved.clock;
  }

  /**
   * Runs `operation` under every policy and returns its result, or throws an UpstreamError
   * (a CircuitOpenError, RateLimitedError, BulkheadFullError, TimeoutError or AbortedError
   * where one of those applies).
   */
  async execute<T>(operation: Operation<T>, call: CallOptions): Promise<T> {
    checkCall(call);
    const start = this.#clock.now();
    const totalMs = call.timeoutMs ?? this.#timeout.totalMs;
    const signal = call.signal;
    if (signal?.aborted) throw this.#aborted(call, 0, start, signal.reason);
    this.#retry?.budget?.onCall();

    const bulkhead = this.#bulkhead;
    if (!bulkhead) return this.#attempts(operation, call, start, start + totalMs);
    let entered = bulkhead.enter(totalMs, signal);
    if (typeof entered !== 'boolean') {
      try {
        entered = await entered;
      } catch (reason) {
        throw this.#aborted(call, 0, start, reason);
      }
      if (!entered) throw this.#timedOut(call, 0, start, `deadline of ${totalMs} ms exceeded while queued`, 'deadline', totalMs);
    } else if (!entered) {
      throw this.#rejected(call, start, 'bulkhead_full', `bulkhead full (${bulkhead.running} running, ${bulkhead.queued} queued)`);
    }
    try {
      return await this.#attempts(operation, call, start, start + totalMs);
    } finally {
      bulkhead.leave();
    }
  }

  async #attempts<T>(operation: Operation<T>, call: CallOptions, start: number, deadlineAt: number): Promise<T> {
    const clock = this.#clock;
    const breaker = this.breaker;
    const signal = call.signal;
    const attemptMs = call.attemptTimeoutMs ?? this.#timeout.attemptMs;
    let previousDelayMs = 0;
    let lastCause: unknown;
    for (let attempt = 1; ; attempt++) {
      const ticket = breaker ? breaker.tryEnter() : 0;
      if (ticket < 0) {
        const waitMs = breaker?.retryAfterMs ?? 0;
        const reason = waitMs === Infinity ? 'circuit isolated' : `circuit open (next probe in ${Math.ceil(waitMs)} ms)`;
        throw this.#rejected(call, start, 'circuit_open', reason, attempt - 1, waitMs, lastCause);
      }
      if (this.#rateLimiter) {
        const maxWaitMs = Math.min(this.#rateLimitMaxWaitMs, deadlineAt - clock.now());
        let waitMs: number;
        try {
          const permit = this.#rateLimiter.acquire(Math.max(0, maxWaitMs), signal);
          waitMs = typeof permit === 'number' ? permit : await permit;
        } catch (reason) {
          breaker?.record(ticket, 'ignored', 0);
          throw this.#aborted(call, attempt - 1, start, reason);
        }
        if (waitMs > 0) {
          breaker?.record(ticket, 'ignored', 0);
          const reason = `rate limit exceeded (next permit in ${Math.ceil(waitMs)} ms)`;
          throw this.#rejected(call, start, 'rate_limited', reason, attempt - 1, waitMs, lastCause);
        }
      }

      const attemptStart = clock.now();
      const remainingMs = deadlineAt - attemptStart;
      const timeoutMs = Math.min(attemptMs, remainingMs);
      const cutByDeadline = remainingMs <= attemptMs;
      if (timeoutMs <= 0) {
        breaker?.record(ticket, 'ignored', 0);
        throw this.#timedOut(call, attempt - 1, start, `deadline of ${deadlineAt - start} ms exceeded`, 'deadline', deadlineAt - start, lastCause);
      }
      try {
        const result = await runAttempt(operation, attempt, timeoutMs, signal, clock);
        const durationMs = clock.now() - attemptStart;
        breaker?.record(ticket, 'success', durationMs);
        if (this.events.observed) this.#emitSuccess(call, attempt, durationMs, start);
        return result;
      } catch (error) {
        const durationMs = clock.now() - attemptStart;
        if (error === callerAborted) {
          breaker?.record(ticket, 'ignored', durationMs);
          throw this.#aborted(call, attempt, start, signal?.reason);
        }
        let classification: Classification;
        if (error === attemptTimedOut) {
          const scope = cutByDeadline ? 'deadline' : 'attempt';
          if (this.events.observed) {
            this.events.emit({ type: 'timeout', service: this.service, operation: call.operation, scope, attempt, timeoutMs });
          }
          if (scope === 'deadline') {
            breaker?.record(ticket, 'failure', durationMs);
            this.#emitAttemptFailure(call, attempt, durationMs, 'timeout', undefined);
            throw this.#timedOut(call, attempt, start, `deadline of ${deadlineAt - start} ms exceeded`, 'deadline', deadlineAt - start, lastCause);
          }
          classification = { kind: 'timeout', retriable: true, reason: `attempt exceeded ${timeoutMs} ms` };
        } else {
          classification = this.#classify(error);
          lastCause = error;
        }
        breaker?.record(ticket, upstreamFailureKinds.has(classification.kind) ? 'failure' : 'success', durationMs);
        this.#emitAttemptFailure(call, attempt, durationMs, classification.kind, classification);

        const decision = this.#retry
          ? this.#retry.decide({ classification, attempt, idempotent: call.idempotent, previousDelayMs, remainingMs: deadlineAt - clock.now() })
          : ({ retry: false, reason: 'max_attempts' } as const);
        if (!decision.retry) throw this.#failed(call, classification, attempt, start, error === attemptTimedOut ? undefined : error, decision.reason);
        if (this.events.observed) {
          this.events.emit({
            type: 'retry',
            service: this.service,
            operation: call.operation,
            attempt,
            delayMs: decision.delayMs,
            kind: classification.kind,
            code: classification.code,
            reason: classification.reason ?? classification.kind,
          });
        }
        previousDelayMs = decision.delayMs;
        try {
          await sleep(clock, decision.delayMs, signal);
        } catch (reason) {
          throw this.#aborted(call, attempt, start, reason);
        }
      }
    }
  }

  #emitSuccess(call: CallOptions, attempt: number, durationMs: number, start: number): void {
    const { service } = this;
    const { operation } = call;
    this.events.emit({ type: 'attempt', service, operation, attempt, durationMs, outcome: 'success' });
    this.events.emit({ type: 'call', service, operation, outcome: 'success', attempts: attempt, elapsedMs: this.#clock.now() - start });
  }

  #emitAttemptFailure(call: CallOptions, attempt: number, durationMs: number, kind: ErrorKind, classification: Classification | undefined): void {
    if (!this.events.observed) return;
    this.events.emit({
      type: 'attempt',
      service: this.service,
      operation: call.operation,
      attempt,
      durationMs,
      outcome: 'failure',
      kind,
      code: classification?.code,
      status: classification?.status,
    });
  }

  /** Builds the error that ends a call, and reports it. */
  #end(call: CallOptions, error: UpstreamError, outcome: 'failure' | 'rejected', giveUpReason?: GiveUpReason): UpstreamError {
    if (this.events.observed) {
      this.events.emit({
        type: 'call',
        service: this.service,
        operation: call.operation,
        outcome,
        attempts: error.attempts,
        elapsedMs: error.elapsedMs,
        kind: error.kind,
        code: error.upstreamCode,
        message: error.message,
        giveUpReason,
      });
    }
    return error;
  }

  #failed(call: CallOptions, c: Classification, attempts: number, start: number, cause: unknown, giveUpReason: GiveUpReason): UpstreamError {
    const error = createUpstreamError({
      service: this.service,
      operation: call.operation,
      kind: c.kind,
      retriable: c.retriable,
      attempts,
      elapsedMs: this.#clock.now() - start,
      reason: c.reason ?? c.kind,
      upstreamCode: c.code,
      status: c.status,
      retryAfterMs: c.retryAfterMs,
      cause,
    });
    return this.#end(call, error, 'failure', giveUpReason);
  }

  #timedOut(call: CallOptions, attempts: number, start: number, reason: string, scope: 'deadline', timeoutMs: number, cause?: unknown): UpstreamError {
    if (attempts === 0 && this.events.observed) {
      this.events.emit({ type: 'timeout', service: this.service, operation: call.operation, scope, attempt: 0, timeoutMs });
    }
    const c: Classification = { kind: 'timeout', retriable: true, reason };
    return this.#failed(call, c, attempts, start, cause, 'deadline');
  }

  #aborted(call: CallOptions, attempts: number, start: number, reason: unknown): UpstreamError {
    const text = reason instanceof Error ? reason.message : 'the operation was aborted';
    return this.#failed(call, { kind: 'aborted', retriable: false, reason: text }, attempts, start, reason, 'aborted');
  }

  #rejected(
    call: CallOptions,
    start: number,
    kind: 'circuit_open' | 'rate_limited' | 'bulkhead_full',
    reason: string,
    attempts = 0,
    retryAfterMs?: number,
    cause?: unknown,
  ): UpstreamError {
    if (this.events.observed) this.events.emit({ type: 'rejection', service: this.service, operation: call.operation, kind });
    const error = createUpstreamError({
      service: this.service,
      operation: call.operation,
      kind,
      retriable: true,
      attempts,
      elapsedMs: this.#clock.now() - start,
      reason,
      retryAfterMs: retryAfterMs === Infinity ? undefined : retryAfterMs,
      cause,
    });
    return this.#end(call, error, 'rejected');
  }
}

/** Makes a pipeline for one upstream; options are validated here, before any I/O. */
export function createPipeline(options: PipelineOptions): Pipeline {
  return new Pipeline(options);
}
