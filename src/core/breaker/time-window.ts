import { countOfCalls, type SlidingWindow } from './sliding-window.ts';

/**
 * The calls of the last `durationMs`, counted in `buckets` fixed slices of time. A slice is
 * forgotten as a whole once it is `durationMs` old, so the window covers between
 * `durationMs - durationMs / buckets` and `durationMs` of history: coarser than a log of
 * every call, but constant in memory however hot the client.
 */
export class TimeWindow implements SlidingWindow {
  readonly #durationMs: number;
  readonly #bucketMs: number;
  readonly #bucketCalls: Uint32Array;
  readonly #bucketFailures: Uint32Array;
  readonly #bucketSlow: Uint32Array;
  /** The number of the newest slice since time 0 (-Infinity: nothing counted yet). */
  #head = -Infinity;
  #calls = 0;
  #failures = 0;
  #slowCalls = 0;

  constructor(durationMs: number, buckets: number) {
    this.#durationMs = durationMs;
    this.#bucketMs = durationMs / buckets;
    this.#bucketCalls = new Uint32Array(buckets);
    this.#bucketFailures = new Uint32Array(buckets);
    this.#bucketSlow = new Uint32Array(buckets);
  }

  get calls(): number {
    return this.#calls;
  }

  get failures(): number {
    return this.#failures;
  }

  get slowCalls(): number {
    return this.#slowCalls;
  }

  add(failed: boolean, slow: boolean, now: number): void {
    this.roll(now);
    const at = this.#slot(this.#head);
    this.#bucketCalls[at] = (this.#bucketCalls[at] ?? 0) + 1;
    this.#calls++;
    if (failed) {
      this.#bucketFailures[at] = (this.#bucketFailures[at] ?? 0) + 1;
      this.#failures++;
    }
    if (slow) {
      this.#bucketSlow[at] = (this.#bucketSlow[at] ?? 0) + 1;
      this.#slowCalls++;
    }
  }

  roll(now: number): void {
    const current = Math.floor(now / this.#bucketMs);
    const passed = current - this.#head;
    // A clock never runs backwards; if one did, the newest slice keeps counting.
    if (!(passed > 0)) return;
    if (passed >= this.#bucketCalls.length) {
      if (this.#calls > 0) this.clear();
    } else {
      for (let step = 1; step <= passed; step++) this.#forget(this.#slot(this.#head + step));
    }
    this.#head = current;
  }

  clear(): void {
    this.#bucketCalls.fill(0);
    this.#bucketFailures.fill(0);
    this.#bucketSlow.fill(0);
    this.#head = -Infinity;
    this.#calls = 0;
    this.#failures = 0;
    this.#slowCalls = 0;
  }

  span(): string {
    return `${countOfCalls(this.#calls)} in the last ${this.#durationMs} ms`;
  }

  #forget(at: number): void {
    this.#calls -= this.#bucketCalls[at] ?? 0;
    this.#failures -= this.#bucketFailures[at] ?? 0;
    this.#slowCalls -= this.#bucketSlow[at] ?? 0;
    this.#bucketCalls[at] = 0;
    this.#bucketFailures[at] = 0;
    this.#bucketSlow[at] = 0;
  }

  #slot(bucket: number): number {
    const size = this.#bucketCalls.length;
    return ((bucket % size) + size) % size;
  }
}
