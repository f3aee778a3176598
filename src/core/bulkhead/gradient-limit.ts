import type { LimitAlgorithm, LimitSample } from './limit-algorithm.ts';

/**
 * How many rounds the long-term latency averages over: an overload of a few dozen round trips
 * does not become the new normal, yet a lasting change of the upstream is taken in.
 */
const LONG_WINDOW = 600;
/**
 * How far above the most calls seen in flight a limit may stay while the calls leave it unused
 * (see `next`): room for a burst half again as large. That is also how far an overload that
 * starts after a calm can take the upstream before the first answers tell: an upstream kept
 * just at its capacity until then, and working on every call at once (as most do), answers 1.5
 * times as slowly. Netflix's Gradient2 leaves 2, which lets that first round trip be twice as
 * slow.
 */
const BURST_ROOM = 1.5;
/**
 * How much an unused limit shrinks a round, down to {@link BURST_ROOM} times the calls in
 * flight: by half, so a limit the calls never came near is gone within a few rounds.
 */
const UNUSED_DECAY = 0.5;
/**
 * The gradient's floor: however much slower calls have become, one round at most halves the
 * target (before smoothing), so a single slow burst cannot collapse the limit.
 */
const MIN_GRADIENT = 0.5;
/**
 * The upstream's usual latency: it follows a quicker round at once and a slower one only by a
 * `window`-th of the way each round, so an overload of a few dozen rounds does not become the
 * new normal (as a plain average would, the more so while it has few samples), yet a lasting
 * change of the upstream is taken in.
 */
class Baseline {
  readonly #factor: number;
  value = NaN;

  constructor(window: number) {
    this.#factor = 2 / (window + 1);
  }

  add(sample: number): number {
    if (!(sample >= this.value)) this.value = sample;
    else this.value += (sample - this.value) * this.#factor;
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
  readonly #long = new Baseline(LONG_WINDOW);
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

    const long = this.#long.add(short);
    // With fewer than two thirds of the slots ever in use, the caller, not the upstream, set
    // the pace: the round says nothing about what a higher limit would do. An unused limit is
    // no proof the upstream could take that many, so it decays toward BURST_ROOM times what
    // was used (as TCP's window does while the application sends little, RFC 7661): an
    // overload then starts from a limit near the calls it has seen served, not from a guess.
    if (maxInflight * BURST_ROOM < estimate) {
      return Math.max(BURST_ROOM * maxInflight, estimate * UNUSED_DECAY);
    }
    // Calls that take no measurable time give no gradient; they are no sign of overload.
    const gradient =
      short > 0 ? Math.max(MIN_GRADIENT, Math.min(1, (this.#tolerance * long) / short)) : 1;
    const target = estimate * gradient + Math.sqrt(estimate);
    // Down at once, up by `smoothing`: calls queue in an overloaded upstream while the limit
    // is above what it can serve, and every round spent coming down is served late.
    return target < estimate ? target : estimate + (target - estimate) * this.#smoothing;
  }
}
