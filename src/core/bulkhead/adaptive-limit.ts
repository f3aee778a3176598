import { systemClock, type Clock } from '../clock.ts';
import {
  resolveAdaptiveLimitOptions,
  type AdaptiveLimitAlgorithm,
  type AdaptiveLimitOptions,
} from './adaptive-limit-options.ts';
import { AimdLimit } from './aimd-limit.ts';
import { GradientLimit } from './gradient-limit.ts';
import type { LimitAlgorithm, LimitSample } from './limit-algorithm.ts';

/** What an {@link AdaptiveLimit} needs from its surroundings. */
export interface AdaptiveLimitDeps {
  /** The source of time, to tell one overload from the next. Default: {@link systemClock}. */
  readonly clock?: Clock | undefined;
}

/**
 * A concurrency limit that follows the upstream: fed one sample per finished call, it rises
 * while calls stay fast and falls when they slow down or are dropped. Pure arithmetic on the
 * samples and the injected clock; it admits nothing itself (see {@link AdaptiveBulkhead}).
 *
 * A drop cuts the limit by `backoffRatio`, but only once per overload: a call that was already
 * running at the last cut was sent into the same overload, and its loss does not cut again
 * (TCP's one reduction per window). Otherwise a burst of timeouts, all from calls sent before
 * the first one came back, would take the limit to its minimum at once.
 */
export class AdaptiveLimit {
  /** The algorithm, after defaults. */
  readonly algorithm: AdaptiveLimitAlgorithm;
  readonly #clock: Clock;
  readonly #next: LimitAlgorithm;
  readonly #minLimit: number;
  readonly #maxLimit: number;
  readonly #backoffRatio: number;
  /** The fractional limit the algorithm works on; `limit` is its integer part. */
  #estimate: number;
  #limit: number;
  #lastCutAt = -Infinity;

  /**
   * @param options - Merged over {@link defaultAdaptiveLimit} and checked here.
   * @throws TypeError naming the option (`bulkhead.adaptive.maxLimit`, ...).
   */
  constructor(options: AdaptiveLimitOptions = {}, deps: AdaptiveLimitDeps = {}) {
    const resolved = resolveAdaptiveLimitOptions(options);
    this.algorithm = resolved.algorithm;
    this.#clock = deps.clock ?? systemClock;
    this.#next =
      resolved.algorithm === 'aimd' ? new AimdLimit(resolved) : new GradientLimit(resolved);
    this.#minLimit = resolved.minLimit;
    this.#maxLimit = resolved.maxLimit;
    this.#backoffRatio = resolved.backoffRatio;
    this.#estimate = resolved.initialLimit;
    this.#limit = resolved.initialLimit;
  }

  /** How many calls may run at once now: an integer from minLimit to maxLimit. */
  get limit(): number {
    return this.#limit;
  }

  /**
   * Moves the limit by one finished call. Feed only calls that ran: a refused call took no
   * time in the upstream and says nothing about it.
   */
  onSample(sample: LimitSample): void {
    // Written as a negation so NaN is skipped too: a broken clock must not break the limit.
    if (!(sample.latencyMs >= 0)) return;
    let next = sample.dropped ? 'backoff' : this.#next.next(this.#estimate, sample);
    if (next === 'backoff') {
      const now = this.#clock.now();
      if (now - sample.latencyMs < this.#lastCutAt) return;
      this.#lastCutAt = now;
      next = this.#estimate * this.#backoffRatio;
    }
    this.#estimate = Math.min(this.#maxLimit, Math.max(this.#minLimit, next));
    this.#limit = Math.floor(this.#estimate);
  }
}
