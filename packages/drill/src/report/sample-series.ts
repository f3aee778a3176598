import type {
  BreakerTransition,
  DrillClient,
  DrillSide,
  PhaseSpan,
  SeriesPoint,
} from '../drill/drill-results.ts';
import { breakerStateAt } from './sample-breaker.ts';

/**
 * The per-slice model behind {@link sampleResults}: plausible figures for each client side in
 * each fault, from a handful of rules (a raw driver waits out a blackhole; bulwark times out,
 * opens its breaker and fails fast). Illustration only; nothing here is measured.
 */

/** What differs between clients in the sample: their speed and how their raw driver copes. */
export interface SampleProfile {
  readonly baseMs: number;
  /** Extra latency under the bandwidth limit (S3 moves whole objects, Redis a few bytes). */
  readonly bandwidthMs: number;
  /** When the raw driver's stuck calls complete after a blackhole lifts; null: never. */
  readonly rawBlackholeReleaseMs: number | null;
  /** How long the raw driver keeps failing after the service is back (its reconnect delay). */
  readonly rawDownRecoveryMs: number;
}

export const sampleProfiles: Readonly<Record<DrillClient, SampleProfile>> = {
  s3: { baseMs: 9, bandwidthMs: 420, rawBlackholeReleaseMs: 80, rawDownRecoveryMs: 12 },
  postgres: { baseMs: 1.4, bandwidthMs: 18, rawBlackholeReleaseMs: null, rawDownRecoveryMs: 1000 },
  redis: { baseMs: 0.45, bandwidthMs: 6, rawBlackholeReleaseMs: 300, rawDownRecoveryMs: 1200 },
  http: { baseMs: 2.6, bandwidthMs: 45, rawBlackholeReleaseMs: 50, rawDownRecoveryMs: 3 },
};

/** The error kind each breaking fault produces, and how long a failed probe takes. */
export const breakingFaults = {
  blackhole: { failure: 'timeout', tripAfterMs: 1100, probeMs: 1000 },
  reset: { failure: 'connection', tripAfterMs: 300, probeMs: 2 },
  down: { failure: 'connection', tripAfterMs: 150, probeMs: 1 },
} as const;

/** A series point with what the phase scores are summed from. */
export interface SampleSlice extends SeriesPoint {
  readonly kinds: Readonly<Record<string, number>>;
  readonly attempts: number;
  readonly hung: number;
}

export interface SliceInput {
  readonly client: DrillClient;
  readonly side: DrillSide;
  readonly atMs: number;
  readonly sliceMs: number;
  /** The phase running at `atMs`, when it applies to this client. */
  readonly phase: PhaseSpan | undefined;
  readonly breaker: readonly BreakerTransition[];
  readonly deadlineMs: number;
  readonly random: () => number;
}

const callsPerSecond = 40;
const attemptTimeoutMs = 1000;

export function sampleSlice(input: SliceInput): SampleSlice {
  const { random, sliceMs } = input;
  const profile = sampleProfiles[input.client];
  const jitter = (amount: number) => 1 + (random() - 0.5) * 2 * amount;
  const calls = Math.round(((callsPerSecond * sliceMs) / 1000) * jitter(0.1));
  const mid = input.atMs + sliceMs / 2;
  const base = profile.baseMs;
  const point = (p50: number | null, p99: number | null, kinds: Record<string, number> = {}) => ({
    atMs: input.atMs,
    calls,
    errors: Object.values(kinds).reduce((a, b) => a + b, 0),
    p50Ms: p50 === null ? null : round(p50),
    p99Ms: p99 === null || p50 === null ? null : round(Math.max(p99, p50)),
    kinds,
    attempts: input.side === 'bulwark' ? calls : 0,
    hung: 0,
  });
  const normal = () => point(base * jitter(0.15), base * 3.2 * jitter(0.2));
  const phase = input.phase;
  if (phase === undefined || phase.name === 'baseline') return normal();
  const inFault = mid < phase.faultEndMs;

  switch (phase.name) {
    case 'latency':
      return inFault ? point(base + 250 * jitter(0.02), base + 320 * jitter(0.05)) : normal();
    case 'bandwidth':
      return inFault
        ? point(
            base + profile.bandwidthMs * jitter(0.1),
            base + profile.bandwidthMs * 2.2 * jitter(0.1),
          )
        : normal();
    case 'throttle': {
      if (!inFault) return normal();
      if (input.side === 'raw') {
        return point(base * jitter(0.15), base * 3 * jitter(0.2), {
          throttled: Math.round(calls * 0.5 * jitter(0.1)),
        });
      }
      const throttled = Math.round(calls * 0.03 * jitter(0.9));
      const retried = point(
        base * 1.6 * jitter(0.1),
        380 * jitter(0.15),
        throttled > 0 ? { throttled } : {},
      );
      return { ...retried, attempts: Math.round(calls * 1.9) };
    }
    case 'flapping': {
      // Resets for 300 ms of every second: the raw driver loses about a third of its calls;
      // bulwark retries most of them into the next quiet spell.
      if (!inFault) return normal();
      const lost = Math.round(calls * (input.side === 'raw' ? 0.3 : 0.05) * jitter(0.2));
      const flapped = point(base * 1.5 * jitter(0.1), base * 6 * jitter(0.2), { connection: lost });
      return input.side === 'raw' ? flapped : { ...flapped, attempts: Math.round(calls * 1.3) };
    }
    case 'tail':
      // One reply in twenty late: the raw driver's p99 is the late reply; bulwark hedges it.
      if (!inFault) return normal();
      return input.side === 'raw'
        ? point(base * jitter(0.15), 500 + base * jitter(0.2))
        : point(base * jitter(0.15), base * 8 * jitter(0.2));
    case 'overload': {
      if (!inFault) return normal();
      if (input.side === 'bulwark') {
        // Half the calls refused at once; the rest served at about the unloaded latency.
        const refused = Math.round(calls * 0.5 * jitter(0.1));
        return point(0.05, 290 * jitter(0.1), { bulkhead_full: refused });
      }
      // The raw driver's calls queue up: each waits longer than the last.
      const waitMs = 160 + (mid - phase.startMs) * 0.6;
      return point(waitMs * jitter(0.05), waitMs * 1.3 * jitter(0.05));
    }
    default: {
      const fault = breakingFaults[phase.name];
      return input.side === 'bulwark'
        ? bulwarkUnderFault(input, fault, calls, point, normal)
        : rawUnderFault(input, profile, calls, point, normal, jitter);
    }
  }
}

type Point = (
  p50: number | null,
  p99: number | null,
  kinds?: Record<string, number>,
) => SampleSlice;

function bulwarkUnderFault(
  input: SliceInput,
  fault: (typeof breakingFaults)[keyof typeof breakingFaults],
  calls: number,
  point: Point,
  normal: () => SampleSlice,
): SampleSlice {
  const mid = input.atMs + input.sliceMs / 2;
  const state = breakerStateAt(input.breaker, mid);
  const phase = input.phase;
  if (phase === undefined) return normal();
  if (state === 'closed') {
    if (mid >= phase.faultEndMs) return normal();
    // Before the breaker trips every call fails: a blackhole after the attempt timeout, a reset
    // or a refusal after its retries.
    const slow = fault.failure === 'timeout';
    const failed = point(slow ? attemptTimeoutMs : 150, slow ? attemptTimeoutMs * 1.02 : 320, {
      [fault.failure]: calls,
    });
    return { ...failed, attempts: slow ? calls : calls * 3 };
  }
  // Open (or probing): calls fail fast without leaving; a probe in this slice is the one attempt.
  const probe = input.breaker.some(
    (t) => t.to === 'half_open' && t.atMs >= input.atMs && t.atMs < input.atMs + input.sliceMs,
  );
  const probeFailed = probe && mid < phase.faultEndMs;
  const kinds: Record<string, number> = { circuit_open: probe ? calls - 1 : calls };
  if (probeFailed) kinds[fault.failure] = 1;
  const fast = point(0.03 * (1 + input.random() * 0.4), probeFailed ? fault.probeMs : 0.12, kinds);
  return { ...fast, attempts: probe ? 1 : 0 };
}

function rawUnderFault(
  input: SliceInput,
  profile: SampleProfile,
  calls: number,
  point: Point,
  normal: () => SampleSlice,
  jitter: (amount: number) => number,
): SampleSlice {
  const phase = input.phase;
  if (phase === undefined) return normal();
  const mid = input.atMs + input.sliceMs / 2;
  const base = profile.baseMs;
  if (phase.name === 'blackhole') {
    const release = profile.rawBlackholeReleaseMs;
    // A driver with no timeout waits: for ever, or until the blackhole lifts and the bytes flow.
    if (release === null) return { ...point(null, null), hung: calls };
    const endsAt = phase.faultEndMs + release;
    if (mid >= endsAt) return normal();
    const waited = endsAt - mid;
    const stuck = point(waited, waited + input.sliceMs / 2);
    return { ...stuck, hung: waited > input.deadlineMs ? calls : 0 };
  }
  if (phase.name === 'reset') {
    return mid < phase.faultEndMs
      ? point(base * 1.5 * jitter(0.1), base * 6 * jitter(0.2), {
          connection: Math.round(calls * 0.97),
        })
      : normal();
  }
  return mid < phase.faultEndMs + profile.rawDownRecoveryMs
    ? point(0.35 * jitter(0.2), 1.2 * jitter(0.2), { connection: calls })
    : normal();
}

/** Latencies with three significant digits: plausible, and a smaller JSON. */
function round(ms: number): number {
  return Number(ms.toPrecision(3));
}
