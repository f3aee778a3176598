import { InvalidOptionError } from '../error-catalogue.ts';
import { checkInteger, checkKeys, checkNumber, checkOneOf, checkRange } from '../validate.ts';

/** How an {@link AdaptiveLimit} moves its limit. */
export type AdaptiveLimitAlgorithm = 'gradient' | 'aimd';

/**
 * Options of an adaptive concurrency limit; every one optional, merged over
 * {@link defaultAdaptiveLimit}. Errors name them `bulkhead.adaptive.<name>`.
 */
export interface AdaptiveLimitOptions {
  /**
   * `gradient` (default): the limit follows the ratio of long-term to recent latency, so it
   * shrinks as soon as calls queue up in the upstream. `aimd`: the limit grows by one per
   * limit's worth of good calls and shrinks by `backoffRatio` on a drop or a slow call; simpler,
   * and blind to latency below `latencyThresholdMs`.
   */
  readonly algorithm?: AdaptiveLimitAlgorithm | undefined;
  /** The limit before any call has been measured. An integer from minLimit to maxLimit. */
  readonly initialLimit?: number | undefined;
  /** The limit never falls below this. An integer >= 1. */
  readonly minLimit?: number | undefined;
  /** The limit never rises above this. An integer >= minLimit. */
  readonly maxLimit?: number | undefined;
  /** What the limit is multiplied by on a drop (and, for `aimd`, a slow call). 0.5 to 0.99. */
  readonly backoffRatio?: number | undefined;
  /**
   * `gradient` only: how many times slower than the long-term average recent calls may get
   * before the limit shrinks. A number from 1 to 10.
   */
  readonly tolerance?: number | undefined;
  /** `gradient` only: how far each sample moves the limit toward its target. 0.01 to 1. */
  readonly smoothing?: number | undefined;
  /**
   * `aimd` only: a call slower than this (ms) counts as a sign of overload. Default Infinity:
   * only drops shrink the limit, since no library can know how fast an upstream should be.
   */
  readonly latencyThresholdMs?: number | undefined;
}

/** Adaptive limit options with every default filled in. */
export type ResolvedAdaptiveLimitOptions = {
  readonly [K in keyof AdaptiveLimitOptions]-?: Exclude<AdaptiveLimitOptions[K], undefined>;
};

/** The defaults of an adaptive limit, each with its reason. */
export const defaultAdaptiveLimit: ResolvedAdaptiveLimitOptions = {
  algorithm: 'gradient',
  // Enough for a healthy upstream to be used well from the first call; it moves from there.
  initialLimit: 20,
  // One call at a time still lets the upstream show it has recovered.
  minLimit: 1,
  // A ceiling on what a burst of fast calls can talk the limit into.
  maxLimit: 200,
  // A gentle cut, as Netflix's concurrency-limits does; one cut per overload (see AdaptiveLimit).
  backoffRatio: 0.9,
  // The usual latency is a baseline that follows quicker rounds at once, so any slowing beyond
  // it is queueing; the headroom of sqrt(limit) calls is the queue allowed. With 1.5 (Netflix's
  // Gradient2, over an average that drifts up) an upstream offered twice its capacity served
  // calls 2.1-2.4x as slow as unloaded in `npm run bench -- overload`; with 1, 1.7x.
  tolerance: 1,
  // Each round moves the limit up a fifth of the way (down at once): steady growth.
  smoothing: 0.2,
  latencyThresholdMs: Infinity,
};

const KNOWN_OPTIONS = Object.keys(defaultAdaptiveLimit);

/** The options that mean something to one algorithm only, and which one. */
const ONLY_FOR: Readonly<Record<string, AdaptiveLimitAlgorithm>> = {
  tolerance: 'gradient',
  smoothing: 'gradient',
  latencyThresholdMs: 'aimd',
};

/**
 * Merges `options` over the defaults and checks each, so a bad one fails at start-up.
 * @throws TypeError naming the option (`bulkhead.adaptive.maxLimit`, ...).
 */
export function resolveAdaptiveLimitOptions(
  options: AdaptiveLimitOptions,
): ResolvedAdaptiveLimitOptions {
  checkKeys('bulkhead.adaptive', options, KNOWN_OPTIONS);
  const name = (option: string): string => `bulkhead.adaptive.${option}`;
  const given = Object.fromEntries(
    Object.entries(options).filter(([, value]) => value !== undefined),
  ) as AdaptiveLimitOptions;
  const merged = { ...defaultAdaptiveLimit, ...given };
  const algorithm = checkOneOf(name('algorithm'), merged.algorithm, ['gradient', 'aimd']);
  for (const option of Object.keys(given)) {
    const only = ONLY_FOR[option];
    if (only !== undefined && only !== algorithm) {
      throw new InvalidOptionError(
        `bulwark: option ${name(option)} applies to algorithm "${only}" only (algorithm is "${algorithm}")`,
      );
    }
  }
  const minLimit = checkInteger(name('minLimit'), merged.minLimit, 1);
  const maxLimit = checkInteger(name('maxLimit'), merged.maxLimit, minLimit);
  return {
    algorithm,
    minLimit,
    maxLimit,
    // The default start is brought inside the bounds given; a start given outside them is a
    // mistake worth saying.
    initialLimit:
      given.initialLimit === undefined
        ? Math.min(maxLimit, Math.max(minLimit, defaultAdaptiveLimit.initialLimit))
        : checkInteger(name('initialLimit'), given.initialLimit, minLimit, maxLimit),
    backoffRatio: checkRange(name('backoffRatio'), merged.backoffRatio, 0.5, 0.99),
    tolerance: checkRange(name('tolerance'), merged.tolerance, 1, 10),
    smoothing: checkRange(name('smoothing'), merged.smoothing, 0.01, 1),
    latencyThresholdMs: checkNumber(name('latencyThresholdMs'), merged.latencyThresholdMs, 0, true),
  };
}
