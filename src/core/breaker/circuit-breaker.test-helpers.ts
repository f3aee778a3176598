import { FakeClock } from '../fake-clock.ts';
import type { RandomSource } from '../random.ts';
import { CircuitBreaker, type CallOutcome, type CircuitTransition } from './circuit-breaker.ts';
import type { CircuitBreakerOptions } from './circuit-breaker-options.ts';

/**
 * A breaker on a fake clock that records its transitions, and `calls` to drive it the way
 * the pipeline does: ask for a ticket, then report the outcome.
 */
export function setupBreaker(
  options: CircuitBreakerOptions = {},
  random: RandomSource = () => 0.5,
): {
  clock: FakeClock;
  breaker: CircuitBreaker;
  calls: (outcome: CallOutcome, count?: number, durationMs?: number) => number;
  transitions: CircuitTransition[];
  reasons: () => string[];
} {
  const clock = new FakeClock();
  const transitions: CircuitTransition[] = [];
  // The middle of the jitter unless a test brings its own numbers: open times are exact.
  const onTransition = (t: CircuitTransition) => transitions.push(t);
  const breaker = new CircuitBreaker(options, { clock, random, onTransition });
  /** Makes calls one after another; returns how many were let through. */
  const calls = (outcome: CallOutcome, count = 1, durationMs = 1): number => {
    let admitted = 0;
    for (let i = 0; i < count; i++) {
      const ticket = breaker.tryEnter();
      if (ticket < 0) continue;
      admitted++;
      breaker.record(ticket, outcome, durationMs);
    }
    return admitted;
  };
  /** Each transition as `from->to: reason`, for compact assertions. */
  const reasons = (): string[] => transitions.map((t) => `${t.from}->${t.to}: ${t.reason}`);
  return { clock, breaker, calls, transitions, reasons };
}

/** Trips a breaker with the default rule (5 consecutive failures). */
export const trip = (calls: (outcome: CallOutcome, count?: number) => number): number =>
  calls('failure', 5);
