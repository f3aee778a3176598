import type { CircuitBreaker } from '../breaker/circuit-breaker.ts';
import type { ConcurrencyGate } from '../bulkhead/concurrency-gate.ts';
import type { Clock } from '../clock.ts';
import { RetryBudget, type RetryBudgetLike } from '../retry/retry-budget.ts';
import type { HedgeOptions } from './hedge-options.ts';
import { LatencyWindow } from './latency-window.ts';

/** Samples per operation the hedge delay is taken from. */
const WINDOW_SIZE = 256;
/**
 * Operations timed at once. Operation names are few by design (`query`, `getObject`); the
 * cap only guards memory against a caller who puts ids in them.
 */
const MAX_OPERATIONS = 64;

/** What the hedge policy noted when a round started, to weigh its hedge by. */
export interface RoundStart {
  /** The bulkhead's count of refusals then. */
  readonly refused: number;
}

/**
 * When to hedge a call, and whether it may: the recent answer times of each operation, and
 * the hedges' own budget on top of the retry budget they also draw from.
 */
export class HedgePolicy {
  readonly options: HedgeOptions;
  readonly #windows = new Map<string, LatencyWindow>();
  readonly #allowance: RetryBudget;
  readonly #retryBudget: RetryBudgetLike | undefined;
  readonly #gate: ConcurrencyGate | undefined;
  readonly #room: (() => boolean) | undefined;
  /** When each hedge sent and not yet settled was sent (clock readings). */
  readonly #unanswered: number[] = [];
  /** When the latest answer came (clock reading). */
  #answeredAt = -Infinity;
  readonly #clock: Clock;

  constructor(
    options: HedgeOptions,
    deps: {
      readonly clock: Clock;
      readonly retryBudget: RetryBudgetLike | undefined;
      readonly gate: ConcurrencyGate | undefined;
      readonly room?: (() => boolean) | undefined;
    },
  ) {
    this.options = options;
    // A token bucket filled by calls only: no floor, so hedges stay a share of the traffic.
    this.#allowance = new RetryBudget(
      { ratio: options.ratio, minRetriesPerSecond: 0, maxTokens: options.maxTokens },
      { clock: deps.clock },
    );
    this.#retryBudget = deps.retryBudget;
    this.#gate = deps.gate;
    this.#room = deps.room;
    this.#clock = deps.clock;
  }

  /**
   * An attempt that may be hedged has been sent. Each earns the hedges' share of traffic; the
   * calls a bulkhead, a breaker or a rate limiter refused never reached the upstream, and earn
   * none. Returns what the hedge, if any, is weighed by.
   */
  roundStarted(): RoundStart {
    this.#allowance.onCall();
    return { refused: this.#gate?.refused ?? 0 };
  }

  /** Times one answer of `operation`. */
  record(operation: string, ms: number): void {
    this.#answeredAt = this.#clock.now();
    let window = this.#windows.get(operation);
    if (window === undefined) {
      if (this.#windows.size >= MAX_OPERATIONS) return;
      window = new LatencyWindow(WINDOW_SIZE, this.options.percentile);
      this.#windows.set(operation, window);
    }
    window.record(ms);
  }

  /**
   * How long an attempt of `operation` may go unanswered before it is hedged; undefined when
   * it is not to be (too few answers timed yet, or no time for a hedge within `timeoutMs`).
   */
  delayFor(operation: string, timeoutMs: number): number | undefined {
    const window = this.#windows.get(operation);
    if (window === undefined || window.count < this.options.minSamples) return undefined;
    const delayMs = Math.max(this.options.floorMs, window.value);
    return delayMs < timeoutMs ? delayMs : undefined;
  }

  /**
   * Takes the budget for one hedge sent `delayMs` after its attempt: only while the call's
   * `breaker` is closed (a hedge is no probe), not when an earlier hedge has gone unanswered for that long
   * while nothing else answered either (the upstream is then not slow in its tail but stuck,
   * and more would only add to its load: a blackhole's first second), when the client has a
   * connection free for it (`hedgeRoom`), when both the hedges' share and the retry budget
   * have a token, and when the bulkhead has refused nobody since the round started and has a
   * slot free: the hedge holds one until it settles, so hedges never take the upstream past
   * the bulkhead's cap, nor a slot a call would have had (a bulkhead that refuses is at its
   * cap: at an adaptive limit, the upstream is overloaded, not slow now and then). Returns
   * when it was taken, to give back to {@link settled} once the hedge settled (or was not sent
   * after all); undefined for no.
   */
  tryHedge(
    delayMs: number,
    round: RoundStart,
    breaker: CircuitBreaker | undefined,
  ): number | undefined {
    const now = this.#clock.now();
    const oldest = this.#unanswered[0];
    const stuck = oldest !== undefined && now - oldest > delayMs;
    if (stuck && now - this.#answeredAt > delayMs) return undefined;
    if (breaker !== undefined && breaker.stateName !== 'closed') return undefined;
    if (this.#room !== undefined && !this.#room()) return undefined;
    if (this.#allowance.available < 1) return undefined;
    // Never queued: with no time to wait, a full gate answers false (or a promise of it).
    const gate = this.#gate;
    if (gate !== undefined && (gate.refused !== round.refused || gate.enter(0) !== true)) {
      return undefined;
    }
    if (
      (this.#retryBudget !== undefined && !this.#retryBudget.tryRetry()) ||
      !this.#allowance.tryRetry()
    ) {
      gate?.leave();
      return undefined;
    }
    // Sent in order, so the oldest is first.
    this.#unanswered.push(now);
    return now;
  }

  /** The hedge taken at `takenAt` by {@link tryHedge} has settled, or was never sent. */
  settled(takenAt: number): void {
    const index = this.#unanswered.indexOf(takenAt);
    if (index === -1) return;
    this.#unanswered.splice(index, 1);
    this.#gate?.leave();
  }
}
