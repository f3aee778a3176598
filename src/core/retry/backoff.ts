import type { RandomSource } from '../random.ts';
import { checkKeys, checkNumber, checkOneOf } from '../validate.ts';

/**
 * How the delay before a retry grows. `full` and `decorrelated` jitter spread retries of many
 * callers apart so that they do not hit a recovering upstream in lockstep (see the AWS
 * Architecture Blog, "Exponential Backoff And Jitter").
 */
export type Jitter = 'none' | 'full' | 'decorrelated';

/** An immutable description of the backoff; {@link backoffDelay} turns it into delays. */
export interface Backoff {
  /** The delay before the first retry (before jitter), in ms. */
  readonly initialDelayMs: number;
  /** No computed delay exceeds this, in ms. */
  readonly maxDelayMs: number;
  /** Growth per attempt for `none` and `full` jitter. */
  readonly multiplier: number;
  readonly jitter: Jitter;
}

export const defaultBackoff: Backoff = {
  // Long enough for a reset connection to be re-established, short enough to be unnoticed.
  initialDelayMs: 100,
  // Past a few seconds a caller is better served by failing and letting the breaker decide.
  maxDelayMs: 5_000,
  multiplier: 2,
  jitter: 'full',
};

const jitters: readonly Jitter[] = ['none', 'full', 'decorrelated'];

/** Merges `options` over the defaults and validates the result. */
export function resolveBackoff(options: Partial<Backoff> = {}, name = 'retry.backoff'): Backoff {
  checkKeys(name, options, Object.keys(defaultBackoff));
  const backoff = { ...defaultBackoff, ...options };
  checkNumber(`${name}.initialDelayMs`, backoff.initialDelayMs, 0);
  checkNumber(`${name}.maxDelayMs`, backoff.maxDelayMs, backoff.initialDelayMs);
  checkNumber(`${name}.multiplier`, backoff.multiplier, 1);
  checkOneOf(`${name}.jitter`, backoff.jitter, jitters);
  return Object.freeze(backoff);
}

/**
 * The delay before retrying after failed attempt number `attempt` (1-based).
 * `previousDelayMs` is the delay used before this attempt (decorrelated jitter builds on it;
 * pass 0 for the first retry).
 */
export function backoffDelay(
  backoff: Backoff,
  attempt: number,
  previousDelayMs: number,
  random: RandomSource,
): number {
  const { initialDelayMs, maxDelayMs, multiplier, jitter } = backoff;
  if (jitter === 'decorrelated') {
    // sleep = min(cap, random_between(base, previous * 3))
    const upper = Math.max(initialDelayMs, previousDelayMs * 3);
    return Math.min(maxDelayMs, initialDelayMs + random() * (upper - initialDelayMs));
  }
  const exponential = Math.min(maxDelayMs, initialDelayMs * multiplier ** (attempt - 1));
  return jitter === 'full' ? random() * exponential : exponential;
}
