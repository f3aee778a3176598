/** An opaque handle for a timer started by a {@link Clock}. */
export type TimerHandle = unknown;

/**
 * The source of time for every policy. Injected so that unit tests drive timeouts, backoff
 * and breaker transitions with a fake clock instead of waiting, and without patching globals.
 */
export interface Clock {
  /** Monotonic milliseconds. Only differences between two readings are meaningful. */
  now(): number;
  setTimeout(callback: () => void, delayMs: number): TimerHandle;
  clearTimeout(handle: TimerHandle): void;
  /**
   * Whether a timer keeps the process alive (Node's `ref`/`unref`); timers start out holding
   * it. Optional: a clock without it leaves its timers holding the process.
   */
  holdProcess?(handle: TimerHandle, hold: boolean): void;
}

/**
 * The real clock: `performance.now()` (monotonic, unaffected by wall-clock jumps) and Node's
 * timers. Timers are not unref'd: a backoff sleep must keep the process alive, or a script
 * awaiting a retried call would exit in the middle of it.
 */
export const systemClock: Clock = {
  now: () => performance.now(),
  setTimeout: (callback, delayMs) => setTimeout(callback, delayMs),
  clearTimeout: (handle) => {
    clearTimeout(handle as ReturnType<typeof setTimeout>);
  },
  holdProcess: (handle, hold) => {
    const timer = handle as ReturnType<typeof setTimeout>;
    if (hold) timer.ref();
    else timer.unref();
  },
};
