import type { Clock, TimerHandle } from '../clock.ts';
import type { Subscription } from '../event-bus.ts';
import { mathRandom, type RandomSource } from '../random.ts';
import type { CheckTurns } from './check-turns.ts';
import type { CircuitTransition } from './circuit-state.ts';
import type { ResolvedRecoveryCheck } from './recovery-check.ts';

/** Told of every check's outcome and duration (the pipeline makes it an event). */
export type CheckReport = (outcome: 'answered' | 'failed', durationMs: number) => void;

/** The longest the interval between checks grows to. */
const maxIntervalMs = 60_000;

/** What a recovery check watches: a CircuitBreaker, or a keyed set of them. */
export interface WatchedCircuits {
  readonly transitions: { on(listener: (transition: CircuitTransition) => void): Subscription };
  /** Whether a circuit is open (reading it moves one whose open time is up to half-open). */
  readonly isOpen: boolean;
  /** Lets the next call of an open circuit probe. */
  admitProbes(reason: string): void;
  /** News that the upstream serves again: a breaker closes; a keyed set's open keys probe. */
  closeOnNews(reason: string): void;
}

/** What a {@link RecoveryWatch} is given besides the breaker, its options and the clock. */
export interface RecoveryWatchDeps {
  /** Told of every check's outcome and duration. */
  readonly report?: CheckReport;
  /** Numbers in [0, 1) for the first check's moment (default: Math.random). */
  readonly random?: RandomSource;
}

/** The reason of the half-open transition a successful check makes. */
export const recoveryCheckReason = 'a recovery check reached the service';

/**
 * Runs a {@link ResolvedRecoveryCheck} while `breaker` is open: one check at a time, the
 * first at a random moment within `intervalMs` of the opening, each next one `intervalMs`
 * after the last one started (at once if that one took longer), each aborted at `timeoutMs`.
 * The random start keeps the checks out of step with a fault that comes and goes on a beat
 * (at a fixed moment after each opening, they could find it on every time), and the
 * instances of a fleet that opened together from checking together. The first to succeed
 * moves the breaker to half-open. It stops when the breaker leaves `open` (a probe, the open
 * time elapsing, a reset) and starts again at the next opening. Its timers never hold the
 * process, and `dispose` stops it for good, aborting a check in flight.
 */
export class RecoveryWatch {
  readonly #breaker: WatchedCircuits;
  readonly #options: ResolvedRecoveryCheck;
  readonly #clock: Clock;
  readonly #openings: Subscription;
  readonly #report: CheckReport | undefined;
  readonly #random: RandomSource;
  #running = false;
  #disposed = false;
  /** Whether the last half-open was this watch's doing. */
  #admittedLast = false;
  /** Checks that answered in a row whose probe then failed; each doubles the interval. */
  #misleading = 0;
  #timer: TimerHandle | undefined;
  /** When the last check began: the next may not begin until an interval after it. */
  #lastStartedAt = -Infinity;
  #inFlight: AbortController | undefined;
  /** The fleet's count of closings when this opening began (see CheckTurns); unknown first. */
  #closingsAtOpening: number | undefined;

  constructor(
    breaker: WatchedCircuits,
    options: ResolvedRecoveryCheck,
    clock: Clock,
    deps: RecoveryWatchDeps = {},
  ) {
    this.#breaker = breaker;
    this.#report = deps.report;
    this.#random = deps.random ?? mathRandom;
    this.#options = options;
    this.#clock = clock;
    this.#openings = breaker.transitions.on((transition) => {
      // This instance's probe closed the circuit: the fleet hears it (not a close on news).
      if (transition.from === 'half_open' && transition.to === 'closed') options.turns?.closed();
      if (transition.to === 'closed') this.#misleading = 0;
      if (transition.to !== 'open') return;
      // The service answered our check, yet the call that probed it failed: the check says
      // less than it seemed (a health answer from a service whose calls fail). Check less often.
      if (transition.from === 'half_open' && this.#admittedLast) this.#misleading++;
      this.#admittedLast = false;
      this.#start();
    });
    // A shared breaker may be open already.
    if (breaker.isOpen) this.#start();
  }

  dispose(): void {
    this.#disposed = true;
    this.#openings.dispose();
    if (this.#timer !== undefined) this.#clock.clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#inFlight?.abort(new Error('the client is closing'));
  }

  #start(): void {
    if (this.#running || this.#disposed) return;
    this.#running = true;
    this.#closingsAtOpening = undefined;
    // #checkOnce holds it back until an interval after the last check, of an earlier opening too.
    const firstMs = this.#intervalMs() * (1 - this.#random());
    this.#after(firstMs, () => void this.#checkOnce());
  }

  /** The interval, doubled for every check in a row whose probe failed, up to a minute. */
  #intervalMs(): number {
    return Math.min(this.#options.intervalMs * 2 ** this.#misleading, maxIntervalMs);
  }

  /** The wait before the next check: the interval, less the `spentMs` since the last began. */
  #waitMs(spentMs: number): number {
    return Math.max(0, this.#intervalMs() - spentMs);
  }

  #after(delayMs: number, callback: () => void): TimerHandle {
    const timer = this.#clock.setTimeout(callback, delayMs);
    this.#clock.holdProcess?.(timer, false);
    this.#timer = timer;
    return timer;
  }

  async #checkOnce(): Promise<void> {
    this.#timer = undefined;
    // Reading the state also moves an open breaker whose time is up to half-open.
    if (this.#disposed || !this.#breaker.isOpen) {
      this.#running = false;
      return;
    }
    const started = this.#clock.now();
    // A timer may fire a little early (Node counts from the event loop's cached time, in
    // whole ms), and the interval is a promise: at most one check per interval, however long
    // the outage.
    const notBefore = this.#lastStartedAt + this.#intervalMs();
    if (started < notBefore) {
      this.#after(notBefore - started, () => void this.#checkOnce());
      return;
    }
    this.#lastStartedAt = started;
    const turns = this.#options.turns;
    if (turns !== undefined && !(await this.#myTurn(turns, started))) return;
    const alive = await this.#answers();
    if (this.#disposed) return;
    this.#report?.(alive ? 'answered' : 'failed', this.#clock.now() - started);
    if (alive && this.#breaker.isOpen) {
      this.#admittedLast = true;
      this.#breaker.admitProbes(recoveryCheckReason);
    }
    if (this.#breaker.isOpen) {
      // Checks start an interval apart. One that took longer (it hung in a blackhole) is
      // followed at once: it may have failed only because the link came back under it.
      this.#after(this.#waitMs(this.#clock.now() - started), () => void this.#checkOnce());
    } else {
      this.#running = false;
    }
  }

  /**
   * Asks the fleet whose turn it is. Closes the circuit when another instance closed its own
   * since this one opened; when it is another's turn, the next ask is an interval later.
   * False when this instance does not check now.
   */
  async #myTurn(turns: CheckTurns, started: number): Promise<boolean> {
    const turn = await turns.takeTurn(this.#intervalMs());
    if (this.#disposed) return false;
    if (turn.closings >= 0) {
      const before = this.#closingsAtOpening ?? turn.closings;
      this.#closingsAtOpening = before;
      if (turn.closings !== before) {
        this.#running = false;
        this.#breaker.closeOnNews('another instance of the fleet closed its circuit');
        return false;
      }
    }
    if (turn.mine) return true;
    if (this.#breaker.isOpen) {
      this.#after(this.#waitMs(this.#clock.now() - started), () => void this.#checkOnce());
    } else {
      this.#running = false;
    }
    return false;
  }

  /** One check, raced with its timeout, so that a check that ignores its signal cannot stall us. */
  async #answers(): Promise<boolean> {
    const controller = new AbortController();
    this.#inFlight = controller;
    let timeout: TimerHandle | undefined;
    const timedOut = new Promise<boolean>((resolve) => {
      timeout = this.#clock.setTimeout(() => {
        controller.abort(new DOMException('the recovery check timed out', 'TimeoutError'));
        resolve(false);
      }, this.#options.timeoutMs);
      this.#clock.holdProcess?.(timeout, false);
    });
    let checked: Promise<boolean>;
    try {
      checked = this.#options.check(controller.signal).then(
        () => true,
        () => false,
      );
    } catch {
      checked = Promise.resolve(false);
    }
    const alive = await Promise.race([checked, timedOut]);
    this.#clock.clearTimeout(timeout);
    this.#inFlight = undefined;
    return alive && !controller.signal.aborted;
  }
}
