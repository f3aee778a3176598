import type { Clock, TimerHandle } from './clock.ts';
import { InvalidStateError } from './error-catalogue.ts';

interface FakeTimer {
  readonly id: number;
  readonly at: number;
  readonly callback: () => void;
}

/**
 * Lets every promise callback that is already queued run before the next timer fires. Two
 * event-loop turns: work deferred to `setImmediate` by the code under test (the timeout
 * scheduler arms its timer that way) gets its turn too.
 */
const settle = async (): Promise<void> => {
  await new Promise((resolve) => setImmediate(resolve));
  await new Promise((resolve) => setImmediate(resolve));
};

/**
 * A {@link Clock} that only moves when told to. `advance` fires due timers in order and lets
 * the promise callbacks they trigger run in between, so a test can step a retry loop, a
 * breaker or a rate limiter through time exactly and without waiting.
 */
export class FakeClock implements Clock {
  #now: number;
  #nextId = 1;
  #timers: FakeTimer[] = [];
  /** Timers that no longer hold the process. */
  readonly #released = new Set<number>();

  constructor(start = 0) {
    this.#now = start;
  }

  now(): number {
    return this.#now;
  }

  setTimeout(callback: () => void, delayMs: number): TimerHandle {
    const timer = { id: this.#nextId++, at: this.#now + Math.max(0, delayMs), callback };
    this.#timers.push(timer);
    return timer.id;
  }

  clearTimeout(handle: TimerHandle): void {
    this.#timers = this.#timers.filter((timer) => timer.id !== handle);
    this.#released.delete(handle as number);
  }

  holdProcess(handle: TimerHandle, hold: boolean): void {
    if (hold) this.#released.delete(handle as number);
    else this.#released.add(handle as number);
  }

  /**
   * How many timers are waiting to fire and would keep a process alive (as Node counts active
   * timers): one let go with `holdProcess(handle, false)` still fires, but is not counted.
   */
  get pendingTimers(): number {
    return this.#timers.filter((timer) => !this.#released.has(timer.id)).length;
  }

  /** Moves time forward by `ms`, firing every timer that falls due on the way. */
  async advance(ms: number): Promise<void> {
    const target = this.#now + ms;
    await settle();
    for (;;) {
      const next = this.#nextDue(target);
      if (!next) break;
      this.#timers = this.#timers.filter((timer) => timer !== next);
      this.#released.delete(next.id);
      this.#now = next.at;
      next.callback();
      await settle();
    }
    this.#now = target;
    await settle();
  }

  /** Fires timers until none is left (at most `limit`, to catch a loop that never ends). */
  async runAll(limit = 1_000): Promise<void> {
    for (let fired = 0; this.#timers.length > 0; fired++) {
      if (fired >= limit)
        throw new InvalidStateError(
          `FakeClock.runAll: still ${this.#timers.length} timers after ${limit}`,
        );
      const next = this.#nextDue(Infinity);
      if (!next) break;
      await this.advance(next.at - this.#now);
    }
  }

  #nextDue(until: number): FakeTimer | undefined {
    let next: FakeTimer | undefined;
    for (const timer of this.#timers) {
      if (
        timer.at <= until &&
        (!next || timer.at < next.at || (timer.at === next.at && timer.id < next.id))
      ) {
        next = timer;
      }
    }
    return next;
  }
}
