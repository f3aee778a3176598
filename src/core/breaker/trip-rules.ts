import type { Clock } from '../clock.ts';
import type { ResolvedCircuitBreakerOptions, ResolvedRateRule } from './circuit-breaker-options.ts';
import { createSlidingWindow } from './create-sliding-window.ts';
import type { SlidingWindow } from './sliding-window.ts';

/** `0.6` as `60%`, `1/3` as `33.3%`. */
const percent = (share: number): string => `${Math.round(share * 1000) / 10}%`;

/**
 * The rules that open a closed circuit: consecutive failures, failure rate and slow-call rate.
 * `record` runs on every call of a hot client: it allocates nothing unless a rule fires, and
 * reads the clock only when a time window needs it.
 */
export class TripRules {
  readonly #maxConsecutive: number;
  readonly #failureRate: ResolvedRateRule | undefined;
  readonly #slowCalls: ResolvedCircuitBreakerOptions['slowCalls'];
  /** Infinity when there is no slow-call rule, so that no call counts as slow. */
  readonly #slowMs: number;
  readonly #rateWindow: SlidingWindow | undefined;
  /** The same object as #rateWindow when the slow-call rule shares it. */
  readonly #slowWindow: SlidingWindow | undefined;
  readonly #clock: Clock | undefined;
  #consecutive = 0;

  constructor(options: ResolvedCircuitBreakerOptions, clock: Clock) {
    this.#maxConsecutive = options.consecutiveFailures;
    this.#failureRate = options.failureRate;
    this.#slowCalls = options.slowCalls;
    this.#slowMs = options.slowCalls?.durationMs ?? Infinity;
    const rateWindow = options.failureRate?.window;
    this.#rateWindow = rateWindow && createSlidingWindow(rateWindow);
    const ownSlowWindow = options.slowCalls?.window;
    this.#slowWindow = ownSlowWindow
      ? createSlidingWindow(ownSlowWindow)
      : this.#slowCalls && this.#rateWindow;
    const timed = [rateWindow, ownSlowWindow].some((window) => window?.type === 'time');
    this.#clock = timed ? clock : undefined;
  }

  /** Whether a call that took `durationMs` counts as slow. */
  isSlow(durationMs: number): boolean {
    return durationMs > this.#slowMs;
  }

  /** Counts one call of the closed circuit; returns why the circuit must open, if it must. */
  record(failed: boolean, durationMs: number): string | undefined {
    const slow = durationMs > this.#slowMs;
    const now = this.#clock ? this.#clock.now() : 0;
    const rateWindow = this.#rateWindow;
    const slowWindow = this.#slowWindow;
    rateWindow?.add(failed, slow, now);
    if (slowWindow !== rateWindow) slowWindow?.add(failed, slow, now);

    if (!failed) {
      this.#consecutive = 0;
    } else if (++this.#consecutive >= this.#maxConsecutive) {
      return `${this.#consecutive} consecutive failures`;
    }
    const failureRate = this.#failureRate;
    if (failureRate && rateWindow && rateWindow.calls >= failureRate.minimumCalls) {
      const rate = rateWindow.failures / rateWindow.calls;
      if (rate >= failureRate.threshold) {
        return `failure rate ${percent(rate)} >= ${percent(failureRate.threshold)} over ${rateWindow.span()}`;
      }
    }
    const slowCalls = this.#slowCalls;
    if (slowCalls && slowWindow && slowWindow.calls >= slowCalls.minimumCalls) {
      const rate = slowWindow.slowCalls / slowWindow.calls;
      if (rate >= slowCalls.threshold) {
        return `slow-call rate ${percent(rate)} >= ${percent(slowCalls.threshold)} over ${slowWindow.span()} (slow: over ${slowCalls.durationMs} ms)`;
      }
    }
    return undefined;
  }

  /** Forgets every call counted so far. */
  clear(): void {
    this.#consecutive = 0;
    this.#rateWindow?.clear();
    if (this.#slowWindow !== this.#rateWindow) this.#slowWindow?.clear();
  }
}
