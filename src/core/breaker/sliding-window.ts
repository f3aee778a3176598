import { checkInteger, checkKeys, checkOneOf } from '../validate.ts';
import { checkObject, checkPositive } from './option-checks.ts';

/**
 * Which calls a rate rule looks at: the last `size` calls, or the calls of the last
 * `durationMs` (kept in `buckets` slices, 10 by default, and forgotten a slice at a time).
 */
export type SlidingWindowOptions =
  | { readonly type: 'count'; readonly size: number }
  | { readonly type: 'time'; readonly durationMs: number; readonly buckets?: number };

/**
 * Running counts of recent calls, for the failure-rate and slow-call rules. Updating and
 * reading take constant time (a time window also clears at most one slot per slice) and
 * allocate nothing, because they run on every call of a hot client.
 */
export interface SlidingWindow {
  /** Calls in the window. */
  readonly calls: number;
  /** Failed calls in the window. */
  readonly failures: number;
  /** Slow calls in the window (a call can be both slow and failed). */
  readonly slowCalls: number;
  /** Counts one call made at `now` (a count window ignores the time). */
  add(failed: boolean, slow: boolean, now: number): void;
  /** Forgets the calls that have aged out by `now`; the counts are current after it. */
  roll(now: number): void;
  /** Forgets every call. */
  clear(): void;
  /** The calls the counts cover, for a transition's reason (`last 10 calls`). */
  span(): string;
}

/** `1 call`, `2 calls`. */
export function countOfCalls(calls: number): string {
  return calls === 1 ? '1 call' : `${calls} calls`;
}

/** Validates window options given as option `name`; returns a copy holding only known keys. */
export function checkSlidingWindow(
  name: string,
  value: SlidingWindowOptions,
): SlidingWindowOptions {
  checkObject(name, value);
  checkOneOf(`${name}.type`, value.type, ['count', 'time']);
  if (value.type === 'count') {
    checkKeys(name, value, ['type', 'size']);
    return { type: 'count', size: checkInteger(`${name}.size`, value.size, 1) };
  }
  checkKeys(name, value, ['type', 'durationMs', 'buckets']);
  const durationMs = checkPositive(`${name}.durationMs`, value.durationMs);
  return value.buckets === undefined
    ? { type: 'time', durationMs }
    : { type: 'time', durationMs, buckets: checkInteger(`${name}.buckets`, value.buckets, 1) };
}
