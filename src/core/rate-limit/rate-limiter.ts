import type { CallContext } from '../pipeline-events.ts';

/** What a limiter is told of the call it paces: enough to choose a per-key limit. */
export interface RateLimitedCall {
  readonly operation: string;
  readonly context?: CallContext | undefined;
}

/**
 * What the pipeline asks of a rate limiter. Kept to one method that may answer synchronously or
 * asynchronously, so an in-process bucket answers the common case without a promise while a
 * distributed limiter (one round trip to Redis) can implement the same contract.
 */
export interface RateLimiter {
  /**
   * Takes one permit. Returns (or resolves to) 0 when the permit was granted, or, when it cannot
   * be granted within `maxWaitMs`, the number of ms until one could be had (> 0), without taking
   * anything; the caller then rejects the call. Waiting is FIFO and abortable: if `signal` aborts
   * while waiting, the returned promise rejects with `signal.reason` and the permit is given back.
   * The immediate grant must be a plain `0` (no promise) so the hot path allocates nothing.
   *
   * @param maxWaitMs - How long the caller is willing to wait; 0 means never wait ("reject mode").
   * @param signal - The caller's abort signal; an already-aborted signal rejects at once.
   * @param call - The call the permit is for: a limiter with one limit per tenant or account
   *   picks the key from it.
   */
  acquire(
    maxWaitMs: number,
    signal?: AbortSignal,
    call?: RateLimitedCall,
  ): number | Promise<number>;
}
