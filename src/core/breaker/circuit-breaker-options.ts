import { checkInteger, checkKeys, checkNumber, checkRange } from '../validate.ts';
import { checkObject, checkRate, checkRequired } from './option-checks.ts';
import { checkSlidingWindow, type SlidingWindowOptions } from './sliding-window.ts';

export type { SlidingWindowOptions } from './sliding-window.ts';

/** Options of a {@link CircuitBreaker}; each is merged over {@link defaultCircuitBreaker}. */
export interface CircuitBreakerOptions {
  /** Trip after this many consecutive failures (default 5; `Infinity` turns the rule off). */
  readonly consecutiveFailures?: number;
  /**
   * Trip when the failure rate over a sliding window reaches `threshold` (above 0, up to 1),
   * once the window holds at least `minimumCalls` calls. Off by default.
   */
  readonly failureRate?: {
    readonly threshold: number;
    readonly minimumCalls: number;
    readonly window: SlidingWindowOptions;
  };
  /**
   * Trip when the share of calls slower than `durationMs` reaches `rateThreshold`. It uses the
   * failureRate window and minimumCalls unless it is given its own; without failureRate it
   * must be. A half-open probe slower than `durationMs` counts as a failed probe. Off by default.
   */
  readonly slowCalls?: {
    readonly durationMs: number;
    readonly rateThreshold: number;
    readonly window?: SlidingWindowOptions;
    readonly minimumCalls?: number;
  };
  /** How long the circuit stays open before admitting probes (default 10_000 ms). */
  readonly openDurationMs?: number;
  /**
   * Each open time is drawn at random within this share of itself either way (0 to 1;
   * default 0.5, as resilience4j's randomised wait: 10 s becomes 5 to 15 s), so the moment
   * the circuit half-opens falls anywhere in a fault that comes and goes on a beat as long as
   * the open time, never in step with it, and the instances of a fleet that opened together
   * do not all probe at once. 0 turns it off.
   */
  readonly openJitter?: number;
  /**
   * Each consecutive opening (the first, then each failed half-open probe) multiplies the
   * open time, up to `maxDurationMs`. Off by default.
   */
  readonly openBackoff?: { readonly multiplier: number; readonly maxDurationMs: number };
  /** How many probe calls HALF_OPEN admits at once; that many successes close the circuit (default 1). */
  readonly halfOpenProbes?: number;
  /**
   * How long a call that finds the circuit open may wait, within its deadline, for it to let
   * calls through again (the recovery check finding the service back, a probe closing it)
   * before it is refused. Nothing is sent while it waits. 0 (the default) refuses at once;
   * a few hundred milliseconds carry callers through faults that come and go.
   */
  readonly waitWhileOpenMs?: number;
}

/** A rate rule with everything filled in. */
export interface ResolvedRateRule {
  /** The share of calls (above 0, up to 1) at which the rule trips. */
  readonly threshold: number;
  /** The rule stays quiet until its window holds this many calls. */
  readonly minimumCalls: number;
  /** Undefined when the rule counts over the failure-rate window. */
  readonly window: SlidingWindowOptions | undefined;
}

/** {@link CircuitBreakerOptions} validated, with the defaults filled in. */
export interface ResolvedCircuitBreakerOptions {
  readonly consecutiveFailures: number;
  readonly failureRate: ResolvedRateRule | undefined;
  /** `durationMs`: a call that takes longer is slow. */
  readonly slowCalls: (ResolvedRateRule & { readonly durationMs: number }) | undefined;
  readonly openDurationMs: number;
  readonly openJitter: number;
  readonly openBackoff: { readonly multiplier: number; readonly maxDurationMs: number } | undefined;
  readonly halfOpenProbes: number;
  readonly waitWhileOpenMs: number;
}

/** The defaults each {@link CircuitBreakerOptions} field is merged over. */
export const defaultCircuitBreaker = {
  // Five in a row is rarely bad luck on a healthy upstream, yet trips within a second of an outage.
  consecutiveFailures: 5,
  // Long enough for a restarting dependency to come back, short enough to notice when it has.
  openDurationMs: 10_000,
  // Half either way: the half-open moment then lands anywhere in a beat as long as the open
  // time (a fifth, upward only, still fell in the same part of it every time), and the
  // average open time is what was asked for.
  openJitter: 0.5,
  // One probe risks a single call on an upstream that may still be down.
  halfOpenProbes: 1,
  // Fail fast unless asked otherwise: a caller may have better to do than wait.
  waitWhileOpenMs: 0,
} as const;

const topKeys = [
  'consecutiveFailures',
  'failureRate',
  'slowCalls',
  'openDurationMs',
  'openJitter',
  'openBackoff',
  'halfOpenProbes',
  'waitWhileOpenMs',
];

type FailureRateOptions = NonNullable<CircuitBreakerOptions['failureRate']>;
type SlowCallsOptions = NonNullable<CircuitBreakerOptions['slowCalls']>;
type OpenBackoffOptions = NonNullable<CircuitBreakerOptions['openBackoff']>;

/** Validates the options at construction; each TypeError names the option at fault. */
export function resolveCircuitBreakerOptions(
  options: CircuitBreakerOptions,
): ResolvedCircuitBreakerOptions {
  checkObject('breaker', options);
  checkKeys('breaker', options, topKeys);
  const defaults = defaultCircuitBreaker;
  const consecutiveFailures = options.consecutiveFailures ?? defaults.consecutiveFailures;
  if (consecutiveFailures !== Infinity) {
    checkInteger('breaker.consecutiveFailures', consecutiveFailures, 1);
  }
  const openDurationMs = options.openDurationMs ?? defaults.openDurationMs;
  checkNumber('breaker.openDurationMs', openDurationMs, 0);
  const openJitter = checkRange(
    'breaker.openJitter',
    options.openJitter ?? defaults.openJitter,
    0,
    1,
  );
  const halfOpenProbes = options.halfOpenProbes ?? defaults.halfOpenProbes;
  checkInteger('breaker.halfOpenProbes', halfOpenProbes, 1);
  const waitWhileOpenMs = options.waitWhileOpenMs ?? defaults.waitWhileOpenMs;
  checkNumber('breaker.waitWhileOpenMs', waitWhileOpenMs, 0);
  // `!== undefined`, not truthiness: a null group must fail its check, not turn the rule off.
  const { failureRate: rate, slowCalls: slow, openBackoff: backoff } = options;
  const failureRate = rate !== undefined ? resolveFailureRate(rate) : undefined;
  return Object.freeze({
    consecutiveFailures,
    failureRate,
    slowCalls: slow !== undefined ? resolveSlowCalls(slow, failureRate) : undefined,
    openDurationMs,
    openJitter,
    openBackoff: backoff !== undefined ? resolveOpenBackoff(backoff, openDurationMs) : undefined,
    halfOpenProbes,
    waitWhileOpenMs,
  });
}

function resolveFailureRate(rule: FailureRateOptions): ResolvedRateRule {
  const name = 'breaker.failureRate';
  checkObject(name, rule);
  checkKeys(name, rule, ['threshold', 'minimumCalls', 'window']);
  const window = checkSlidingWindow(`${name}.window`, rule.window);
  return {
    threshold: checkRate(`${name}.threshold`, rule.threshold),
    minimumCalls: checkMinimumCalls(`${name}.minimumCalls`, rule.minimumCalls, window),
    window,
  };
}

function resolveSlowCalls(
  rule: SlowCallsOptions,
  failureRate: ResolvedRateRule | undefined,
): ResolvedCircuitBreakerOptions['slowCalls'] {
  const name = 'breaker.slowCalls';
  checkObject(name, rule);
  checkKeys(name, rule, ['durationMs', 'rateThreshold', 'window', 'minimumCalls']);
  const window =
    rule.window !== undefined ? checkSlidingWindow(`${name}.window`, rule.window) : undefined;
  const unless = 'breaker.failureRate is not set';
  checkRequired(`${name}.window`, window ?? failureRate?.window, unless);
  const minimumCalls = rule.minimumCalls ?? failureRate?.minimumCalls;
  checkRequired(`${name}.minimumCalls`, minimumCalls, unless);
  return {
    durationMs: checkNumber(`${name}.durationMs`, rule.durationMs, 0),
    threshold: checkRate(`${name}.rateThreshold`, rule.rateThreshold),
    minimumCalls: checkMinimumCalls(
      `${name}.minimumCalls`,
      minimumCalls,
      window ?? failureRate?.window,
    ),
    window,
  };
}

function resolveOpenBackoff(backoff: OpenBackoffOptions, openDurationMs: number) {
  const name = 'breaker.openBackoff';
  checkObject(name, backoff);
  checkKeys(name, backoff, ['multiplier', 'maxDurationMs']);
  return {
    multiplier: checkNumber(`${name}.multiplier`, backoff.multiplier, 1),
    // Below the first open time, the "backoff" would shorten it.
    maxDurationMs: checkNumber(`${name}.maxDurationMs`, backoff.maxDurationMs, openDurationMs),
  };
}

/** A count window smaller than minimumCalls could never trip: say so now, not in an outage. */
function checkMinimumCalls(
  name: string,
  value: unknown,
  window: SlidingWindowOptions | undefined,
): number {
  return checkInteger(name, value, 1, window?.type === 'count' ? window.size : Infinity);
}
