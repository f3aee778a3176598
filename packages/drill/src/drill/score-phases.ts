import type { CallRecord, SideLog } from './call-log.ts';
import {
  faultDurationMs,
  hung,
  latencies,
  round,
  served,
  quantile,
  succeeded,
  within,
  type ScoreLimits,
} from './call-figures.ts';
import type { PhaseScore, PhaseSpan, SeriesPoint } from './drill-results.ts';
import { overloadScore, tailScore, type OverloadServer } from './load-scores.ts';

// Kept importable from here, where the scores are made.
export { faultDurationMs, hung, quantile } from './call-figures.ts';
export type { ScoreLimits } from './call-figures.ts';

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

/**
 * One side's scorecard row for one phase: the calls that started within it. The tail and
 * overload phases add figures of their own (`server`: the side's overloadable server).
 */
export function scorePhase(
  log: SideLog,
  span: PhaseSpan,
  limits: ScoreLimits,
  server?: OverloadServer,
): PhaseScore {
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
    ...(span.name === 'tail' ? { tail: tailScore(log, span, calls) } : {}),
    ...(span.name === 'overload' && server !== undefined
      ? { overload: overloadScore(log, span, calls, limits, server) }
      : {}),
  };
}

/**
 * Calls per slice of `sliceMs` from 0 to `endMs`: their error count, latencies and the ones
 * served in time; for bulwark, its hedges sent and its concurrency limit at the slice's end.
 */
export function seriesOf(
  log: SideLog,
  sliceMs: number,
  endMs: number,
  limits: ScoreLimits,
): SeriesPoint[] {
  const slices = Math.max(1, Math.ceil(endMs / sliceMs));
  const buckets: CallRecord[][] = Array.from({ length: slices }, () => []);
  for (const call of log.calls) buckets[Math.floor(call.startMs / sliceMs)]?.push(call);
  const hedges = new Array<number>(slices).fill(0);
  for (const hedge of log.hedges) {
    const i = Math.floor(hedge.atMs / sliceMs);
    if (hedge.outcome === 'sent' && i >= 0 && i < slices) hedges[i] = (hedges[i] ?? 0) + 1;
  }
  const bulwark = log.side === 'bulwark';
  const limited = log.limits.length > 0;
  let next = 0;
  let limit: number | null = null;
  return buckets.map((calls, i) => {
    const sorted = latencies(calls);
    const endOfSlice = (i + 1) * sliceMs;
    for (; next < log.limits.length && (log.limits[next]?.atMs ?? 0) < endOfSlice; next++) {
      limit = log.limits[next]?.limit ?? limit;
    }
    return {
      atMs: i * sliceMs,
      calls: calls.length,
      errors: calls.filter((call) => !succeeded(call, limits.limitMs)).length,
      p50Ms: round(quantile(sorted, 0.5)),
      p99Ms: round(quantile(sorted, 0.99)),
      served: calls.filter((call) => served(call, limits)).length,
      ...(bulwark ? { hedges: hedges[i] ?? 0 } : {}),
      ...(limited ? { limit } : {}),
    };
  });
}
