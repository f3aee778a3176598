import { attemptTimedOut, callerAborted, startAttempt, type Operation } from './attempt.ts';
import type { CircuitBreaker } from './breaker/circuit-breaker.ts';
import type { Bulkhead } from './bulkhead/bulkhead.ts';
import { CallReporter, type CallProgress } from './call-reporter.ts';
import { checkCall } from './check-call.ts';
import type { Classification, Classifier } from './classification.ts';
import type { Clock } from './clock.ts';
import type { ErrorKind } from './error-kind.ts';
import { EventBus, type Subscription } from './event-bus.ts';
import type { PipelineEvent } from './pipeline-events.ts';
import type { CallOptions, PipelineOptions, TimeoutOptions } from './pipeline-options.ts';
import type { RateLimiter } from './rate-limit/rate-limiter.ts';
import { resolvePipeline } from './resolve-pipeline.ts';
import type { RetryPolicy } from './retry/retry-policy.ts';
import { sleep } from './sleep.ts';
import { TimeoutScheduler } from './timeout-scheduler.ts';

/** Kinds that say the upstream is unwell; only these count against the circuit breaker. */
const upstreamFailureKinds: ReadonlySet<ErrorKind> = new Set([
  'timeout',
  'connection',
  'throttled',
  'server',
]);

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
  readonly #report: CallReporter;
  readonly #timeouts: TimeoutScheduler;
  readonly #breakerEvents: Subscription | undefined;

  constructor(options: PipelineOptions) {
    const resolved = resolvePipeline(options);
    this.service = resolved.service;
    this.breaker = resolved.breaker;
    this.#classify = resolved.classify;
    this.#retry = resolved.retry;
    this.#rateLimiter = resolved.rateLimiter;
    this.#rateLimitMaxWaitMs = resolved.rateLimitMaxWaitMs;
    this.#bulkhead = resolved.bulkhead;
    this.#timeout = resolved.timeout;
    this.#clock = resolved.clock;
    this.#report = new CallReporter(this.service, this.events, this.#clock);
    this.#timeouts = new TimeoutScheduler(this.#clock);
    // The breaker may be shared: each pipeline reports its transitions as its own events.
    this.#breakerEvents = this.breaker?.transitions.on((transition) => {
      if (this.events.observed)
        this.events.emit({ type: 'breaker', service: this.service, ...transition });
    });
  }

  /** Stops listening to a shared breaker; a pipeline that is dropped holds nothing. */
  dispose(): void {
    this.#breakerEvents?.dispose();
  }

  [Symbol.dispose](): void {
    this.dispose();
  }

  /**
   * Runs `operation` under every policy and returns its result, or throws an UpstreamError
   * (a CircuitOpenError, RateLimitedError, BulkheadFullError, TimeoutError or AbortedError
   * where one of those applies).
   */
  execute<T>(operation: Operation<T>, call: CallOptions): Promise<T> {
    // Not an async function: the common path returns the attempts' promise as is, without
    // another promise to adopt it.
    try {
      checkCall(call);
    } catch (error) {
      return Promise.reject(error);
    }
    const start = this.#clock.now();
    const totalMs = call.timeoutMs ?? this.#timeout.totalMs;
    const signal = call.signal;
    if (signal?.aborted) {
      return Promise.reject(this.#report.aborted({ call, start, attempts: 0 }, signal.reason));
    }
    this.#retry?.budget?.onCall();
    return this.#attempts(operation, call, start, start + totalMs);
  }

  /** Settles a bulkhead entry that did not succeed at once: throws unless a slot came free. */
  async #awaitBulkhead(
    entered: false | Promise<boolean>,
    bulkhead: Bulkhead,
    call: CallOptions,
    start: number,
    totalMs: number,
  ): Promise<void> {
    if (entered === false) {
      const reason = `bulkhead full (${bulkhead.running} running, ${bulkhead.queued} queued)`;
      throw this.#report.rejected({ call, start, attempts: 0 }, 'bulkhead_full', reason);
    }
    let granted: boolean;
    try {
      granted = await entered;
    } catch (reason) {
      throw this.#report.aborted({ call, start, attempts: 0 }, reason);
    }
    if (!granted) {
      const where = ' while queued in the bulkhead';
      throw this.#report.deadlineExceeded({ call, start, attempts: 0 }, totalMs, where);
    }
  }

  async #attempts<T>(
    operation: Operation<T>,
    call: CallOptions,
    start: number,
    deadlineAt: number,
  ): Promise<T> {
    const clock = this.#clock;
    const breaker = this.breaker;
    const report = this.#report;
    const signal = call.signal;
    const attemptMs = call.attemptTimeoutMs ?? this.#timeout.attemptMs;
    const totalMs = deadlineAt - start;
    let previousDelayMs = 0;
    let lastCause: unknown;
    let lastFailure: Classification | undefined;
    // The bulkhead is entered here, not in a frame of its own: one async function per call.
    const bulkhead = this.#bulkhead;
    if (bulkhead) {
      const entered = bulkhead.enter(totalMs, signal);
      if (entered !== true) await this.#awaitBulkhead(entered, bulkhead, call, start, totalMs);
    }
    try {
      let attempt = 0;
      for (;;) {
        attempt++;

        const ticket = breaker ? breaker.tryEnter() : 0;
        if (ticket < 0) {
          const waitMs = breaker?.retryAfterMs ?? 0;
          const reason =
            waitMs === Infinity
              ? 'circuit isolated'
              : `circuit open (next probe in ${Math.ceil(waitMs)} ms)`;
          throw report.rejected(
            progress(call, start, attempt - 1, lastCause, lastFailure),
            'circuit_open',
            reason,
            waitMs,
          );
        }
        // One clock reading per attempt: the first attempt starts when the call does.
        let attemptStart = attempt === 1 ? start : clock.now();
        if (this.#rateLimiter) {
          const maxWaitMs = Math.max(
            0,
            Math.min(this.#rateLimitMaxWaitMs, deadlineAt - attemptStart),
          );
          let waitMs: number;
          try {
            const permit = this.#rateLimiter.acquire(maxWaitMs, signal);
            if (typeof permit === 'number') {
              waitMs = permit;
            } else {
              waitMs = await permit;
              attemptStart = clock.now();
            }
          } catch (reason) {
            breaker?.record(ticket, 'ignored', 0);
            throw report.aborted(
              progress(call, start, attempt - 1, lastCause, lastFailure),
              reason,
            );
          }
          if (waitMs > 0) {
            breaker?.record(ticket, 'ignored', 0);
            const reason = `rate limit exceeded (next permit in ${Math.ceil(waitMs)} ms)`;
            throw report.rejected(
              progress(call, start, attempt - 1, lastCause, lastFailure),
              'rate_limited',
              reason,
              waitMs,
            );
          }
        }

        const remainingMs = deadlineAt - attemptStart;
        if (remainingMs <= 0) {
          breaker?.record(ticket, 'ignored', 0);
          throw report.deadlineExceeded(
            progress(call, start, attempt - 1, lastCause, lastFailure),
            totalMs,
          );
        }
        // An attempt cut short by the deadline is the deadline's timeout, not the attempt's.
        const cutByDeadline = remainingMs <= attemptMs;
        const timeoutMs = cutByDeadline ? remainingMs : attemptMs;
        const running = startAttempt<T>(attempt, timeoutMs, signal, this.#timeouts, attemptStart);
        try {
          const result = await running.run(operation);
          running.end();
          // Timing costs a clock reading; take it only when a slow-call rule or a listener uses it.
          const timed = this.events.observed || breaker?.measuresDuration === true;
          const durationMs = timed ? clock.now() - attemptStart : 0;
          breaker?.record(ticket, 'success', durationMs);
          report.succeeded(call, start, attempt, durationMs);
          return result;
        } catch (thrown) {
          running.end();
          const error = running.failure(thrown);
          const durationMs = clock.now() - attemptStart;
          if (error === callerAborted) {
            breaker?.record(ticket, 'ignored', durationMs);
            throw report.aborted(
              progress(call, start, attempt, lastCause, lastFailure),
              signal?.reason,
            );
          }
          let classification: Classification;
          if (error === attemptTimedOut) {
            report.timeout(call, cutByDeadline ? 'deadline' : 'attempt', attempt, timeoutMs);
            classification = {
              kind: 'timeout',
              retriable: true,
              reason: `attempt exceeded ${Math.round(timeoutMs)} ms`,
            };
          } else {
            classification = this.#classify(error);
            lastCause = error;
          }
          breaker?.record(
            ticket,
            upstreamFailureKinds.has(classification.kind) ? 'failure' : 'success',
            durationMs,
          );
          report.attemptFailed(call, attempt, durationMs, classification.kind, classification);
          lastFailure = classification;
          const ended = progress(call, start, attempt, lastCause, lastFailure);
          if (error === attemptTimedOut && cutByDeadline)
            throw report.deadlineExceeded(ended, totalMs);

          const decision = this.#retry
            ? this.#retry.decide({
                classification,
                attempt,
                idempotent: call.idempotent,
                previousDelayMs,
                remainingMs: deadlineAt - clock.now(),
              })
            : ({ retry: false, reason: 'max_attempts' } as const);
          if (!decision.retry) throw report.failed(ended, classification, decision.reason);
          report.retrying(call, attempt, decision.delayMs, classification);
          previousDelayMs = decision.delayMs;
          try {
            await sleep(clock, decision.delayMs, signal);
          } catch (reason) {
            throw report.aborted(ended, reason);
          }
        }
      }
    } finally {
      bulkhead?.leave();
    }
  }
}

/**
 * Where a call stands, for the error that ends it: built only on the way out. A function of
 * its own, not a closure over the attempt loop's variables, which would be allocated (with
 * their context) on every call.
 */
function progress(
  call: CallOptions,
  start: number,
  attempts: number,
  lastCause: unknown,
  lastFailure: Classification | undefined,
): CallProgress {
  return { call, start, attempts, lastCause, lastFailure };
}

/** Makes a pipeline for one upstream; options are validated here, before any I/O. */
export function createPipeline(options: PipelineOptions): Pipeline {
  return new Pipeline(options);
}
