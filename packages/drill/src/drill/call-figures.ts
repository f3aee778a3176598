import type { CallRecord } from './call-log.ts';
import type { PhaseSpan, TimeWindow } from './drill-results.ts';

/** What a side's calls are held to, and what its audit found. */
export interface ScoreLimits {
  /** The deadline every call is held to, ms. */
  readonly deadlineMs: number;
  /** Past this (the deadline and a grace for late timers), a call has hung, ms. */
  readonly limitMs: number;
  /** Keys of the writes the service applied more than once. */
  readonly doubled: ReadonlySet<string>;
}

/** The `q` quantile (0..1) of sorted values, by nearest rank; null for none. */
export function quantile(sorted: readonly number[], q: number): number | null {
  if (sorted.length === 0) return null;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[rank] ?? null;
}

/** Whether `call` was still unsettled `limitMs` after it started (or never settled). */
export function hung(call: CallRecord, limitMs: number): boolean {
  return call.endMs === undefined || call.endMs - call.startMs > limitMs;
}

/** What one call counts as: a success only if it succeeded in time. */
export function succeeded(call: CallRecord, limitMs: number): boolean {
  return call.ok && !hung(call, limitMs);
}

/**
 * Served: succeeded within the deadline itself, the grace aside (a late answer is late for the
 * caller, whichever side gave it), and not a write the service applied twice (a wrong answer).
 */
export function served(call: CallRecord, limits: ScoreLimits): boolean {
  if (!call.ok || call.endMs === undefined || call.endMs - call.startMs > limits.deadlineMs)
    return false;
  return call.write === undefined || !limits.doubled.has(call.write);
}

/** ms to a tenth, as the results keep them. */
export const round = (ms: number | null) => (ms === null ? null : Math.round(ms * 10) / 10);

/** The latencies of the calls that ended, sorted. */
export function latencies(calls: readonly CallRecord[]): number[] {
  return calls
    .flatMap((call) => (call.endMs === undefined ? [] : [call.endMs - call.startMs]))
    .sort((a, b) => a - b);
}

/** Whether `atMs` falls in one of `windows`. */
export const within = (windows: readonly TimeWindow[], atMs: number) =>
  windows.some((w) => atMs >= w.startMs && atMs < w.endMs);

/** ms of the phase during which the fault was on: its windows, clipped to the phase. */
export function faultDurationMs(span: PhaseSpan): number {
  let total = 0;
  for (const w of span.faultWindows) {
    total += Math.max(0, Math.min(w.endMs, span.endMs) - Math.max(w.startMs, span.startMs));
  }
  return total;
}
