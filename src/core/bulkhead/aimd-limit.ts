import type { LimitAlgorithm, LimitSample } from './limit-algorithm.ts';

/**
 * Additive increase, multiplicative decrease, as TCP's congestion avoidance: the limit grows by
 * one for each limit's worth of calls faster than `latencyThresholdMs`, and is cut (by the
 * {@link AdaptiveLimit}, with `backoffRatio`) on a drop or a slower call. The simple fallback
 * when latency is too noisy for the gradient.
 */
export class AimdLimit implements LimitAlgorithm {
  readonly #latencyThresholdMs: number;
  /** Good calls since the limit last grew. */
  #credit = 0;

  constructor(options: { readonly latencyThresholdMs: number }) {
    this.#latencyThresholdMs = options.latencyThresholdMs;
  }

  next(estimate: number, sample: LimitSample): number | 'backoff' {
    if (sample.latencyMs > this.#latencyThresholdMs) {
      this.#credit = 0;
      return 'backoff';
    }
    // With fewer than half the slots in use, a fast call proves nothing about a higher limit.
    if (sample.inflight < estimate / 2) return estimate;
    this.#credit++;
    if (this.#credit < Math.floor(estimate)) return estimate;
    this.#credit = 0;
    return estimate + 1;
  }
}
