import type { CallRecord, SideLog } from './call-log.ts';
import {
  faultDurationMs,
  latencies,
  quantile,
  round,
  served,
  within,
  type ScoreLimits,
} from './call-figures.ts';
import type { OverloadScore, PhaseSpan, TailScore } from './drill-results.ts';

/** What the side's overloadable server could do, measured before the drill. */
export interface OverloadServer {
  readonly capacityPerS: number;
  readonly unloadedP99Ms: number;
}

/** The calls a fault met: those started while it was on (its windows). */
function faultCalls(span: PhaseSpan, calls: readonly CallRecord[]): CallRecord[] {
  return calls.filter((call) => within(span.faultWindows, call.startMs));
}

const p99 = (calls: readonly CallRecord[]) => round(quantile(latencies(calls), 0.99));

/**
 * The tail phase's figures, over the calls made while replies came late: the reads' p99 (the
 * writes are no one's to hedge), and the attempts past one per call. Extra attempts are the
 * attempts seen less the calls, or bulwark's hedges where it reported more of them (a hedge
 * may not count as an attempt where attempts are read from bulwark's events).
 */
export function tailScore(log: SideLog, span: PhaseSpan, calls: readonly CallRecord[]): TailScore {
  const met = faultCalls(span, calls);
  const reads = met.filter((call) => call.write === undefined);
  const inside = (atMs: number) => within(span.faultWindows, atMs);
  const bulwark = log.side === 'bulwark';
  const sent = log.hedges.filter((h) => h.outcome === 'sent' && inside(h.atMs)).length;
  const won = log.hedges.filter((h) => h.outcome === 'won' && inside(h.atMs)).length;
  let extraAttempts: number | null = null;
  if (log.attemptsCounted && met.length > 0) {
    const attempts = log.attemptTimes.filter(inside).length;
    const extra = Math.max(attempts - met.length, bulwark ? sent : 0, 0);
    extraAttempts = Math.round((extra / met.length) * 1_000) / 1_000;
  }
  return {
    reads: reads.length,
    readP99Ms: p99(reads),
    calls: met.length,
    extraAttempts,
    hedges: bulwark ? sent : null,
    hedgesWon: bulwark ? won : null,
  };
}

/** The concurrency limit in effect at `atMs`: the last one noted before it. */
function limitAt(log: SideLog, atMs: number): number | undefined {
  let found: number | undefined;
  for (const { atMs: at, limit } of log.limits) {
    if (at > atMs) break;
    found = limit;
  }
  return found;
}

/**
 * The overload phase's figures, over the calls made while the side's server was offered twice
 * its capacity: goodput (calls served within the deadline, per second of fault), the served
 * calls' p99, and how fast the concurrency limit's refusals (`bulkhead_full`) came back.
 */
export function overloadScore(
  log: SideLog,
  span: PhaseSpan,
  calls: readonly CallRecord[],
  limits: ScoreLimits,
  server: OverloadServer,
): OverloadScore {
  const met = faultCalls(span, calls);
  const good = met.filter((call) => served(call, limits));
  const refused = met.filter((call) => call.kind === 'bulkhead_full');
  const faultS = faultDurationMs(span) / 1_000;
  const seen = [
    limitAt(log, span.startMs),
    ...log.limits.filter((l) => l.atMs >= span.startMs && l.atMs < span.endMs).map((l) => l.limit),
  ].filter((limit) => limit !== undefined);
  return {
    capacityPerS: Math.round(server.capacityPerS * 10) / 10,
    unloadedP99Ms: server.unloadedP99Ms,
    calls: met.length,
    goodputPerS: faultS > 0 ? Math.round((good.length / faultS) * 10) / 10 : 0,
    servedP99Ms: p99(good),
    refused: refused.length,
    // Refusals take well under a millisecond: kept to a hundredth.
    refusalP99Ms:
      refused.length === 0
        ? null
        : Math.round((quantile(latencies(refused), 0.99) ?? 0) * 100) / 100,
    limitMin: seen.length === 0 ? null : Math.min(...seen),
    limitMax: seen.length === 0 ? null : Math.max(...seen),
  };
}
