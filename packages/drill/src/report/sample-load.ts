import type {
  DrillClient,
  DrillSide,
  OverloadScore,
  PhaseName,
  PhaseSpan,
  SeriesPoint,
  TailScore,
} from '../drill/drill-results.ts';

/**
 * The sample's figures for the phases judged by latency and throughput (tail, overload): what
 * hedging and an adaptive concurrency limit look like beside a raw driver. Illustration only.
 */

/** The phases that apply to fewer clients than all. */
export const sampleClientsOf: Partial<Record<PhaseName, readonly DrillClient[]>> = {
  throttle: ['http', 's3'],
  tail: ['s3', 'postgres', 'http'],
  overload: ['http'],
};

/** The sample's overloadable server: 4 at a time, 160 ms each. */
const capacityPerS = 25;
const unloadedP99Ms = 163;

/** A slice's extra series figures: served calls, bulwark's hedges and concurrency limit. */
export function sampleLoadPoint(input: {
  readonly side: DrillSide;
  readonly phase: PhaseSpan | undefined;
  readonly atMs: number;
  readonly calls: number;
  readonly errors: number;
  readonly sliceMs: number;
}): Pick<SeriesPoint, 'served' | 'hedges' | 'limit'> {
  const { phase, side, calls, errors } = input;
  const inFault = phase !== undefined && input.atMs < phase.faultEndMs;
  const tail = inFault && phase.name === 'tail';
  const overload = inFault && phase.name === 'overload';
  const slicesS = input.sliceMs / 1_000;
  // Overloaded, the raw driver's calls end later and later, past the deadline.
  const served = overload
    ? Math.round(side === 'raw' ? calls * 0.15 : capacityPerS * slicesS)
    : calls - errors;
  if (side === 'raw') return { served };
  return {
    served,
    hedges: tail ? Math.max(1, Math.round(calls * 0.05)) : 0,
    limit: overload ? 5 : 12,
  };
}

/** The tail phase's sample score: the raw driver's reads wait out the late replies. */
export function sampleTailScore(side: DrillSide, calls: number, baseMs: number): TailScore {
  const reads = Math.round(calls / 2);
  return side === 'raw'
    ? { reads, readP99Ms: 503, calls, extraAttempts: 0, hedges: null, hedgesWon: null }
    : {
        reads,
        readP99Ms: Math.round(baseMs * 8 * 10) / 10,
        calls,
        extraAttempts: 0.052,
        hedges: Math.round(calls * 0.05),
        hedgesWon: Math.round(calls * 0.048),
      };
}

/** The overload phase's sample score: bulwark refuses what the server cannot take. */
export function sampleOverloadScore(side: DrillSide, calls: number): OverloadScore {
  const raw = side === 'raw';
  return {
    capacityPerS,
    unloadedP99Ms,
    calls,
    goodputPerS: raw ? 6.1 : 24.2,
    servedP99Ms: raw ? 1_940 : 291,
    refused: raw ? 0 : Math.round(calls * 0.5),
    refusalP99Ms: raw ? null : 0.08,
    limitMin: raw ? null : 4,
    limitMax: raw ? null : 12,
  };
}

/** A slice of the sample as the results keep it: the measured figures, and the load ones. */
export function sampleSeriesPoint(
  slice: SeriesPoint,
  side: DrillSide,
  applies: readonly PhaseSpan[],
  sliceMs: number,
): SeriesPoint {
  const { atMs, calls, errors, p50Ms, p99Ms } = slice;
  const phase = applies.find((p) => atMs >= p.startMs && atMs < p.endMs);
  const load = sampleLoadPoint({ side, phase, atMs, calls, errors, sliceMs });
  return { atMs, calls, errors, p50Ms, p99Ms, ...load };
}
