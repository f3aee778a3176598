import { systemClock, type Clock } from '../clock.ts';
import { EventBus } from '../event-bus.ts';
import { mathRandom, type RandomSource } from '../random.ts';
import { checkFunction } from '../validate.ts';
import {
  resolveCircuitBreakerOptions,
  type CircuitBreakerOptions,
  type ResolvedCircuitBreakerOptions,
} from './circuit-breaker-options.ts';
import type { CircuitState, CircuitStateName, CircuitTransition } from './circuit-state.ts';
import { TripRules } from './trip-rules.ts';

export type { CircuitBreakerOptions } from './circuit-breaker-options.ts';
export type { CircuitState, CircuitStateName, CircuitTransition } from './circuit-state.ts';
export type { SlidingWindowOptions } from './sliding-window.ts';

/** How a call ended, as far as the breaker cares. */
export type CallOutcome = 'success' | 'failure' | 'ignored';

/** What a {@link CircuitBreaker} is given besides its options. */
export interface CircuitBreakerDeps {
  /** The source of time (default: the system clock). */
  readonly clock?: Clock;
  /** Told of every change of state (a shortcut for subscribing to `transitions`). */
  readonly onTransition?: (transition: CircuitTransition) => void;
  /** Numbers in [0, 1) for the open time's jitter (default: Math.random). */
  readonly random?: RandomSource;
}

const closed: CircuitState = Object.freeze({ state: 'closed' });

/**
 * Stops calling an upstream that keeps failing, so it can recover and callers fail fast.
 * CLOSED counts outcomes until a trip rule fires; OPEN rejects every call for the open time;
 * then HALF_OPEN lets a few probes through: their success closes the circuit, a failure opens
 * it again for longer. The breaker owns no timers: OPEN becomes HALF_OPEN when someone next
 * asks. Each call takes a ticket that carries the generation (the count of transitions so
 * far), so an outcome that arrives after the state has moved on cannot move it again.
 */
export class CircuitBreaker {
  readonly #options: ResolvedCircuitBreakerOptions;
  readonly #clock: Clock;
  readonly #random: RandomSource;
  /**
   * Every change of state. Each pipeline that uses this breaker (it may be shared) reports
   * them as its own `breaker` events; a listener that throws becomes a process warning.
   */
  readonly transitions = new EventBus<CircuitTransition>();
  readonly #rules: TripRules;
  #state: CircuitStateName = 'closed';
  #generation = 0;
  #openedAt = 0;
  #openUntil = 0;
  #consecutiveOpenings = 0;
  #probesInFlight = 0;
  #probesSucceeded = 0;
  #isolatedAt = 0;

  constructor(options: CircuitBreakerOptions = {}, deps: CircuitBreakerDeps = {}) {
    this.#options = resolveCircuitBreakerOptions(options);
    this.#clock = deps.clock ?? systemClock;
    this.#random = deps.random ?? mathRandom;
    if (deps.onTransition)
      this.transitions.on(checkFunction('breaker.onTransition', deps.onTransition));
    this.#rules = new TripRules(this.#options, this.#clock);
  }

  /**
   * The state's name as it stands, without the move to half-open that reading `state` makes
   * once the open time is up: for reports, which must not change what they report on.
   */
  get stateName(): CircuitStateName {
    return this.#state;
  }

  /** The current state. If the open time is over, reading it moves the breaker to half_open. */
  get state(): CircuitState {
    this.#halfOpenIfDue();
    switch (this.#state) {
      case 'closed':
        return closed;
      case 'open':
        return {
          state: 'open',
          openedAt: this.#openedAt,
          openUntil: this.#openUntil,
          consecutiveOpenings: this.#consecutiveOpenings,
        };
      case 'half_open':
        return {
          state: 'half_open',
          probesInFlight: this.#probesInFlight,
          probesSucceeded: this.#probesSucceeded,
        };
      case 'isolated':
        return { state: 'isolated', isolatedAt: this.#isolatedAt };
    }
  }

  /**
   * Asks to make a call: a ticket (>= 0) to pass to {@link record} when it may go out (in
   * HALF_OPEN it takes a probe slot), or -1 when it must be rejected (open, isolated, or
   * every probe slot busy). Never throws; allocates nothing while closed.
   */
  tryEnter(): number {
    const state = this.#state;
    if (state === 'closed') return this.#generation;
    if (state === 'isolated') return -1;
    if (state === 'open') {
      if (this.#clock.now() < this.#openUntil) return -1;
      this.#halfOpen();
    }
    if (this.#probesInFlight >= this.#options.halfOpenProbes) return -1;
    this.#probesInFlight++;
    return this.#generation;
  }

  /** Whether the circuit is open; if the open time is over, reading it moves it to half_open. */
  get isOpen(): boolean {
    this.#halfOpenIfDue();
    return this.#state === 'open';
  }

  /** How long a call that finds the circuit open may wait for it (`waitWhileOpenMs`). */
  get waitWhileOpenMs(): number {
    return this.#options.waitWhileOpenMs;
  }

  /** Whether {@link record} uses `durationMs` (a slow-call rule is set); callers may skip timing otherwise. */
  get measuresDuration(): boolean {
    return this.#options.slowCalls !== undefined;
  }

  /** Milliseconds until a probe would be admitted: 0 unless open, Infinity while isolated. */
  get retryAfterMs(): number {
    if (this.#state === 'isolated') return Infinity;
    if (this.#state !== 'open') return 0;
    return Math.max(0, this.#openUntil - this.#clock.now());
  }

  /**
   * Reports how the call that got `ticket` ended. `ignored` (the caller aborted, a client
   * error, a later policy rejected it) frees a probe slot without counting. An outcome whose
   * ticket predates the last transition is dropped. `durationMs` feeds the slow-call rule.
   */
  record(ticket: number, outcome: CallOutcome, durationMs: number): void {
    if (ticket !== this.#generation) return;
    if (this.#state === 'closed') {
      if (outcome === 'ignored') return;
      const reason = this.#rules.record(outcome === 'failure', durationMs);
      if (reason !== undefined) this.#open(reason);
    } else if (this.#state === 'half_open') {
      this.#recordProbe(outcome, durationMs);
    }
  }

  /**
   * Ends the open time early: an open circuit goes half-open now, so the next call probes.
   * For news that the upstream answers again (a recovery check); ignored in any other state.
   */
  admitProbes(reason: string): void {
    if (this.#state === 'open') this.#moveTo('half_open', reason);
  }

  /**
   * Closes an open or half-open circuit on news that the upstream serves again (another
   * instance of the fleet closed its circuit after a probe); ignored when closed or isolated.
   */
  closeOnNews(reason: string): void {
    if (this.#state !== 'open' && this.#state !== 'half_open') return;
    this.#rules.clear();
    this.#consecutiveOpenings = 0;
    this.#moveTo('closed', reason);
  }

  /** Forces the circuit open (state `isolated`) until {@link reset}; no probes are let through. */
  isolate(): void {
    if (this.#state === 'isolated') return;
    this.#isolatedAt = this.#clock.now();
    this.#moveTo('isolated', 'isolated manually');
  }

  /** Closes the circuit and forgets every count, window and past opening. */
  reset(): void {
    this.#rules.clear();
    this.#consecutiveOpenings = 0;
    // Bumps the generation even when already closed, so calls made before the reset don't count.
    this.#moveTo('closed', 'reset manually');
  }

  #recordProbe(outcome: CallOutcome, durationMs: number): void {
    if (this.#probesInFlight > 0) this.#probesInFlight--;
    if (outcome === 'ignored') return;
    if (outcome === 'failure') return this.#open('probe failed');
    if (this.#rules.isSlow(durationMs)) return this.#open(`probe too slow (${durationMs} ms)`);
    if (++this.#probesSucceeded < this.#options.halfOpenProbes) return;
    this.#rules.clear();
    this.#consecutiveOpenings = 0;
    const probes = this.#probesSucceeded;
    this.#moveTo('closed', probes === 1 ? '1 probe succeeded' : `${probes} probes succeeded`);
  }

  #open(reason: string): void {
    const { openDurationMs, openBackoff } = this.#options;
    const openings = ++this.#consecutiveOpenings;
    const baseMs = openBackoff
      ? Math.min(
          openDurationMs * openBackoff.multiplier ** (openings - 1),
          openBackoff.maxDurationMs,
        )
      : openDurationMs;
    const durationMs = baseMs * (1 + this.#options.openJitter * (2 * this.#random() - 1));
    this.#openedAt = this.#clock.now();
    this.#openUntil = this.#openedAt + durationMs;
    this.#moveTo('open', reason);
  }

  /** An open circuit whose open time is up moves to half_open as soon as anyone looks. */
  #halfOpenIfDue(): void {
    if (this.#state === 'open' && this.#clock.now() >= this.#openUntil) this.#halfOpen();
  }

  #halfOpen(): void {
    this.#moveTo('half_open', `open for ${this.#openUntil - this.#openedAt} ms`);
  }

  #moveTo(to: CircuitStateName, reason: string): void {
    const from = this.#state;
    this.#state = to;
    this.#generation++;
    this.#probesInFlight = 0;
    this.#probesSucceeded = 0;
    if (from !== to && this.transitions.observed) this.transitions.emit({ from, to, reason });
  }
}
