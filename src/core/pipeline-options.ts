import type { AdaptiveBulkhead } from './bulkhead/adaptive-bulkhead.ts';
import type { AdaptiveLimitOptions } from './bulkhead/adaptive-limit-options.ts';
import type { Bulkhead } from './bulkhead/bulkhead.ts';
import type { CircuitBreaker } from './breaker/circuit-breaker.ts';
import type { BreakerOptions } from './breaker/keyed-breaker-options.ts';
import type { RecoveryCheckOptions } from './breaker/recovery-check.ts';
import type { Classifier } from './classification.ts';
import type { Clock } from './clock.ts';
import type { HedgeOptions } from './hedge/hedge-options.ts';
import type { CallContext } from './pipeline-events.ts';
import type { RandomSource } from './random.ts';
import type { RateLimiter } from './rate-limit/rate-limiter.ts';
import type { RetryOptions } from './retry/retry-policy.ts';
import type { Attributes, Tracer } from '@opentelemetry/api';

/** Per-attempt timeout and overall deadline, in ms (Infinity for none). */
export interface TimeoutOptions {
  /** How long one attempt may take before it is aborted. */
  readonly attemptMs: number;
  /** How long a whole call may take: queueing, attempts, backoff sleeps and rate-limit waits. */
  readonly totalMs: number;
}

export const defaultTimeout: TimeoutOptions = {
  // Generous for a single request to a healthy dependency; clients tighten it per operation.
  attemptMs: 10_000,
  // Leaves room for the default three attempts and their backoff.
  totalMs: 30_000,
};

/** Rate limiting: a local token bucket, or any {@link RateLimiter} (a distributed one, say). */
export type RateLimitOptions = (
  { readonly ratePerSecond: number; readonly burst?: number } | { readonly limiter: RateLimiter }
) & {
  /** `delay` waits for a permit (up to maxWaitMs, within the deadline); `reject` fails at once. */
  readonly mode?: 'delay' | 'reject';
  /** The longest a call waits for a permit in `delay` mode (default: until its deadline). */
  readonly maxWaitMs?: number;
};

/**
 * Bulkhead: at most `maxConcurrent` calls at once, or, with `adaptive`, at most as many as a
 * limit that follows the upstream's latency (`true` takes the defaults of
 * {@link AdaptiveLimitOptions}); and `maxQueue` more waiting (default 0: refused at once).
 */
export type BulkheadOptions =
  | {
      readonly maxConcurrent: number;
      readonly maxQueue?: number;
      readonly adaptive?: never;
    }
  | {
      readonly adaptive: true | AdaptiveLimitOptions;
      readonly maxQueue?: number;
      readonly maxConcurrent?: never;
    };

/** Everything a pipeline can be given; each policy is merged over its named defaults. */
export interface PipelineOptions {
  /** The upstream's name, in every error, event and log record (`s3`, `payments-api`). */
  readonly service: string;
  /** Maps driver errors to classifications (default: Node network errors and HTTP statuses). */
  readonly classify?: Classifier;
  /** Retry options, or false for a single attempt. */
  readonly retry?: Partial<RetryOptions> | false;
  /**
   * Breaker options (with `keyed`, one circuit per key of a call), a breaker shared with other
   * pipelines, or false for none.
   */
  readonly breaker?: BreakerOptions | CircuitBreaker | false;
  /**
   * How an open breaker notices that the upstream is back (see {@link RecoveryCheckOptions}):
   * each client brings its own check; false waits out the breaker's open time instead.
   */
  readonly recoveryCheck?: RecoveryCheckOptions | false;
  /** Off unless given. */
  readonly rateLimit?: RateLimitOptions | false;
  readonly timeout?: Partial<TimeoutOptions>;
  /** Off unless given; a bulkhead, fixed or adaptive, may be shared. */
  readonly bulkhead?: BulkheadOptions | Bulkhead | AdaptiveBulkhead | false;
  /**
   * Off unless given: an idempotent call whose attempt has not answered after the usual
   * answer time of its operation (its recent p90, at least `floorMs`) sends a second attempt,
   * and the first answer wins (see {@link HedgeOptions}). `true` takes the defaults.
   */
  readonly hedge?: Partial<HedgeOptions> | boolean;
  /**
   * Whether the client has a connection free for a hedge now (each bulwark client with a pool
   * brings its own): a hedge that would wait for a connection behind the calls it is meant to
   * overtake is not sent. Without it, a hedge is sent whenever the other rules allow.
   */
  readonly hedgeRoom?: (() => boolean) | undefined;
  readonly clock?: Clock;
  readonly random?: RandomSource;
  /**
   * Off unless given: each call becomes a span of this tracer (a child of the span active where
   * the call is made), with a child span per attempt, active while the attempt runs (see
   * `annotateAttempt`). For instance `trace.getTracer('my-app')`.
   */
  readonly tracer?: Tracer | undefined;
  /** What the spans say of the upstream (each bulwark client brings its own). */
  readonly spans?: SpanConventions | undefined;
}

/**
 * What a call of every bulwark client takes (`db.query(text, values, options)`,
 * `redis.get(key, options)`, ...): each client's own per-call options extend these.
 */
export interface PerCallOptions {
  /** The caller's abort; reported as an AbortedError, distinct from a timeout. */
  readonly signal?: AbortSignal | undefined;
  /** Overall deadline of this call, in ms, retries included (overrides timeout.totalMs). */
  readonly timeoutMs?: number | undefined;
  /** Time of each attempt, in ms (overrides timeout.attemptMs). */
  readonly attemptTimeoutMs?: number | undefined;
}

/** Per-call options of {@link Pipeline.execute}. */
export interface CallOptions {
  /** The operation's name, in errors, events and logs (`getObject`, `query`). */
  readonly operation: string;
  /** Whether running the operation twice has the same effect as once. Non-idempotent calls are retried only when the request provably never reached the server. */
  readonly idempotent: boolean;
  /** The caller's own abort; reported as an AbortedError, distinct from a timeout. */
  readonly signal?: AbortSignal | undefined;
  /** Overall deadline of this call (overrides timeout.totalMs). */
  readonly timeoutMs?: number | undefined;
  /** Per-attempt timeout of this call (overrides timeout.attemptMs). */
  readonly attemptTimeoutMs?: number | undefined;
  /**
   * Facts about this call (`{ bucket, key }`, `{ table }`) carried into every event, log
   * record and error of the call. Never secrets; values are redacted in logs all the same.
   */
  readonly context?: CallContext | undefined;
}

/**
 * What a client's spans say of its upstream, by the OpenTelemetry semantic conventions for
 * database, HTTP and RPC clients. Each bulwark client brings its own; a pipeline without one
 * names its spans `<service> <operation>`.
 */
export interface SpanConventions {
  /** The name of a call's spans, low in cardinality (`GET`, `SELECT orders`, `S3.GetObject`). */
  readonly name: (call: CallOptions) => string;
  /** Attributes of the call's span and of each attempt's (`db.system.name`, `server.address`). */
  readonly attributes: (call: CallOptions) => Attributes;
  /** What attempt `n` adds to those (`http.request.resend_count` on a resend). */
  readonly attempt?: ((attempt: number) => Attributes) | undefined;
}
