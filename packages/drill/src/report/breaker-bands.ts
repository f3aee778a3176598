import type { BreakerTransition } from '../drill/drill-results.ts';

/** A stretch of time the breaker spent in one state. */
export interface BreakerBand {
  readonly state: string;
  readonly fromMs: number;
  readonly toMs: number;
  /** Why the breaker entered the state; empty for the initial closed state. */
  readonly reason: string;
}

/**
 * The breaker's states over `0..endMs` from its transitions: closed until the first one (every
 * breaker starts closed), then each transition's `to` until the next. Transitions are taken in
 * time order whatever order they arrive in, and bands that last no time are dropped.
 */
export function breakerBands(
  transitions: readonly BreakerTransition[],
  endMs: number,
): readonly BreakerBand[] {
  const sorted = [...transitions].sort((a, b) => a.atMs - b.atMs);
  const bands: BreakerBand[] = [];
  let current: BreakerBand = { state: 'closed', fromMs: 0, toMs: endMs, reason: '' };
  for (const transition of sorted) {
    const at = Math.min(Math.max(transition.atMs, current.fromMs), endMs);
    if (at > current.fromMs) bands.push({ ...current, toMs: at });
    current = { state: transition.to, fromMs: at, toMs: endMs, reason: transition.reason };
  }
  if (endMs > current.fromMs) bands.push(current);
  return bands;
}
