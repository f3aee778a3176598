/** One measured call, as an adaptive limit takes it. */
export interface LimitSample {
  /** How long the call took, in ms. */
  readonly latencyMs: number;
  /** How many calls were running when it ended, itself included. */
  readonly inflight: number;
  /** Whether it ended in a sign of overload (a timeout, a throttled answer). */
  readonly dropped: boolean;
}

/**
 * One way of moving an adaptive limit (gradient, AIMD). The {@link AdaptiveLimit} around it
 * handles drops, the cut and the bounds, so an algorithm only says where the limit goes next.
 */
export interface LimitAlgorithm {
  /**
   * The next (fractional) limit after a call that was not dropped, or `'backoff'` when the
   * algorithm reads the call itself as a sign of overload.
   */
  next(estimate: number, sample: LimitSample): number | 'backoff';
}
