import { systemClock, type Clock } from '../clock.ts';
import { checkKeys, checkNumber, checkRange } from '../validate.ts';

/**
 * What the retry policy asks of a budget: told of every call, asked before every retry. Both
 * answer at once (no I/O on a call's path): a budget shared by a fleet syncs in the background.
 */
export interface RetryBudgetLike {
  /** Counts one call (its first attempt). */
  onCall(): void;
  /** Takes the budget for one retry; false when it is spent. */
  tryRetry(): boolean;
}

/** Options of a {@link RetryBudget}. */
export interface RetryBudgetOptions {
  /** Retries may add at most this fraction of the call rate (0.2: one retry per five calls). */
  readonly ratio: number;
  /** A floor, so that a quiet upstream still gets a few retries per second. */
  readonly minRetriesPerSecond: number;
  /** The most retries the budget can save up for a burst. */
  readonly maxTokens: number;
}

export const defaultRetryBudget: RetryBudgetOptions = {
  ratio: 0.2,
  minRetriesPerSecond: 10,
  maxTokens: 100,
};

/**
 * A token bucket shared by every call to one upstream: each call deposits `ratio` of a token,
 * time adds `minRetriesPerSecond` tokens a second, and each retry takes one. During an outage
 * the retries therefore add at most `ratio` (plus the floor) to the traffic, instead of
 * multiplying it by the number of attempts.
 */
export class RetryBudget implements RetryBudgetLike {
  readonly options: RetryBudgetOptions;
  readonly #clock: Clock;
  #tokens: number;
  #refilledAt: number;

  constructor(options: Partial<RetryBudgetOptions> = {}, deps: { clock?: Clock } = {}) {
    checkKeys('retry.budget', options, Object.keys(defaultRetryBudget));
    const resolved = { ...defaultRetryBudget, ...options };
    checkRange('retry.budget.ratio', resolved.ratio, 0, 1);
    checkNumber('retry.budget.minRetriesPerSecond', resolved.minRetriesPerSecond, 0);
    checkNumber('retry.budget.maxTokens', resolved.maxTokens, 1);
    this.options = Object.freeze(resolved);
    this.#clock = deps.clock ?? systemClock;
    this.#tokens = resolved.maxTokens;
    this.#refilledAt = this.#clock.now();
  }

  /** Counts one call (its first attempt). Cheap: no clock read on this path. */
  onCall(): void {
    this.#tokens = Math.min(this.options.maxTokens, this.#tokens + this.options.ratio);
  }

  /** Takes a token for one retry; false when the budget is spent. */
  tryRetry(): boolean {
    this.#refill();
    if (this.#tokens < 1) return false;
    this.#tokens -= 1;
    return true;
  }

  /** Tokens available now (for tests and diagnostics). */
  get available(): number {
    this.#refill();
    return this.#tokens;
  }

  #refill(): void {
    const now = this.#clock.now();
    const earned = ((now - this.#refilledAt) / 1_000) * this.options.minRetriesPerSecond;
    this.#tokens = Math.min(this.options.maxTokens, this.#tokens + earned);
    this.#refilledAt = now;
  }
}
