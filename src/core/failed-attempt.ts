import type { AttemptContext } from './attempt/attempt-context.ts';
import { sleep } from './sleep.ts';
import { callerAbortFailure, timeoutFailure } from './attempt/bounded-attempt.ts';
import type { CallOutcome, CircuitBreaker } from './breaker/circuit-breaker.ts';
import type { CallProgress, CallReporter } from './call-reporter.ts';
import type { Classification, Classifier } from './classification.ts';
import type { Clock } from './clock.ts';
import type { ErrorKind } from './error-kind.ts';
import { untilClosed, type OpenCalls } from './open-calls.ts';
import type { CallOptions } from './pipeline-options.ts';
import type { RetryPolicy } from './retry/retry-policy.ts';

/** Kinds that say the upstream is unwell; only these count against the circuit breaker. */
const upstreamFailureKinds: ReadonlySet<ErrorKind> = new Set([
  'timeout',
  'connection',
  'throttled',
  'server',
]);

/** What a failed attempt is weighed by: the pipeline's classifier and retry policy. */
export interface FailurePolicies {
  readonly classify: Classifier;
  readonly retry: RetryPolicy | undefined;
  readonly report: CallReporter;
  readonly clock: Clock;
}

/** An attempt, as the methods that report on it need it. */
export interface AttemptFacts {
  readonly call: CallOptions;
  readonly start: number;
  readonly attempt: number;
  readonly attemptStart: number;
  /** The call's breaker (its key's, when keyed), and the ticket it gave the attempt. */
  readonly breaker: CircuitBreaker | undefined;
  readonly ticket: number;
  readonly deadlineAt: number;
  /** Attempts sent so far, when more than `attempt` (a hedge went out after it). */
  readonly attemptsSent?: number | undefined;
}

/** What a call's failed attempts left: the last cause and classification, the last backoff. */
export interface FailedSoFar {
  readonly lastCause: unknown;
  readonly lastFailure: Classification | undefined;
  readonly previousDelayMs: number;
  /** Whether a failed attempt may have reached the server (none was provably never sent). */
  readonly mayHaveRun: boolean;
}

const noneFailed: FailedSoFar = {
  lastCause: undefined,
  lastFailure: undefined,
  previousDelayMs: 0,
  mayHaveRun: false,
};

/**
 * Where a call stands, for the error that ends it: built only on the way out. A function of
 * its own, not a closure over the attempt loop's variables, which would be allocated (with
 * their context) on every call.
 */
export function progress(
  call: CallOptions,
  start: number,
  attempts: number,
  failed: FailedSoFar | undefined,
): CallProgress {
  const { lastCause, lastFailure, mayHaveRun } = failed ?? noneFailed;
  return { call, start, attempts, lastCause, lastFailure, mayHaveRun };
}

/**
 * What a failed attempt tells the breaker: a failure of the upstream's, or an answer from a
 * server that works (a client error, contention), or nothing (a timeout while the server
 * answered others: the service is slow, and the deadline, not the breaker, bounds the wait).
 */
function breakerOutcome(c: Classification, slowLink: boolean): CallOutcome {
  if (c.kind === 'timeout' && slowLink) return 'ignored';
  return upstreamFailureKinds.has(c.kind) && c.serverHealthy !== true ? 'failure' : 'success';
}

/** What a failed attempt is weighed against: the call's deadline and its attempt. */
export interface FailureBounds {
  /** The call's whole deadline as the caller set it, reported when it cut the attempt. */
  readonly totalMs: number;
  /**
   * The attempt as its client left it: waiting for a connection (nothing was sent), and
   * whether the server sent anything since it began (awaitConnection, watchLinkProgress).
   */
  readonly running: AttemptContext;
  readonly before: FailedSoFar | undefined;
}

/** A failed attempt, counted and reported: what the call's failures now are. */
interface WeighedFailure {
  readonly failed: FailedSoFar;
  readonly classification: Classification;
  readonly cutByDeadline: boolean;
}

/**
 * Counts, classifies and reports a failed attempt, and decides on a retry: returns what the
 * call's failures now are, with the backoff before the next attempt, or throws the error that
 * ends the call. Only failures come here, so the attempt loop (run on every call) stays small.
 */
export function settleFailedAttempt(
  policies: FailurePolicies,
  error: unknown,
  at: AttemptFacts,
  bounds: FailureBounds,
): FailedSoFar {
  const { call, start, deadlineAt } = at;
  const attempt = at.attemptsSent ?? at.attempt;
  const { clock, report } = policies;
  const { failed, classification, cutByDeadline } = weighFailedAttempt(policies, error, at, bounds);
  const previousDelayMs = failed.previousDelayMs;
  const ended = progress(call, start, attempt, failed);
  if (error === timeoutFailure && cutByDeadline) {
    throw report.deadlineExceeded(ended, deadlineAt - start);
  }
  const decision = policies.retry
    ? policies.retry.decide({
        classification,
        attempt,
        idempotent: call.idempotent,
        previousDelayMs,
        remainingMs: deadlineAt - clock.now(),
      })
    : ({ retry: false, reason: 'max_attempts' } as const);
  if (!decision.retry) throw report.failed(ended, classification, decision.reason);
  report.retrying(call, attempt, decision.delayMs, classification);
  return { ...failed, previousDelayMs: decision.delayMs };
}

/**
 * Counts (on the breaker), classifies and reports a failed attempt, without deciding what
 * comes next: a hedged call weighs an attempt that failed while its twin still runs. Throws
 * the call's AbortedError when the caller aborted.
 */
export function weighFailedAttempt(
  policies: FailurePolicies,
  error: unknown,
  at: AttemptFacts,
  bounds: FailureBounds,
): WeighedFailure {
  const { call, start, attempt, breaker, ticket } = at;
  const { running, before } = bounds;
  const { clock, report } = policies;
  const durationMs = clock.now() - at.attemptStart;
  if (error === callerAbortFailure) {
    breaker?.record(ticket, 'ignored', durationMs);
    // The aborted attempt may have run unless it was still waiting for its connection.
    const mayHaveRun = (before?.mayHaveRun ?? false) || !running.awaitingConnection;
    const aborted = { ...(before ?? noneFailed), mayHaveRun };
    throw report.aborted(progress(call, start, attempt, aborted), call.signal?.reason);
  }
  let classification: Classification;
  let lastCause = before?.lastCause;
  // An attempt cut short by the deadline is the deadline's timeout, not the attempt's, and
  // reports the deadline as the caller set it, not the float left.
  const cutByDeadline = running.cutByDeadline;
  const timeoutMs = cutByDeadline ? bounds.totalMs : running.timeoutMs;
  if (error === timeoutFailure) {
    report.timeout(call, cutByDeadline ? 'deadline' : 'attempt', attempt, timeoutMs);
    classification = {
      kind: 'timeout',
      retriable: true,
      // Still waiting for a connection: the request never left, so even a write may go again.
      neverSent: running.awaitingConnection || undefined,
      reason: cutByDeadline
        ? `deadline of ${Math.round(timeoutMs)} ms exceeded`
        : `attempt exceeded ${Math.round(timeoutMs)} ms`,
    };
  } else {
    classification = policies.classify(error);
    lastCause = error;
  }
  // A timeout while the server sends bytes, ours or one the driver or the server reports
  // (PostgreSQL's statement timeout), is a slow answer, not an outage.
  const slowLink = classification.kind === 'timeout' && running.linkProgressed();
  breaker?.record(ticket, breakerOutcome(classification, slowLink), durationMs);
  report.attemptFailed(call, attempt, durationMs, classification.kind, classification);
  const previousDelayMs = before?.previousDelayMs ?? 0;
  // Only an attempt provably never sent leaves a write surely unapplied.
  const mayHaveRun = (before?.mayHaveRun ?? false) || classification.neverSent !== true;
  const failed: FailedSoFar = {
    lastCause,
    lastFailure: classification,
    previousDelayMs,
    mayHaveRun,
  };
  return { failed, classification, cutByDeadline };
}

/** The backoff before the next attempt; the caller's abort ends the call. */
export async function backOff(
  policies: FailurePolicies,
  failed: FailedSoFar,
  call: CallOptions,
  start: number,
  attempt: number,
  open: OpenCalls,
): Promise<void> {
  try {
    await sleep(policies.clock, failed.previousDelayMs, untilClosed(call, open));
  } catch (reason) {
    // Woken by the client's closing: the next attempt's check fails the call as closed.
    if (open.closedWhileWaiting(call)) return;
    throw policies.report.aborted(progress(call, start, attempt, failed), reason);
  }
}
