import type { ErrorKind } from '../error-kind.ts';
import type {
  AttemptEvent,
  BreakerEvent,
  BreakerKeyDroppedEvent,
  CallEvent,
  GiveUpReason,
  HedgeEvent,
  PipelineEvent,
  RecoveryCheckEvent,
  RejectionEvent,
  RetryEvent,
  TimeoutEvent,
} from '../pipeline-events.ts';
import { redact } from '../redact.ts';

/**
 * The one-line account of an event that goes into a log record's message, written for the
 * engineer paged at 3 a.m.: which call, what happened, and what bulwark does next
 * (`s3.getObject attempt 1 failed (connection reset, ECONNRESET); retrying in 120 ms`).
 * Every string that came from outside bulwark passes through `redact()`.
 */
export function describeEvent(event: PipelineEvent): string {
  switch (event.type) {
    case 'attempt':
      return describeAttempt(event);
    case 'retry':
      return describeRetry(event);
    case 'call':
      return describeCall(event);
    case 'rejection':
      return describeRejection(event);
    case 'timeout':
      return describeTimeout(event);
    case 'hedge':
      return describeHedge(event);
    case 'breaker':
      return describeBreaker(event);
    case 'breaker_key_dropped':
      return describeDroppedKey(event);
    case 'recovery_check':
      return describeRecoveryCheck(event);
  }
}

function describeHedge(event: HedgeEvent): string {
  const head = `${callName(event)} hedge (attempt ${event.attempt})`;
  switch (event.outcome) {
    case 'sent':
      return `${head} sent: the first attempt had not answered in ${ms(event.afterMs)}`;
    case 'won':
      return `${head} answered first, ${ms(event.afterMs)} after it was sent; the first attempt is cancelled`;
    case 'lost':
      return `${head} cancelled: the first attempt answered ${ms(event.afterMs)} after the hedge was sent`;
  }
}

function describeRecoveryCheck(event: RecoveryCheckEvent): string {
  const head = `${redact(event.service)} recovery check`;
  return event.outcome === 'answered'
    ? `${head}: the service answered in ${ms(event.durationMs)}; the next call probes it`
    : `${head} failed after ${ms(event.durationMs)}; the circuit stays open`;
}

function describeAttempt(event: AttemptEvent): string {
  const head = `${callName(event)} attempt ${event.attempt}`;
  if (event.outcome === 'success') return `${head} succeeded in ${ms(event.durationMs)}`;
  const details = [
    event.kind === undefined ? undefined : humanKind(event.kind),
    event.code === undefined ? undefined : redact(event.code),
    event.status === undefined ? undefined : `status ${event.status}`,
  ].filter((part) => part !== undefined);
  const why = details.length > 0 ? ` (${details.join(', ')})` : '';
  return `${head} failed after ${ms(event.durationMs)}${why}`;
}

function describeRetry(event: RetryEvent): string {
  const reason = redact(event.reason);
  const code = event.code === undefined ? undefined : redact(event.code);
  // Drivers often put their code in the reason already ("connect ECONNREFUSED"); say it once.
  const why = code === undefined || reason.includes(code) ? reason : `${reason}, ${code}`;
  return `${callName(event)} attempt ${event.attempt} failed (${why}); retrying in ${ms(event.delayMs)}`;
}

/** Why no further attempt was made, in words. */
const giveUpText: Readonly<Record<GiveUpReason, string>> = {
  not_retriable: 'the error is not retriable',
  not_idempotent: 'the operation is not idempotent, so it is not repeated',
  max_attempts: 'no attempts left',
  budget_exhausted: 'the retry budget is exhausted (too many retries across calls)',
  deadline: 'not enough time left before the deadline',
  aborted: 'the caller aborted',
};

function describeCall(event: CallEvent): string {
  const name = callName(event);
  if (event.outcome === 'success') {
    return `${name} succeeded after ${attempts(event.attempts)} in ${ms(event.elapsedMs)}`;
  }
  const verb =
    event.outcome === 'rejected' ? 'rejected' : `failed after ${attempts(event.attempts)}`;
  const what = event.kind === undefined ? 'unknown error' : humanKind(event.kind);
  // The pipeline passes the UpstreamError's own message, which already names call and reason.
  const base = event.message === undefined ? `${name} ${verb}: ${what}` : redact(event.message);
  const giveUp = event.giveUpReason;
  const alreadySaid =
    giveUp === undefined ||
    giveUp === 'aborted' ||
    (giveUp === 'deadline' && event.kind === 'timeout');
  return alreadySaid ? base : `${base}; gave up: ${giveUpText[giveUp]}`;
}

const rejectionText: Readonly<Record<RejectionEvent['kind'], string>> = {
  circuit_open: 'the circuit is open',
  rate_limited: 'no rate-limit permit in time',
  bulkhead_full: 'the bulkhead is full',
};

function describeRejection(event: RejectionEvent): string {
  return `${callName(event)} rejected without calling the upstream: ${rejectionText[event.kind]}`;
}

function describeTimeout(event: TimeoutEvent): string {
  const name = callName(event);
  if (event.scope === 'attempt') {
    return `${name} attempt ${event.attempt} timed out after ${ms(event.timeoutMs)}`;
  }
  const when = event.attempt === 0 ? 'before the first attempt' : `during attempt ${event.attempt}`;
  return `${name} deadline of ${ms(event.timeoutMs)} exceeded ${when}`;
}

function describeBreaker(event: BreakerEvent): string {
  const change =
    event.to === 'open'
      ? event.from === 'half_open'
        ? 're-opened'
        : 'opened'
      : event.to === 'half_open'
        ? 'half-open, letting probes through'
        : event.to === 'isolated'
          ? 'isolated (calls are rejected until it is reset)'
          : 'closed';
  const circuit = event.key === undefined ? 'circuit' : `circuit for ${event.key}`;
  return redact(`${event.service} ${circuit} ${change}: ${event.reason}`);
}

function describeDroppedKey(event: BreakerKeyDroppedEvent): string {
  const why =
    event.reason === 'idle' ? 'no call used it for the idle time' : 'a new key needed its room';
  return redact(`${event.service} circuit for ${event.key} dropped: ${why}`);
}

function callName(event: { readonly service: string; readonly operation: string }): string {
  // Operations can carry request paths (`GET /users?token=...`), so they are redacted too.
  return redact(`${event.service}.${event.operation}`);
}

function humanKind(kind: ErrorKind): string {
  return kind.replaceAll('_', ' ');
}

function attempts(count: number): string {
  return count === 1 ? '1 attempt' : `${count} attempts`;
}

/** Whole milliseconds: a clock reading like 120.4375 ms helps nobody at 3 a.m. */
function ms(value: number): string {
  return `${Math.round(value)} ms`;
}
