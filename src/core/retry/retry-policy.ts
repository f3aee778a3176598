import type { Classification } from '../classification.ts';
import type { Clock } from '../clock.ts';
import type { GiveUpReason } from '../pipeline-events.ts';
import type { RandomSource } from '../random.ts';
import { checkInteger, checkKeys, checkNumber } from '../validate.ts';
import { backoffDelay, resolveBackoff, type Backoff } from './backoff.ts';
import { RetryBudget, type RetryBudgetLike, type RetryBudgetOptions } from './retry-budget.ts';

/** Options of the retry policy. */
export interface RetryOptions {
  /** Attempts in all, the first included (1 disables retries). */
  readonly maxAttempts: number;
  readonly backoff: Partial<Backoff>;
  /**
   * A server's Retry-After is honoured, but never beyond this (ms); one that reaches past the
   * call's deadline ends the call at once (give-up reason `deadline`).
   */
  readonly maxRetryAfterMs: number;
  /**
   * The retry budget: options for one of its own, a budget shared with other pipelines (a
   * {@link RetryBudget}, or a fleet's from bulwark/fleet), or false for none.
   */
  readonly budget: Partial<RetryBudgetOptions> | RetryBudgetLike | false;
}

export const defaultRetry: RetryOptions = {
  maxAttempts: 3,
  backoff: {},
  // A server asking for more than this is better answered by failing now.
  maxRetryAfterMs: 30_000,
  budget: {},
};

/** What the policy decided after a failed attempt. */
export type RetryDecision =
  | { readonly retry: true; readonly delayMs: number }
  | { readonly retry: false; readonly reason: GiveUpReason };

/** The facts of one failed attempt that the decision needs. */
export interface FailedAttempt {
  readonly classification: Classification;
  /** 1-based number of the attempt that failed. */
  readonly attempt: number;
  readonly idempotent: boolean;
  /** The delay used before this attempt (0 for the first). */
  readonly previousDelayMs: number;
  /** Time left before the overall deadline, in ms (Infinity when there is none). */
  readonly remainingMs: number;
}

/**
 * Decides whether, and after how long, a failed attempt is tried again. It reads only the
 * classification, never the driver's error.
 */
export class RetryPolicy {
  readonly maxAttempts: number;
  readonly maxRetryAfterMs: number;
  readonly backoff: Backoff;
  readonly budget: RetryBudgetLike | undefined;
  readonly #random: RandomSource;

  constructor(options: Partial<RetryOptions>, deps: { clock: Clock; random: RandomSource }) {
    checkKeys('retry', options, Object.keys(defaultRetry));
    const resolved = { ...defaultRetry, ...options };
    this.maxAttempts = checkInteger('retry.maxAttempts', resolved.maxAttempts, 1);
    this.maxRetryAfterMs = checkNumber('retry.maxRetryAfterMs', resolved.maxRetryAfterMs, 0);
    this.backoff = resolveBackoff(resolved.backoff);
    this.budget =
      resolved.budget === false
        ? undefined
        : isBudget(resolved.budget)
          ? resolved.budget
          : new RetryBudget(resolved.budget, { clock: deps.clock });
    this.#random = deps.random;
  }

  decide(failed: FailedAttempt): RetryDecision {
    const { classification, attempt } = failed;
    if (!classification.retriable) return { retry: false, reason: 'not_retriable' };
    // A non-idempotent operation may have run on the server; only proof that the request
    // never left makes a second attempt safe.
    if (!failed.idempotent && classification.neverSent !== true)
      return { retry: false, reason: 'not_idempotent' };
    if (attempt >= this.maxAttempts) return { retry: false, reason: 'max_attempts' };
    const retryAfterMs = classification.retryAfterMs;
    // A server that asks us to wait past the deadline will not serve this call: an attempt
    // sooner (after maxRetryAfterMs) would only be turned away again, so the call ends now.
    if (retryAfterMs !== undefined && retryAfterMs >= failed.remainingMs)
      return { retry: false, reason: 'deadline' };
    const delayMs =
      retryAfterMs === undefined
        ? backoffDelay(this.backoff, attempt, failed.previousDelayMs, this.#random)
        : Math.min(Math.max(0, retryAfterMs), this.maxRetryAfterMs);
    // No attempt starts that the deadline cannot hold.
    if (delayMs >= failed.remainingMs) return { retry: false, reason: 'deadline' };
    // Asked last, so that a retry refused for another reason spends no token.
    if (this.budget && !this.budget.tryRetry()) return { retry: false, reason: 'budget_exhausted' };
    return { retry: true, delayMs };
  }
}

/** A budget object rather than options for one (by shape: any implementation counts). */
function isBudget(value: Partial<RetryBudgetOptions> | RetryBudgetLike): value is RetryBudgetLike {
  return typeof (value as Partial<RetryBudgetLike>).tryRetry === 'function';
}
