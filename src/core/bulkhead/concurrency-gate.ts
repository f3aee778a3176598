/**
 * How one call that held a slot went, for a gate whose limit follows the upstream's latency.
 */
export interface LatencySample {
  /** How long the call held its slot, in ms (attempts, backoff and waits included). */
  readonly latencyMs: number;
  /**
   * Whether the call was a sign of overload: it ran out of time, or the upstream said it was
   * overloaded. Its latency is a lower bound only, so an adaptive limit treats it as a loss.
   */
  readonly dropped: boolean;
}

/**
 * What the pipeline needs of a bulkhead, fixed ({@link Bulkhead}) or adaptive
 * ({@link AdaptiveBulkhead}), so it can hold either.
 */
export interface ConcurrencyGate {
  /**
   * Takes a slot. `true`: taken now. `false`: full, refused at once (`bulkhead_full`). A
   * promise: queued; resolves `true` when a slot is handed over, `false` when `maxWaitMs`
   * elapsed first, and rejects with `signal.reason` when `signal` aborts.
   *
   * Every `true`, whether returned or resolved, must be matched by one `leave`.
   */
  enter(maxWaitMs: number, signal?: AbortSignal): boolean | Promise<boolean>;
  /**
   * Frees a slot. `sample` says how the call went; a fixed bulkhead ignores it, an adaptive
   * one moves its limit by it. Without it the slot is freed and the limit stays as it is.
   */
  leave(sample?: LatencySample): void;
  /** How many slots are taken. */
  readonly running: number;
  /** How many callers wait for a slot. */
  readonly queued: number;
  /**
   * How many times `enter` found every slot and the queue taken (`false`), since the gate was
   * made: a count that moved tells a hedge that the gate has no slot to spare.
   */
  readonly refused: number;
}
