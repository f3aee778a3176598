import type { LimitAlgorithm, LimitSample } from './limit-algorithm.ts';

/**
 * How many rounds the long-term latency averages over: an overload of a few dozen round trips
 * does not become the new normal, yet a lasting change of the upstream is taken in.
 */
const LONG_WINDOW = 600;
/** The first rounds make a plain mean, so the average does not start from a made-up value. */
const LONG_WARMUP = 10;
/**
 * The gradient's floor: however much slower calls have become, one round at most halves the
 * target (before smoothing), so a single slow burst cannot collapse the limit.
 */
const MIN_GRADIENT = 0.5;
/**
 * Once the long-term average is over twice the recent latency, the upstream has recovered from
 * whatever raised it: the average decays by this much a round, so a past overload stops
 * holding the limit down.
 */
const LONG_DECAY = 0.95;

/** An exponential moving average whose first `warmup` samples make a plain mean. */
class ExponentialAverage {
  readonly #warmup: number;
  readonly #factor: number;
  #count = 0;
  value = 0;

  constructor(window: number, warmup: number) {
    this.#warmup = warmup;
    this.#factor = 2 / (window + 1);
  }

  add(sample: number): number {
    if (this.#count < this.#warmup) {
      this.#count++;
      this.value += (sample - this.value) / this.#count;
    } else {
      this.value += (sample - this.value) * this.#factor;
    }
    return this.value;
  }
}

/**
 * The gradient algorithm, in the spirit of Netflix concurrency-limits' Gradient2. Samples are
 * gathered in rounds of `limit` calls (about one round trip with every slot busy), and once
 * a round the limit is scaled by how the round's mean latency compares with the long-term
 * average (1 while calls are no slower than `tolerance` times usual, down to 0.5 as they slow
 * further), plus a headroom of sqrt(limit) that keeps probing for more, and moved toward that
 * target by `smoothing`.
 *
 * Rounds, not single calls, keep the pace of change per round trip whatever the limit: per
 * call, a limit of 200 would grow two hundred times faster than a limit of 1, and a drop's cut
 * (once per overload) could never keep up with it.
 *
 * When the upstream is overloaded, calls queue inside it and get slower; the limit shrinks
 * until they stop queueing. When latency returns to normal, the gradient is 1 again and the
 * headroom makes the limit grow back.
 */
export class GradientLimit implements LimitAlgorithm {
  readonly #tolerance: number;
  readonly #smoothing: number;
  readonly #long = new ExponentialAverage(LONG_WINDOW, LONG_WARMUP);
  #roundCalls = 0;
  #roundLatencyMs = 0;
  #roundMaxInflight = 0;

  constructor(options: { readonly tolerance: number; readonly smoothing: number }) {
    this.#tolerance = options.tolerance;
    this.#smoothing = options.smoothing;
  }

  next(estimate: number, sample: LimitSample): number {
    this.#roundCalls++;
    this.#roundLatencyMs += sample.latencyMs;
    this.#roundMaxInflight = Math.max(this.#roundMaxInflight, sample.inflight);
    if (this.#roundCalls < Math.floor(estimate)) return estimate;
    const short = this.#roundLatencyMs / this.#roundCalls;
    const maxInflight = this.#roundMaxInflight;
    this.#roundCalls = 0;
    this.#roundLatencyMs = 0;
    this.#roundMaxInflight = 0;

    let long = this.#long.add(short);
    if (long > 2 * short) {
      this.#long.value *= LONG_DECAY;
      long = this.#long.value;
    }
    // With fewer than half the slots ever in use, the caller, not the upstream, set the pace:
    // the round says nothing about what a higher or lower limit would do.
    if (maxInflight < estimate / 2) return estimate;
    // Calls that take no measurable time give no gradient; they are no sign of overload.
    const gradient =
      short > 0 ? Math.max(MIN_GRADIENT, Math.min(1, (this.#tolerance * long) / short)) : 1;
    const target = estimate * gradient + Math.sqrt(estimate);
    return estimate + (target - estimate) * this.#smoothing;
  }
}
