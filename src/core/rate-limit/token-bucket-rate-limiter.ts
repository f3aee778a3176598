import type { Clock, TimerHandle } from '../clock.ts';
import { systemClock } from '../clock.ts';
import { checkKeys, checkNumber } from '../validate.ts';
import type { RateLimiter } from './rate-limiter.ts';
import { InvalidOptionError } from '../error-catalogue.ts';

/** Options of a {@link TokenBucketRateLimiter}. */
export interface TokenBucketOptions {
  /** Permits added per second, continuously rather than in steps. Must be > 0. */
  readonly ratePerSecond: number;
  /** Most permits that can be taken at once after an idle spell. Default: max(1, ratePerSecond). */
  readonly burst?: number;
}

/** What a {@link TokenBucketRateLimiter} needs from its surroundings. */
export interface TokenBucketDeps {
  /** The source of time. Default: {@link systemClock}. */
  readonly clock?: Clock;
}

interface Waiter {
  readonly resolve: (value: number) => void;
  readonly reject: (reason: unknown) => void;
  readonly signal: AbortSignal | undefined;
  readonly onAbort: () => void;
}

/**
 * Refill is continuous, so a timer set for the exact moment a token is whole can wake to
 * 0.999999999 of one through floating-point rounding; without this slack it would re-arm a
 * zero-length timer instead of granting.
 */
const EPSILON = 1e-9;

/**
 * Node turns a timer longer than 2^31-1 ms into a 1 ms one. Longer waits are slept in steps:
 * a timer that wakes early just finds too few tokens and re-arms.
 */
const MAX_TIMER_MS = 2 ** 31 - 1;

const KNOWN_OPTIONS = ['ratePerSecond', 'burst'] as const;

/**
 * An in-process token bucket. Tokens refill continuously at `ratePerSecond` up to `burst`; a
 * caller that finds a whole token takes it and gets a plain `0`. Otherwise it joins a FIFO queue
 * served by a single timer, so a newcomer never overtakes a waiter and the wait each caller is
 * quoted, (tokens still owed to the queue ahead + 1) / rate, is the wait it gets. A waiter takes
 * its token only when served, so one that aborts has nothing to give back and the waiters behind
 * it are served sooner.
 */
export class TokenBucketRateLimiter implements RateLimiter {
  readonly #clock: Clock;
  readonly #burst: number;
  readonly #tokensPerMs: number;
  #tokens: number;
  #refilledAt: number;
  readonly #waiters: Waiter[] = [];
  #timer: TimerHandle;
  #timerArmed = false;

  /**
   * @param options - The rate and burst; checked here, so a bad value fails at start-up.
   * @param deps - Injected collaborators (the clock).
   * @throws TypeError naming the option (`rateLimit.ratePerSecond`, `rateLimit.burst`).
   */
  constructor(options: TokenBucketOptions, deps: TokenBucketDeps = {}) {
    checkKeys('rateLimit', options, KNOWN_OPTIONS);
    const rate = checkNumber('rateLimit.ratePerSecond', options.ratePerSecond, 0);
    if (rate === 0) {
      throw new InvalidOptionError(
        'bulwark: option rateLimit.ratePerSecond must be a number > 0 (got 0)',
      );
    }
    this.#burst =
      options.burst === undefined
        ? Math.max(1, rate)
        : checkNumber('rateLimit.burst', options.burst, 1);
    this.#tokensPerMs = rate / 1000;
    this.#clock = deps.clock ?? systemClock;
    // Start full: a freshly started process may serve one burst at once, as after any idle spell.
    this.#tokens = this.#burst;
    this.#refilledAt = this.#clock.now();
  }

  /** {@inheritDoc RateLimiter.acquire} */
  acquire(maxWaitMs: number, signal?: AbortSignal): number | Promise<number> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    this.#refill();
    // A late timer may leave waiters queued although their tokens are here; serve them first.
    if (this.#waiters.length > 0) this.#serveReady();
    if (this.#waiters.length === 0 && this.#tokens >= 1 - EPSILON) {
      this.#tokens -= 1;
      return 0;
    }
    // Here tokens < 1 or someone is queued (which implies tokens < 1), so the wait is > 0.
    const waitMs = (this.#waiters.length + 1 - this.#tokens) / this.#tokensPerMs;
    // Written as a negation so that a NaN or negative maxWaitMs means "do not wait".
    if (!(waitMs <= maxWaitMs)) return Math.ceil(waitMs);
    return new Promise<number>((resolve, reject) => {
      const waiter: Waiter = { resolve, reject, signal, onAbort: () => this.#abandon(waiter) };
      this.#waiters.push(waiter);
      signal?.addEventListener('abort', waiter.onAbort, { once: true });
      this.#arm();
    });
  }

  #refill(): void {
    const now = this.#clock.now();
    const refilled = this.#tokens + (now - this.#refilledAt) * this.#tokensPerMs;
    this.#tokens = Math.min(this.#burst, refilled);
    this.#refilledAt = now;
  }

  /** Grants whole tokens to the queue in order; disarms the timer once nobody is left. */
  #serveReady(): void {
    while (this.#tokens >= 1 - EPSILON) {
      const waiter = this.#waiters.shift();
      if (waiter === undefined) break;
      this.#tokens -= 1;
      waiter.signal?.removeEventListener('abort', waiter.onAbort);
      waiter.resolve(0);
    }
    if (this.#waiters.length === 0) this.#disarm();
  }

  /** Sets the one timer for the moment the next token is whole (it depends on no waiter). */
  #arm(): void {
    if (this.#timerArmed || this.#waiters.length === 0) return;
    const delayMs = Math.min(MAX_TIMER_MS, (1 - this.#tokens) / this.#tokensPerMs);
    this.#timerArmed = true;
    this.#timer = this.#clock.setTimeout(this.#onTimer, delayMs);
  }

  #disarm(): void {
    if (!this.#timerArmed) return;
    this.#timerArmed = false;
    this.#clock.clearTimeout(this.#timer);
  }

  readonly #onTimer = (): void => {
    this.#timerArmed = false;
    this.#refill();
    this.#serveReady();
    this.#arm();
  };

  #abandon(waiter: Waiter): void {
    const index = this.#waiters.indexOf(waiter);
    if (index === -1) return;
    this.#waiters.splice(index, 1);
    if (this.#waiters.length === 0) this.#disarm();
    waiter.reject(waiter.signal?.reason);
  }
}
