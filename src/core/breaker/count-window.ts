import { countOfCalls, type SlidingWindow } from './sliding-window.ts';

const failedBit = 1;
const slowBit = 2;

/**
 * The last `size` calls, one byte each in a ring, with running counts so that neither
 * adding nor reading walks the ring.
 */
export class CountWindow implements SlidingWindow {
  readonly #ring: Uint8Array;
  #next = 0;
  #calls = 0;
  #failures = 0;
  #slowCalls = 0;

  constructor(size: number) {
    this.#ring = new Uint8Array(size);
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

  add(failed: boolean, slow: boolean): void {
    const ring = this.#ring;
    const at = this.#next;
    if (this.#calls === ring.length) {
      const evicted = ring[at] ?? 0;
      this.#failures -= evicted & failedBit;
      this.#slowCalls -= (evicted & slowBit) >> 1;
    } else {
      this.#calls++;
    }
    ring[at] = (failed ? failedBit : 0) | (slow ? slowBit : 0);
    if (failed) this.#failures++;
    if (slow) this.#slowCalls++;
    this.#next = at + 1 === ring.length ? 0 : at + 1;
  }

  roll(): void {
    // Nothing ages out of a count window with time.
  }

  clear(): void {
    this.#ring.fill(0);
    this.#next = 0;
    this.#calls = 0;
    this.#failures = 0;
    this.#slowCalls = 0;
  }

  span(): string {
    return `last ${countOfCalls(this.#calls)}`;
  }
}
