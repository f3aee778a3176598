import type { CircuitBreaker } from './breaker/circuit-breaker.ts';
import type { KeyedBreakers } from './breaker/keyed-breakers.ts';
import { resolveBreakers } from './breaker/resolve-breakers.ts';
import { resolveHedgeOptions } from './hedge/hedge-options.ts';
import { HedgePolicy } from './hedge/hedge-policy.ts';
import { resolveRecoveryCheck, type ResolvedRecoveryCheck } from './breaker/recovery-check.ts';
import { AdaptiveBulkhead } from './bulkhead/adaptive-bulkhead.ts';
import { Bulkhead } from './bulkhead/bulkhead.ts';
import type { ConcurrencyGate } from './bulkhead/concurrency-gate.ts';
import type { Classifier } from './classification.ts';
import { classifyDefault } from './classify-default.ts';
import { systemClock, type Clock } from './clock.ts';
import { defaultTimeout, type PipelineOptions, type TimeoutOptions } from './pipeline-options.ts';
import { mathRandom, type RandomSource } from './random.ts';
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
  /** Undefined when the breaker is keyed (see `breakers`) or off. */
  readonly breaker: CircuitBreaker | undefined;
  /** One breaker per key of a call, when the breaker option has `keyed`. */
  readonly breakers: KeyedBreakers | undefined;
  /** Undefined without a breaker, or without a check to run. */
  readonly recoveryCheck: ResolvedRecoveryCheck | undefined;
  readonly rateLimiter: RateLimiter | undefined;
  readonly rateLimitMaxWaitMs: number;
  /** Fixed or adaptive. */
  readonly bulkhead: ConcurrencyGate | undefined;
  /** Undefined unless hedging was asked for. */
  readonly hedge: HedgePolicy | undefined;
  readonly timeout: TimeoutOptions;
  readonly clock: Clock;
  readonly random: RandomSource;
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
  'hedge',
  'clock',
  'random',
  'tracer',
] as const;

const pipelineKeys = ['service', 'classify', 'spans', 'hedgeRoom', ...policyOptionKeys];

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

  const { breaker, breakers } = resolveBreakers(options.breaker, { clock, random });
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

  const bulkhead = resolveBulkhead(options.bulkhead, clock);

  const hedge =
    options.hedge === undefined || options.hedge === false
      ? undefined
      : new HedgePolicy(resolveHedgeOptions(options.hedge), {
          clock,
          retryBudget: retry?.budget,
          gate: bulkhead,
          room:
            options.hedgeRoom === undefined
              ? undefined
              : checkFunction('hedgeRoom', options.hedgeRoom),
        });

  return {
    service,
    classify,
    hedge,
    tracing: resolveTracing(options, service),
    retry,
    breaker,
    breakers,
    recoveryCheck: breaker || breakers ? recoveryCheck : undefined,
    rateLimiter,
    rateLimitMaxWaitMs,
    bulkhead,
    timeout,
    clock,
    random,
  };
}

/**
 * The bulkhead given, or one made from its options: adaptive when `adaptive` is written (the
 * AdaptiveBulkhead refuses `maxConcurrent` beside it), fixed otherwise.
 */
function resolveBulkhead(
  option: PipelineOptions['bulkhead'],
  clock: Clock,
): ConcurrencyGate | undefined {
  if (!option) return undefined;
  if (option instanceof Bulkhead || option instanceof AdaptiveBulkhead) return option;
  if ('adaptive' in option) return new AdaptiveBulkhead(option, { clock });
  return new Bulkhead(option, { clock });
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
