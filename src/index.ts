// The core of bulwark: the pipeline every client runs through, its policies, errors and
// telemetry. Importing it loads no client SDK.
export { createPipeline, Pipeline } from './core/pipeline.ts';
export type { BulwarkClient } from './core/bulwark-client.ts';
export type { CheckTurn, CheckTurns } from './core/breaker/check-turns.ts';
export type { RetryBudgetLike } from './core/retry/retry-budget.ts';
export type { RateLimitedCall } from './core/rate-limit/rate-limiter.ts';
export type {
  BulkheadOptions,
  CallOptions,
  PerCallOptions,
  PipelineOptions,
  RateLimitOptions,
  TimeoutOptions,
  SpanConventions,
} from './core/pipeline-options.ts';
export type { Attempt, Operation } from './core/attempt/index.ts';

export {
  AbortedError,
  BulkheadFullError,
  CircuitOpenError,
  RateLimitedError,
  TimeoutError,
  UpstreamError,
  createUpstreamError,
  errorCodeOf,
  isUpstreamError,
} from './core/errors.ts';
export type { UpstreamErrorFacts } from './core/errors.ts';
export {
  BulwarkError,
  errorCatalogue,
  InvalidArgumentError,
  InvalidOptionError,
  InvalidStateError,
  isBulwarkError,
} from './core/error-catalogue.ts';
export type { BulwarkErrorCode } from './core/error-catalogue.ts';
export { errorKinds } from './core/error-kind.ts';
export type { ErrorKind } from './core/error-kind.ts';

export type { Classification, Classifier } from './core/classification.ts';
export { classifyDefault, classifyNetworkError, classifyStatus } from './core/classify-default.ts';
export { redact } from './core/redact.ts';
export { unmaskedFields } from './core/masked-values.ts';

export { defaultBackoff } from './core/retry/backoff.ts';
export type { Backoff, Jitter } from './core/retry/backoff.ts';
export { RetryBudget, defaultRetryBudget } from './core/retry/retry-budget.ts';
export type { RetryBudgetOptions } from './core/retry/retry-budget.ts';
export { defaultRetry } from './core/retry/retry-policy.ts';
export type { RetryOptions } from './core/retry/retry-policy.ts';

export { CircuitBreaker } from './core/breaker/circuit-breaker.ts';
export type { CallOutcome, CircuitTransition } from './core/breaker/circuit-breaker.ts';
export type {
  CircuitBreakerOptions,
  SlidingWindowOptions,
} from './core/breaker/circuit-breaker-options.ts';
export type { CircuitState, CircuitStateName } from './core/breaker/circuit-state.ts';
export { KeyedBreakers } from './core/breaker/keyed-breakers.ts';
export type { DroppedKey, KeyedTransition } from './core/breaker/keyed-breakers.ts';
export { defaultKeyedBreakers } from './core/breaker/keyed-breaker-options.ts';
export type {
  BreakerOptions,
  KeyedBreakerOptions,
  KeyedCall,
} from './core/breaker/keyed-breaker-options.ts';
export { defaultRecoveryCheck } from './core/breaker/recovery-check.ts';
export type { LivenessCheck, RecoveryCheckOptions } from './core/breaker/recovery-check.ts';

export type { RateLimiter } from './core/rate-limit/rate-limiter.ts';
export { TokenBucketRateLimiter } from './core/rate-limit/token-bucket-rate-limiter.ts';
export { Bulkhead } from './core/bulkhead/bulkhead.ts';
export { AdaptiveBulkhead } from './core/bulkhead/adaptive-bulkhead.ts';
export type {
  AdaptiveBulkheadDeps,
  AdaptiveBulkheadOptions,
  LimitChange,
} from './core/bulkhead/adaptive-bulkhead.ts';
export { AdaptiveLimit } from './core/bulkhead/adaptive-limit.ts';
export type { AdaptiveLimitDeps } from './core/bulkhead/adaptive-limit.ts';
export { defaultAdaptiveLimit } from './core/bulkhead/adaptive-limit-options.ts';
export type {
  AdaptiveLimitAlgorithm,
  AdaptiveLimitOptions,
} from './core/bulkhead/adaptive-limit-options.ts';
export type { LimitSample } from './core/bulkhead/limit-algorithm.ts';
export type { ConcurrencyGate, LatencySample } from './core/bulkhead/concurrency-gate.ts';
export { defaultHedge } from './core/hedge/hedge-options.ts';
export type { HedgeOptions } from './core/hedge/hedge-options.ts';

export { EventBus } from './core/event-bus.ts';
export type { Listener, Subscription } from './core/event-bus.ts';
export type {
  AttemptEvent,
  BreakerEvent,
  BreakerKeyDroppedEvent,
  RecoveryCheckEvent,
  CallContext,
  CallEvent,
  GiveUpReason,
  HedgeEvent,
  PipelineEvent,
  RejectionEvent,
  RetryEvent,
  TimeoutEvent,
} from './core/pipeline-events.ts';
export { attachLogger } from './core/telemetry/attach-logger.ts';
export type { LoggerLike } from './core/telemetry/logger-like.ts';
export { attachMetrics } from './core/telemetry/attach-metrics.ts';
export { annotateAttempt } from './core/telemetry/call-tracing.ts';

export { systemClock } from './core/clock.ts';
export type { Clock, TimerHandle } from './core/clock.ts';
export type { RandomSource } from './core/random.ts';
