import type { Operation } from './attempt/attempt.ts';
import { startAttempt } from './attempt/bounded-attempt.ts';
import type { CircuitBreaker } from './breaker/circuit-breaker.ts';
import { watchBreaker } from './breaker/breaker-watch.ts';
import type { KeyedBreakers } from './breaker/keyed-breakers.ts';
import { awaitBulkhead } from './bulkhead/await-bulkhead.ts';
import type { ConcurrencyGate } from './bulkhead/concurrency-gate.ts';
import { callSucceeded, leaveBulkhead } from './bulkhead/leave-bulkhead.ts';
import { OpenCalls, closedDuringCall } from './open-calls.ts';
import { awaitCircuit } from './breaker/await-circuit.ts';
import { CallReporter } from './call-reporter.ts';
import {
  backOff,
  progress,
  settleFailedAttempt,
  type FailedSoFar,
  type FailurePolicies,
} from './failed-attempt.ts';
import { checkCall } from './check-call.ts';
import type { Classifier } from './classification.ts';
import type { Clock } from './clock.ts';
import { EventBus } from './event-bus.ts';
import type { PipelineEvent } from './pipeline-events.ts';
import type { CallOptions, PipelineOptions, TimeoutOptions } from './pipeline-options.ts';
import type { RateLimiter } from './rate-limit/rate-limiter.ts';
import { resolvePipeline } from './resolve-pipeline.ts';
import type { RetryPolicy } from './retry/retry-policy.ts';
import { TimeoutScheduler } from './timeout-scheduler.ts';
import type { CallTracing } from './telemetry/call-tracing.ts';
import type { HedgePolicy } from './hedge/hedge-policy.ts';
import { runHedgedRound, type HedgeDeps } from './hedge/hedged-round.ts';

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
  /**
   * The circuit breaker, to read its state or isolate/reset it by hand; undefined when the
   * breaker is keyed (see `breakers`).
   */
  readonly breaker: CircuitBreaker | undefined;
  /** The breakers of a keyed breaker (`breaker: { keyed }`), one per key; else undefined. */
  readonly breakers: KeyedBreakers | undefined;
  readonly #classify: Classifier;
  readonly #retry: RetryPolicy | undefined;
  readonly #rateLimiter: RateLimiter | undefined;
  readonly #rateLimitMaxWaitMs: number;
  /** The bulkhead, fixed or adaptive (to read its `running` count, or its `limit`). */
  readonly bulkhead: ConcurrencyGate | undefined;
  readonly #timeout: TimeoutOptions;
  readonly #clock: Clock;
  readonly #report: CallReporter;
  readonly #timeouts: TimeoutScheduler;
  readonly #breakerWatch: { dispose(): void } | undefined;
  readonly #failurePolicies: FailurePolicies;
  readonly #tracing: CallTracing | undefined;
  readonly #hedge: HedgePolicy | undefined;
  readonly #hedging: HedgeDeps | undefined;
  readonly #open = new OpenCalls();

  constructor(options: PipelineOptions) {
    const resolved = resolvePipeline(options);
    this.service = resolved.service;
    this.breaker = resolved.breaker;
    this.breakers = resolved.breakers;
    this.#classify = resolved.classify;
    this.#retry = resolved.retry;
    const rateLimiter = (this.#rateLimiter = resolved.rateLimiter);
    this.#rateLimitMaxWaitMs = resolved.rateLimitMaxWaitMs;
    this.bulkhead = resolved.bulkhead;
    this.#timeout = resolved.timeout;
    this.#clock = resolved.clock;
    this.#tracing = resolved.tracing;
    this.#report = new CallReporter(resolved, this.events);
    this.#timeouts = new TimeoutScheduler(this.#clock);
    this.#failurePolicies = {
      classify: this.#classify,
      retry: this.#retry,
      report: this.#report,
      clock: this.#clock,
    };
    const hedge = (this.#hedge = resolved.hedge);
    const timeouts = this.#timeouts;
    this.#hedging = hedge && { policies: this.#failurePolicies, timeouts, hedge, rateLimiter };
    const watched = this.breaker ?? this.breakers;
    this.#breakerWatch = watched && watchBreaker(watched, resolved, this.events);
  }

  /**
   * Stops listening to a shared breaker and stops the recovery check; a pipeline that is
   * dropped holds nothing.
   */
  dispose(): void {
    this.#breakerWatch?.dispose();
  }

  [Symbol.dispose](): void {
    this.dispose();
  }

  /**
   * For a client's `close()`: the calls with an attempt on its way finish; a call that would
   * send another (a retry, or a first attempt it was still queued for) fails at once with an
   * UpstreamError of kind `client`, which no breaker counts. Resolves once every call has
   * settled. Idempotent.
   */
  close(): Promise<void> {
    return this.#open.close();
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

  async #attempts<T>(
    operation: Operation<T>,
    call: CallOptions,
    start: number,
    totalMs: number,
  ): Promise<T> {
    const clock = this.#clock;
    const deadlineAt = start + totalMs;
    const keyed = this.breakers;
    const breaker = keyed === undefined ? this.breaker : keyed.for(call, start);
    const signal = call.signal;
    const attemptMs = call.attemptTimeoutMs ?? this.#timeout.attemptMs;
    // The bulkhead is entered here, not in a frame of its own: one async function per call.
    const bulkhead = this.bulkhead;
    let slotAt = start;
    if (bulkhead) {
      const entered = bulkhead.enter(totalMs, signal);
      if (entered !== true) {
        await awaitBulkhead(entered, bulkhead, this.#report, { call, start, attempts: 0 }, totalMs);
        slotAt = clock.now();
      }
    }
    let ended: unknown = callSucceeded;
    // Only what every attempt runs is written here; rejections and failures have methods of
    // their own, so that this function's code (run on every call) stays small.
    let failed: FailedSoFar | undefined;
    const open = this.#open;
    open.count++;
    try {
      for (let attempt = 1; ; attempt++) {
        if (open.closing)
          throw closedDuringCall(this.#report, progress(call, start, attempt - 1, failed));
        let ticket = breaker ? breaker.tryEnter() : 0;
        let waited = false;
        if (ticket < 0 && breaker) {
          const where = () => progress(call, start, attempt - 1, failed);
          const policies = this.#failurePolicies;
          ticket = await awaitCircuit(policies, open, breaker, call, deadlineAt, where);
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
        // Hedging is off unless asked for: then one field read is all an attempt pays.
        const hedging = this.#hedging;
        if (hedging !== undefined && call.idempotent) {
          const delayMs = hedging.hedge.delayFor(call.operation, timeoutMs);
          if (delayMs !== undefined) {
            const round = await runHedgedRound(hedging, {
              ...{ operation, call, start, attempt, attemptStart, breaker, ticket, deadlineAt },
              ...{ timeoutMs, attemptMs, delayMs, totalMs, before: failed },
            });
            if (round.ok) return round.value;
            ({ attempts: attempt, failed } = round);
            await backOff(this.#failurePolicies, failed, call, start, attempt, open);
            continue;
          }
        }
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
          this.#succeeded(call, start, attempt, attemptStart, breaker, ticket);
          return result;
        } catch (error) {
          thrown = error;
        }
        running.end();
        const at = { call, start, attempt, attemptStart, breaker, ticket, deadlineAt };
        failed = settleFailedAttempt(this.#failurePolicies, running.failure(thrown), at, {
          totalMs,
          running,
          before: failed,
        });
        await backOff(this.#failurePolicies, failed, call, start, attempt, open);
      }
    } catch (error) {
      ended = error;
      throw error;
    } finally {
      if (--open.count === 0 && open.closing) open.drained();
      if (bulkhead) leaveBulkhead(bulkhead, slotAt, clock, ended);
    }
  }

  /** Counts and reports a successful attempt. */
  #succeeded(
    call: CallOptions,
    start: number,
    attempt: number,
    attemptStart: number,
    breaker: CircuitBreaker | undefined,
    ticket: number,
  ): void {
    // Timing costs a clock reading; take it only when a slow-call rule, hedging or a listener
    // uses it.
    const hedge = this.#hedge;
    const timed = this.events.observed || breaker?.measuresDuration === true || hedge !== undefined;
    const durationMs = timed ? this.#clock.now() - attemptStart : 0;
    if (hedge !== undefined && call.idempotent) hedge.record(call.operation, durationMs);
    breaker?.record(ticket, 'success', durationMs);
    this.#report.succeeded(call, start, attempt, durationMs);
  }
}

/** Makes a pipeline for one upstream; options are validated here, before any I/O. */
export function createPipeline(options: PipelineOptions): Pipeline {
  return new Pipeline(options);
}
