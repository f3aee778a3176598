import type { CircuitStateName } from './breaker/circuit-state.ts';
import type { ErrorKind } from './error-kind.ts';

/** What every event says about the call it belongs to. */
export interface CallFacts {
  readonly service: string;
  readonly operation: string;
  /** The caller's facts about this call (bucket, key, table), from CallOptions.context. */
  readonly context?: CallContext | undefined;
}

/** Facts about one call that a client adds to its events, logs and errors (no secrets). */
export type CallContext = Readonly<Record<string, string | number | boolean>>;

/** One attempt ended: with success or with a classified failure. */
export interface AttemptEvent extends CallFacts {
  readonly type: 'attempt';
  readonly attempt: number;
  readonly durationMs: number;
  readonly outcome: 'success' | 'failure';
  readonly kind?: ErrorKind | undefined;
  readonly code?: string | undefined;
  readonly status?: number | undefined;
  /** How long the upstream asked us to hold back (Retry-After), when it said. */
  readonly retryAfterMs?: number | undefined;
}

/** A failed attempt will be retried after `delayMs`. */
export interface RetryEvent extends CallFacts {
  readonly type: 'retry';
  /** The attempt that failed. */
  readonly attempt: number;
  readonly delayMs: number;
  readonly kind: ErrorKind;
  readonly code?: string | undefined;
  readonly reason: string;
}

/** Why a failing call was not retried any more. */
export type GiveUpReason =
  'not_retriable' | 'not_idempotent' | 'max_attempts' | 'budget_exhausted' | 'deadline' | 'aborted';

/** The call ended: with success or with the UpstreamError it threw. */
export interface CallEvent extends CallFacts {
  readonly type: 'call';
  readonly outcome: 'success' | 'failure' | 'rejected';
  readonly attempts: number;
  readonly elapsedMs: number;
  /** The state of the call's circuit breaker as the call ended; absent without a breaker. */
  readonly breaker?: CircuitStateName | undefined;
  /** The key of the call's circuit, when the breaker is keyed. */
  readonly breakerKey?: string | undefined;
  readonly kind?: ErrorKind | undefined;
  readonly code?: string | undefined;
  readonly message?: string | undefined;
  /** For a failure: why no further attempt was made. */
  readonly giveUpReason?: GiveUpReason | undefined;
}

/** The call was refused by a policy before it reached the upstream. */
export interface RejectionEvent extends CallFacts {
  readonly type: 'rejection';
  readonly kind: 'circuit_open' | 'rate_limited' | 'bulkhead_full';
}

/** An attempt timeout or the overall deadline ran out. */
export interface TimeoutEvent extends CallFacts {
  readonly type: 'timeout';
  readonly scope: 'attempt' | 'deadline';
  readonly attempt: number;
  readonly timeoutMs: number;
}

/**
 * A hedge of an idempotent call: `sent` when an attempt went unanswered for `afterMs` and a
 * second one (number `attempt`) went out; then `won` when the hedge answered first, or `lost`
 * when the first attempt did (`afterMs`: since the hedge was sent). The other is aborted.
 */
export interface HedgeEvent extends CallFacts {
  readonly type: 'hedge';
  readonly outcome: 'sent' | 'won' | 'lost';
  /** The hedge's attempt number. */
  readonly attempt: number;
  readonly afterMs: number;
}

/** The circuit breaker changed state. */
export interface BreakerEvent {
  readonly type: 'breaker';
  readonly service: string;
  /** The key whose circuit it is, when the breaker is keyed. */
  readonly key?: string | undefined;
  readonly from: CircuitStateName;
  readonly to: CircuitStateName;
  /** Why: the trip rule that fired, a probe outcome, the open time elapsing, or a manual call. */
  readonly reason: string;
}

/**
 * A keyed breaker dropped a key's circuit, with its counts: no call used it for `idleMs`
 * (`idle`), or a new key needed the room (`max_keys`).
 */
export interface BreakerKeyDroppedEvent {
  readonly type: 'breaker_key_dropped';
  readonly service: string;
  readonly key: string;
  readonly reason: 'idle' | 'max_keys';
}

/**
 * A recovery check ran while the breaker was open. It is one small request to the upstream,
 * made by no caller: `answered` half-opens the circuit, `failed` leaves it open.
 */
export interface RecoveryCheckEvent {
  readonly type: 'recovery_check';
  readonly service: string;
  readonly outcome: 'answered' | 'failed';
  readonly durationMs: number;
}

export type PipelineEvent =
  | AttemptEvent
  | RetryEvent
  | CallEvent
  | RejectionEvent
  | TimeoutEvent
  | HedgeEvent
  | BreakerEvent
  | BreakerKeyDroppedEvent
  | RecoveryCheckEvent;
