/**
 * The latest answer times of one operation, and a quantile of them. A ring of the last
 * `size` samples; the quantile is worked out afresh only every `size / 8` samples (a sort of a
 * few hundred numbers), so recording a sample costs a store and a counter.
 */
export class LatencyWindow {
  readonly #samples: Float64Array;
  readonly #quantile: number;
  readonly #refreshEvery: number;
  #count = 0;
  #sinceRefresh = 0;
  #value: number | undefined;

  /**
   * @param size - How many recent samples the quantile is taken over.
   * @param quantile - Which quantile (0.95: the answer time 95% of answers beat).
   */
  constructor(size: number, quantile: number) {
    this.#samples = new Float64Array(size);
    this.#quantile = quantile;
    this.#refreshEvery = Math.max(1, Math.floor(size / 8));
  }

  /** Adds one answer time, in ms. */
  record(ms: number): void {
    this.#samples[this.#count % this.#samples.length] = ms;
    this.#count++;
    if (++this.#sinceRefresh >= this.#refreshEvery) this.#value = undefined;
  }

  /** How many samples it has seen in all. */
  get count(): number {
    return this.#count;
  }

  /** The quantile of the samples held (NaN before the first). */
  get value(): number {
    if (this.#value !== undefined) return this.#value;
    const held = this.#samples.slice(0, Math.min(this.#count, this.#samples.length)).sort();
    // Nearest rank: the smallest sample that at least `quantile` of the samples do not exceed.
    const rank = Math.max(0, Math.ceil(this.#quantile * held.length) - 1);
    this.#value = held.length === 0 ? NaN : (held[rank] ?? NaN);
    this.#sinceRefresh = 0;
    return this.#value;
  }
}
