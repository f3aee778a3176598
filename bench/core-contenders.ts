// The contenders of the core bench, on the same no-op: a bare async call, bulwark's full
// pipeline and its retry+breaker+timeout alone, cockatiel 4 (retry + breaker + timeout) and
// opossum 10 (breaker with a timeout). They live apart from core.bench.ts because two programs
// make them: the bench, which times them, and callgrind-target.ts, which callgrind runs to count
// their instructions; both must measure exactly the same set-ups.
import {
  ConsecutiveBreaker,
  ExponentialBackoff,
  TimeoutStrategy,
  circuitBreaker,
  handleAll,
  retry,
  timeout,
  wrap,
} from 'cockatiel';
import Opossum from 'opossum';
import { createPipeline } from '../src/index.ts';
import type { AsyncCall } from './measure.ts';

/** The function every contender calls: resolves at once, so what is measured is the wrapper. */
export const noop = (): Promise<number> => Promise.resolve(1);

/** One contender, made afresh for each measurement. */
export interface Contender {
  /** A short key that names it on callgrind-target.ts's command line. */
  readonly id: ContenderId;
  /** How it is printed. */
  readonly name: string;
  readonly make: () => { call: AsyncCall; dispose: () => void };
  /**
   * Calls made under callgrind before the counted ones, and calls counted: enough warm-up for
   * V8 to have optimised the hot path (the costlier the call, the more functions it crosses and
   * the later they all reach the optimising compiler), and no more counted calls than a run
   * of a few seconds holds, since callgrind runs Node some fifty times slower.
   */
  readonly counted: { readonly warmUp: number; readonly calls: number };
}

export type ContenderId = 'bare' | 'bulwark-full' | 'bulwark-rbt' | 'cockatiel' | 'opossum';

// Limits so high they never bite: the bench measures what each policy costs on the way through,
// not what it does when it acts. The breakers' thresholds and open durations match across the
// three libraries; bulwark's three attempts are cockatiel's first attempt and two retries.
const retryAndBreaker = {
  retry: { maxAttempts: 3 },
  breaker: { consecutiveFailures: 5, openDurationMs: 10_000 },
  timeout: { attemptMs: 10_000, totalMs: 30_000 },
} as const;

const bulwarkCallOptions = { operation: 'noop', idempotent: true } as const;

function bulwark(withRateAndBulkhead: boolean): ReturnType<Contender['make']> {
  const pipeline = createPipeline({
    service: 'bench',
    ...retryAndBreaker,
    rateLimit: withRateAndBulkhead && { ratePerSecond: 1e12, burst: 1e12 },
    bulkhead: withRateAndBulkhead && { maxConcurrent: 100_000, maxQueue: 100_000 },
  });
  return { call: () => pipeline.execute(noop, bulwarkCallOptions), dispose: () => undefined };
}

function cockatiel(): ReturnType<Contender['make']> {
  const policy = wrap(
    retry(handleAll, { maxAttempts: 2, backoff: new ExponentialBackoff() }),
    circuitBreaker(handleAll, { halfOpenAfter: 10_000, breaker: new ConsecutiveBreaker(5) }),
    timeout(10_000, TimeoutStrategy.Aggressive),
  );
  return { call: () => policy.execute(noop), dispose: () => undefined };
}

function opossum(): ReturnType<Contender['make']> {
  const breaker = new Opossum(noop, { timeout: 10_000, resetTimeout: 10_000 });
  return { call: () => breaker.fire(), dispose: () => breaker.shutdown() };
}

/** In the order the bench prints them. */
export const contenders: readonly Contender[] = [
  {
    id: 'bare',
    name: 'bare async call',
    make: () => ({ call: noop, dispose: () => undefined }),
    counted: { warmUp: 20_000, calls: 20_000 },
  },
  {
    id: 'bulwark-full',
    name: 'bulwark full pipeline (retry+breaker+rate+timeout+bulkhead)',
    make: () => bulwark(true),
    counted: { warmUp: 20_000, calls: 10_000 },
  },
  {
    id: 'bulwark-rbt',
    name: 'bulwark retry+breaker+timeout',
    make: () => bulwark(false),
    counted: { warmUp: 20_000, calls: 10_000 },
  },
  {
    id: 'opossum',
    name: 'opossum 10 (breaker+timeout)',
    make: opossum,
    counted: { warmUp: 10_000, calls: 5_000 },
  },
  {
    id: 'cockatiel',
    name: 'cockatiel 4 (retry+breaker+timeout)',
    make: cockatiel,
    // V8 is still optimising cockatiel's path at 9,000 calls, done by 12,000 (the count then
    // stays within a few percent of what 40,000 calls of warm-up give); each call costs some
    // 60,000 instructions, which is why so few are counted.
    counted: { warmUp: 10_000, calls: 2_000 },
  },
];

/** The contender with `id`; throws on an unknown one. */
export function contender(id: string): Contender {
  const found = contenders.find((c) => c.id === id);
  if (found === undefined) {
    throw new TypeError(
      `unknown contender ${JSON.stringify(id)}; one of: ${contenders.map((c) => c.id).join(', ')}`,
    );
  }
  return found;
}
