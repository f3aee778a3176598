import type { Operation } from './attempt/attempt.ts';
import { startAttempt } from './attempt/bounded-attempt.ts';
import type { CircuitBreaker } from './breaker/circuit-breaker.ts';
import { RecoveryWatch } from './breaker/recovery-watch.ts';
import { waitForCircuit } from './breaker/wait-for-circuit.ts';
import type { Bulkhead } from './bulkhead/bulkhead.ts';
import { CallReporter, type CallProgress } from './call-reporter.ts';
import {
  progress,
  settleFailedAttempt,
  type FailedSoFar,
  type FailurePolicies,
} from './failed-attempt.ts';
import { checkCall } from './check-call.ts';
import type { Classifier } from './classification.ts';
import type { Clock } from './clock.ts';
import { EventBus, type Subscription } from './event-bus.ts';
import type { PipelineEvent } from './pipeline-events.ts';
import type { CallOptions, PipelineOptions, TimeoutOptions } from './pipeline-options.ts';
import type { RateLimiter } from './rate-limit/rate-limiter.ts';
import { resolvePipeline } from './resolve-pipeline.ts';
import type { RetryPolicy } from './retry/retry-policy.ts';
import { sleep } from './sleep.ts';
import { TimeoutScheduler } from './timeout-scheduler.ts';
import type { CallTracing } from './telemetry/call-tracing.ts';

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
  readonly #recoveryWatch: RecoveryWatch | undefined;
  readonly #failurePolicies: FailurePolicies;
  readonly #tracing: CallTracing | undefined;

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
    this.#tracing = resolved.tracing;
    this.#report = new CallReporter(resolved, this.events);
    this.#timeouts = new TimeoutScheduler(this.#clock);
    this.#failurePolicies = {
      classify: this.#classify,
      breaker: this.breaker,
      retry: this.#retry,
      report: this.#report,
      clock: this.#clock,
    };
    // The breaker may be shared: each pipeline reports its transitions as its own events.
    this.#breakerEvents = this.breaker?.transitions.on((transition) => {
      if (this.events.observed)
        this.events.emit({ type: 'breaker', service: this.service, ...transition });
    });
    this.#recoveryWatch =
      this.breaker && resolved.recoveryCheck
        ? new RecoveryWatch(this.breaker, resolved.recoveryCheck, this.#clock, (outcome, ms) => {
            if (this.events.observed) {
              const event = { type: 'recovery_check', service: this.service, outcome } as const;
              this.events.emit({ ...event, durationMs: ms });
            }
          })
        : undefined;
  }

  /**
   * Stops listening to a shared breaker and stops the recovery check; a pipeline that is
   * dropped holds nothing.
   */
  dispose(): void {
    this.#breakerEvents?.dispose();
    this.#recoveryWatch?.dispose();
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
    if (this.#tracing !== undefined) {
      return this.#tracing.run(call, operation, (traced, op) => this.#begin(op, traced));
    }
    return this.#begin(operation, call);
  }

  /** The call, past its checks: its deadline starts, and its attempts run. */
  #begin<T>(operation: Operation<T>, call: CallOptions): Promise<T> {
    const start = this.#clock.now();
    const totalMs = call.timeoutMs ?? this.#timeout.totalMs;
    const signal = call.signal;
    if (signal?.aborted) {
      return Promise.reject(this.#report.aborted({ call, start, attempts: 0 }, signal.reason));
    }
    this.#retry?.budget?.onCall();
    return this.#attempts(operation, call, start, totalMs);
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
    totalMs: number,
  ): Promise<T> {
    const clock = this.#clock;
    const deadlineAt = start + totalMs;
    const breaker = this.breaker;
    const signal = call.signal;
    const attemptMs = call.attemptTimeoutMs ?? this.#timeout.attemptMs;
    // The bulkhead is entered here, not in a frame of its own: one async function per call.
    const bulkhead = this.#bulkhead;
    if (bulkhead) {
      const entered = bulkhead.enter(totalMs, signal);
      if (entered !== true) {
        await this.#awaitBulkhead(entered, bulkhead, call, start, totalMs);
      }
    }
    // Only what every attempt runs is written here; rejections and failures have methods of
    // their own, so that this function's code (run on every call) stays small.
    let failed: FailedSoFar | undefined;
    try {
      for (let attempt = 1; ; attempt++) {
        let ticket = breaker ? breaker.tryEnter() : 0;
        let waited = false;
        if (ticket < 0 && breaker) {
          ticket = await this.#waitForCircuit(breaker, call, deadlineAt, () =>
            progress(call, start, attempt - 1, failed),
          );
          waited = true;
        }
        // One clock reading per attempt: the first attempt starts when the call does.
        let attemptStart = attempt === 1 && !waited ? start : clock.now();
        const limiter = this.#rateLimiter;
        if (limiter) {
          const maxWaitMs = Math.max(
            0,
            Math.min(this.#rateLimitMaxWaitMs, deadlineAt - attemptStart),
          );
          let waitMs: number;
          try {
            // A permit at hand is a number: no promise and no turn of the microtask queue.
            const permit = limiter.acquire(maxWaitMs, signal, call);
            if (typeof permit === 'number') {
              waitMs = permit;
            } else {
              waitMs = await permit;
              attemptStart = clock.now();
            }
          } catch (reason) {
            breaker?.record(ticket, 'ignored', 0);
            throw this.#report.limiterFailed(progress(call, start, attempt - 1, failed), reason);
          }
          if (waitMs > 0) {
            breaker?.record(ticket, 'ignored', 0);
            throw this.#report.rateLimited(progress(call, start, attempt - 1, failed), waitMs);
          }
        }
        const remainingMs = deadlineAt - attemptStart;
        if (remainingMs <= 0) {
          breaker?.record(ticket, 'ignored', 0);
          const where = progress(call, start, attempt - 1, failed);
          throw this.#report.deadlineExceeded(where, totalMs);
        }
        const timeoutMs = Math.min(remainingMs, attemptMs);
        const running = startAttempt<T>(
          attempt,
          timeoutMs,
          signal,
          this.#timeouts,
          attemptStart,
          deadlineAt,
        );
        let thrown: unknown;
        try {
          const result = await running.run(operation);
          running.end();
          this.#succeeded(call, start, attempt, attemptStart, ticket);
          return result;
        } catch (error) {
          thrown = error;
        }
        running.end();
        const at = { call, start, attempt, attemptStart, ticket, deadlineAt };
        failed = settleFailedAttempt(this.#failurePolicies, running.failure(thrown), at, {
          totalMs,
          running,
          before: failed,
        });
        try {
          await sleep(clock, failed.previousDelayMs, signal);
        } catch (reason) {
          throw this.#report.aborted(progress(call, start, attempt, failed), reason);
        }
      }
    } finally {
      bulkhead?.leave();
    }
  }

  /** Counts and reports a successful attempt. */
  #succeeded(
    call: CallOptions,
    start: number,
    attempt: number,
    attemptStart: number,
    ticket: number,
  ): void {
    const breaker = this.breaker;
    // Timing costs a clock reading; take it only when a slow-call rule or a listener uses it.
    const timed = this.events.observed || breaker?.measuresDuration === true;
    const durationMs = timed ? this.#clock.now() - attemptStart : 0;
    breaker?.record(ticket, 'success', durationMs);
    this.#report.succeeded(call, start, attempt, durationMs);
  }

  /** A ticket once the open circuit lets the call through, if it may wait; else the refusal. */
  async #waitForCircuit(
    breaker: CircuitBreaker,
    call: CallOptions,
    deadlineAt: number,
    where: () => CallProgress,
  ): Promise<number> {
    const maxWaitMs = Math.min(breaker.waitWhileOpenMs, deadlineAt - this.#clock.now());
    let ticket = -1;
    if (maxWaitMs > 0) {
      try {
        ticket = await waitForCircuit(breaker, this.#clock, maxWaitMs, call.signal);
      } catch (reason) {
        throw this.#report.aborted(where(), reason);
      }
    }
    if (ticket < 0) throw this.#report.circuitOpen(where(), breaker.retryAfterMs);
    return ticket;
  }
}

/** Makes a pipeline for one upstream; options are validated here, before any I/O. */
export function createPipeline(options: PipelineOptions): Pipeline {
  return new Pipeline(options);
}
