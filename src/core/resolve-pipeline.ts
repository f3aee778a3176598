import { CircuitBreaker } from './breaker/circuit-breaker.ts';
import { resolveRecoveryCheck, type ResolvedRecoveryCheck } from './breaker/recovery-check.ts';
import { Bulkhead } from './bulkhead/bulkhead.ts';
import type { Classifier } from './classification.ts';
import { classifyDefault } from './classify-default.ts';
import { systemClock, type Clock } from './clock.ts';
import { defaultTimeout, type PipelineOptions, type TimeoutOptions } from './pipeline-options.ts';
import { mathRandom } from './random.ts';
import type { RateLimiter } from './rate-limit/rate-limiter.ts';
import { TokenBucketRateLimiter } from './rate-limit/token-bucket-rate-limiter.ts';
import { RetryPolicy } from './retry/retry-policy.ts';
import { checkFunction, checkKeys, checkName, checkNumber, checkOneOf } from './validate.ts';
import { InvalidOptionError } from './error-catalogue.ts';
import { CallTracing } from './telemetry/call-tracing.ts';

/** A pipeline's options, merged over the defaults, validated, and made into policies. */
export interface ResolvedPipeline {
  readonly service: string;
  readonly classify: Classifier;
  readonly retry: RetryPolicy | undefined;
  readonly breaker: CircuitBreaker | undefined;
  /** Undefined without a breaker, or without a check to run. */
  readonly recoveryCheck: ResolvedRecoveryCheck | undefined;
  readonly rateLimiter: RateLimiter | undefined;
  readonly rateLimitMaxWaitMs: number;
  readonly bulkhead: Bulkhead | undefined;
  readonly timeout: TimeoutOptions;
  readonly clock: Clock;
  /** Undefined unless a tracer was given. */
  readonly tracing: CallTracing | undefined;
}

/** The policy options every client passes through to its pipeline, for its own key checks. */
export const policyOptionKeys = [
  'retry',
  'breaker',
  'recoveryCheck',
  'rateLimit',
  'timeout',
  'bulkhead',
  'clock',
  'random',
  'tracer',
] as const;

const pipelineKeys = ['service', 'classify', 'spans', ...policyOptionKeys];

/**
 * Validates `options` eagerly (a bad one throws a TypeError that names it) and builds the
 * policies.
 */
export function resolvePipeline(options: PipelineOptions): ResolvedPipeline {
  if (typeof options !== 'object' || options === null) {
    throw new InvalidOptionError(
      'bulwark: createPipeline needs an options object with at least { service }',
    );
  }
  checkKeys('pipeline', options, pipelineKeys);
  const service = checkName('service', options.service);
  const clock = options.clock ?? systemClock;
  const random = options.random ?? mathRandom;
  const classify = checkFunction('classify', options.classify ?? classifyDefault);

  const retry =
    options.retry === false ? undefined : new RetryPolicy(options.retry ?? {}, { clock, random });

  const breakerOption = options.breaker ?? {};
  const breaker =
    breakerOption === false
      ? undefined
      : breakerOption instanceof CircuitBreaker
        ? breakerOption
        : new CircuitBreaker(breakerOption, { clock });
  const recoveryCheck = resolveRecoveryCheck(options.recoveryCheck);

  const timeoutOption = options.timeout ?? {};
  checkKeys('timeout', timeoutOption, Object.keys(defaultTimeout));
  const timeout = { ...defaultTimeout, ...timeoutOption };
  checkNumber('timeout.attemptMs', timeout.attemptMs, 1, true);
  checkNumber('timeout.totalMs', timeout.totalMs, 1, true);

  let rateLimiter: RateLimiter | undefined;
  let rateLimitMaxWaitMs = 0;
  const rateLimit = options.rateLimit;
  if (rateLimit) {
    checkKeys('rateLimit', rateLimit, ['ratePerSecond', 'burst', 'limiter', 'mode', 'maxWaitMs']);
    const mode = checkOneOf('rateLimit.mode', rateLimit.mode ?? 'delay', ['delay', 'reject']);
    rateLimitMaxWaitMs =
      mode === 'reject'
        ? 0
        : checkNumber('rateLimit.maxWaitMs', rateLimit.maxWaitMs ?? Infinity, 0, true);
    if ('limiter' in rateLimit) {
      rateLimiter = rateLimit.limiter;
      checkFunction('rateLimit.limiter.acquire', rateLimiter.acquire);
    } else {
      rateLimiter = new TokenBucketRateLimiter(
        rateLimit.burst === undefined
          ? { ratePerSecond: rateLimit.ratePerSecond }
          : { ratePerSecond: rateLimit.ratePerSecond, burst: rateLimit.burst },
        { clock },
      );
    }
  }

  const bulkheadOption = options.bulkhead;
  const bulkhead = !bulkheadOption
    ? undefined
    : bulkheadOption instanceof Bulkhead
      ? bulkheadOption
      : new Bulkhead(bulkheadOption, { clock });

  return {
    service,
    classify,
    tracing: resolveTracing(options, service),
    retry,
    breaker,
    recoveryCheck: breaker ? recoveryCheck : undefined,
    rateLimiter,
    rateLimitMaxWaitMs,
    bulkhead,
    timeout,
    clock,
  };
}

/** Tracing, when a tracer is given; its spans named by the client's conventions. */
function resolveTracing(options: PipelineOptions, service: string): CallTracing | undefined {
  const { tracer, spans } = options;
  if (spans !== undefined) {
    checkKeys('spans', spans, ['name', 'attributes', 'attempt']);
    checkFunction('spans.name', spans.name);
    checkFunction('spans.attributes', spans.attributes);
    if (spans.attempt !== undefined) checkFunction('spans.attempt', spans.attempt);
  }
  if (tracer === undefined) return undefined;
  if (typeof tracer !== 'object' || tracer === null || typeof tracer.startSpan !== 'function') {
    throw new InvalidOptionError(
      "bulwark: option tracer must be an OpenTelemetry Tracer (trace.getTracer('my-app'))",
    );
  }
  return new CallTracing(tracer, service, spans);
}
