import type { CallRecord, SideLog } from './call-log.ts';
import type { PhaseScore, PhaseSpan, SeriesPoint, TimeWindow } from './drill-results.ts';

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
function succeeded(call: CallRecord, limitMs: number): boolean {
  return call.ok && !hung(call, limitMs);
}

const round = (ms: number | null) => (ms === null ? null : Math.round(ms * 10) / 10);

function latencies(calls: readonly CallRecord[]): number[] {
  return calls
    .flatMap((call) => (call.endMs === undefined ? [] : [call.endMs - call.startMs]))
    .sort((a, b) => a - b);
}

/**
 * ms from the fault's end to the first success of a call started after it; 0 when the fault
 * did no harm (every call of the phase succeeded in time); null when nothing succeeded.
 */
export function recoveryMs(
  calls: readonly CallRecord[],
  span: PhaseSpan,
  limitMs: number,
): number | null {
  if (calls.every((call) => succeeded(call, limitMs))) return 0;
  let first: number | null = null;
  for (const call of calls) {
    if (call.startMs < span.faultEndMs || !succeeded(call, limitMs) || call.endMs === undefined)
      continue;
    if (first === null || call.endMs < first) first = call.endMs;
  }
  return first === null ? null : first - span.faultEndMs;
}

/**
 * Served: succeeded within the deadline itself, the grace aside (a late answer is late for the
 * caller, whichever side gave it), and not a write the service applied twice (a wrong answer).
 */
function served(call: CallRecord, limits: ScoreLimits): boolean {
  if (!call.ok || call.endMs === undefined || call.endMs - call.startMs > limits.deadlineMs)
    return false;
  return call.write === undefined || !limits.doubled.has(call.write);
}

const within = (windows: readonly TimeWindow[], atMs: number) =>
  windows.some((w) => atMs >= w.startMs && atMs < w.endMs);

/** ms of the phase during which the fault was on: its windows, clipped to the phase. */
export function faultDurationMs(span: PhaseSpan): number {
  let total = 0;
  for (const w of span.faultWindows) {
    total += Math.max(0, Math.min(w.endMs, span.endMs) - Math.max(w.startMs, span.startMs));
  }
  return total;
}

/**
 * While an outage's fault was on: the calls made, the attempts of calls that went out (null
 * where they cannot be counted) and the recovery checks (null where the side makes none). All
 * are counted by start time, within the fault's windows.
 */
function duringFault(log: SideLog, span: PhaseSpan, calls: readonly CallRecord[]) {
  if (!span.outage) {
    return { faultCalls: null, faultAttempts: null, faultChecks: null, faultMs: null };
  }
  const inside = (atMs: number) =>
    atMs >= span.startMs && atMs < span.endMs && within(span.faultWindows, atMs);
  return {
    faultCalls: calls.filter((call) => inside(call.startMs)).length,
    faultAttempts: log.attemptsCounted ? log.attemptTimes.filter(inside).length : null,
    faultChecks: log.side === 'bulwark' ? log.checkTimes.filter(inside).length : null,
    faultMs: Math.round(faultDurationMs(span)),
  };
}

/** One side's scorecard row for one phase: the calls that started within it. */
export function scorePhase(log: SideLog, span: PhaseSpan, limits: ScoreLimits): PhaseScore {
  const { limitMs } = limits;
  const calls = log.calls.filter(
    (call) => call.startMs >= span.startMs && call.startMs < span.endMs,
  );
  const ok = calls.filter((call) => succeeded(call, limitMs)).length;
  const sorted = latencies(calls);
  const errors: Record<string, number> = {};
  for (const call of calls) {
    const kind = hung(call, limitMs) ? 'hung' : call.kind;
    if (kind !== undefined) errors[kind] = (errors[kind] ?? 0) + 1;
  }
  const attempts = log.attemptTimes.filter((at) => at >= span.startMs && at < span.endMs).length;
  const transitions = log.breaker.filter((t) => t.atMs >= span.startMs && t.atMs < span.endMs);
  return {
    phase: span.name,
    calls: calls.length,
    succeeded: ok,
    successRate: calls.length === 0 ? null : ok / calls.length,
    served: calls.filter((call) => served(call, limits)).length,
    p50Ms: round(quantile(sorted, 0.5)),
    p99Ms: round(quantile(sorted, 0.99)),
    hung: calls.filter((call) => hung(call, limitMs)).length,
    attemptsPerCall:
      log.attemptsCounted && calls.length > 0
        ? Math.round((attempts / calls.length) * 100) / 100
        : null,
    ...duringFault(log, span, calls),
    breakerTransitions: log.side === 'bulwark' ? transitions.length : null,
    recoveryMs: span.name === 'baseline' ? 0 : round(recoveryMs(calls, span, limitMs)),
    errors,
  };
}

/** Calls per slice of `sliceMs` from 0 to `endMs`, with their error count and latencies. */
export function seriesOf(
  log: SideLog,
  sliceMs: number,
  endMs: number,
  limitMs: number,
): SeriesPoint[] {
  const slices = Math.max(1, Math.ceil(endMs / sliceMs));
  const buckets: CallRecord[][] = Array.from({ length: slices }, () => []);
  for (const call of log.calls) buckets[Math.floor(call.startMs / sliceMs)]?.push(call);
  return buckets.map((calls, i) => {
    const sorted = latencies(calls);
    return {
      atMs: i * sliceMs,
      calls: calls.length,
      errors: calls.filter((call) => !succeeded(call, limitMs)).length,
      p50Ms: round(quantile(sorted, 0.5)),
      p99Ms: round(quantile(sorted, 0.99)),
    };
  });
}
