import type { Clock, TimerHandle } from './clock.ts';

/**
 * A timeout waiting in a {@link TimeoutScheduler}. An object that is its own entry (an attempt
 * under way) costs the scheduler no allocation at all.
 */
export interface ScheduledTimeout {
  /** Clock reading at which it fires. */
  readonly at: number;
  /** Set by the scheduler when it is cancelled or has fired. */
  done: boolean;
  /** Called once, when the clock reaches `at`. */
  expire(): void;
}

// Rebuild the heap once cancelled entries outnumber live ones by this factor (and this count),
// so long-running concurrency cannot pile up dead entries.
const compactionFactor = 2;
const compactionFloor = 1_024;

/**
 * Many timeouts on one real timer. A per-attempt `setTimeout` costs about a microsecond when
 * it is the only timer of its duration (Node builds and tears down a timer list each time),
 * more than everything else a call does. The scheduler keeps its timeouts in a min-heap and
 * arms a single clock timer for the earliest one.
 *
 * Arming waits for the current macrotask to end (`setImmediate`): a call that settles within it
 * never needs a timer, and a burst of calls arms one. When the last timeout is cancelled the
 * timer is not cleared but let go of the process (`unref`): calls one after another over real
 * I/O then share one timer, taken back (`ref`) by the next call, rather than clearing and
 * re-creating it, or checking on the next turn whether calls stopped (a `setImmediate` per
 * call, which costs an extra turn of the event loop). Once calls stop, the timer holds nothing
 * alive; it fires once, finds nothing due, and is gone.
 */
export class TimeoutScheduler {
  readonly #clock: Clock;
  #heap: ScheduledTimeout[] = [];
  #live = 0;
  #timer: TimerHandle | undefined;
  #timerAt = Infinity;
  #armPending = false;

  constructor(clock: Clock) {
    this.#clock = clock;
  }

  /** The clock's reading, which `at` is measured on. */
  now(): number {
    return this.#clock.now();
  }

  /** Timeouts scheduled and neither fired nor cancelled. */
  get size(): number {
    return this.#live;
  }

  /** Runs `callback` when the clock reaches `at`, unless cancelled first. */
  schedule(at: number, callback: () => void): ScheduledTimeout {
    const entry: ScheduledTimeout = { at, done: false, expire: callback };
    this.add(entry);
    return entry;
  }

  /** Calls `entry.expire()` when the clock reaches `entry.at`, unless cancelled first. */
  add(entry: ScheduledTimeout): void {
    entry.done = false;
    this.#push(entry);
    const timer = this.#timer;
    if (this.#live++ === 0 && timer !== undefined) this.#clock.holdProcess?.(timer, true);
    if (timer === undefined) {
      if (!this.#armPending) {
        this.#armPending = true;
        setImmediate(this.#armDeferred);
      }
    } else if (entry.at < this.#timerAt) {
      this.#arm();
    }
  }

  /** Cancels a timeout; a no-op if it already fired or was cancelled. */
  cancel(entry: ScheduledTimeout): void {
    if (entry.done) return;
    entry.done = true;
    if (--this.#live === 0) {
      this.#heap = [];
      if (this.#timer !== undefined) this.#clock.holdProcess?.(this.#timer, false);
    } else if (
      this.#heap.length > compactionFloor &&
      this.#heap.length > this.#live * (compactionFactor + 1)
    ) {
      this.#compact();
    }
  }

  readonly #armDeferred = (): void => {
    this.#armPending = false;
    if (this.#live > 0 && this.#timer === undefined) this.#arm();
  };

  readonly #fire = (): void => {
    this.#timer = undefined;
    this.#timerAt = Infinity;
    const now = this.#clock.now();
    for (let head = this.#heap[0]; head && (head.done || head.at <= now); head = this.#heap[0]) {
      this.#pop();
      if (head.done) continue;
      head.done = true;
      this.#live--;
      head.expire();
    }
    if (this.#live > 0) this.#arm();
    else this.#heap = [];
  };

  #arm(): void {
    while (this.#heap[0]?.done) this.#pop();
    const head = this.#heap[0];
    if (!head) return this.#disarm();
    this.#disarm();
    this.#timerAt = head.at;
    this.#timer = this.#clock.setTimeout(this.#fire, Math.max(0, head.at - this.#clock.now()));
  }

  #disarm(): void {
    if (this.#timer !== undefined) this.#clock.clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#timerAt = Infinity;
  }

  #compact(): void {
    const live = this.#heap.filter((entry) => !entry.done);
    this.#heap = [];
    for (const entry of live) this.#push(entry);
  }

  #push(entry: ScheduledTimeout): void {
    const heap = this.#heap;
    let i = heap.push(entry) - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const above = heap[parent] as ScheduledTimeout;
      if (above.at <= entry.at) break;
      heap[i] = above;
      i = parent;
    }
    heap[i] = entry;
  }

  #pop(): void {
    const heap = this.#heap;
    const last = heap.pop();
    if (!last || heap.length === 0) return;
    let i = 0;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= heap.length) break;
      const right = left + 1;
      const child =
        right < heap.length &&
        (heap[right] as ScheduledTimeout).at < (heap[left] as ScheduledTimeout).at
          ? right
          : left;
      const below = heap[child] as ScheduledTimeout;
      if (below.at >= last.at) break;
      heap[i] = below;
      i = child;
    }
    heap[i] = last;
  }
}
