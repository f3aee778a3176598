import {
  sampleClientsOf,
  sampleOverloadScore,
  sampleSeriesPoint,
  sampleTailScore,
} from './sample-load.ts';
import { drillClients, drillSides, phaseNames } from '../drill/drill-results.ts';
import type {
  BreakerTransition,
  BrokenPromise,
  ClientResults,
  DrillClient,
  DrillResults,
  DrillSide,
  PhaseName,
  PhaseScore,
  PhaseSpan,
  SideResults,
  TimeWindow,
} from '../drill/drill-results.ts';
import { faultDurationMs } from '../drill/score-phases.ts';
import { sampleBreakerTransitions } from './sample-breaker.ts';
import { breakingFaults, sampleProfiles, sampleSlice } from './sample-series.ts';
import type { SampleSlice } from './sample-series.ts';

export interface SampleResultsOptions {
  /** Seeds the jitter; the same seed always gives the same results. Default 7. */
  readonly seed?: number;
  /** Short phases (6 s faults) as `--quick` runs them, instead of 20 s. Default false. */
  readonly quick?: boolean;
  /** The clients to include, in order. Default: all four. */
  readonly clients?: readonly DrillClient[];
  /** Add a promise bulwark broke (a socket S3 left open), to show a failing verdict. */
  readonly broken?: boolean;
}

/**
 * Plausible, deterministic {@link DrillResults}: for tests, for the report's screenshot before a
 * real drill has run, and for anyone building on the results model. Not measured; the figures
 * follow a few rules of how raw drivers and bulwark behave under each fault.
 */
export function sampleResults(options: SampleResultsOptions = {}): DrillResults {
  const quick = options.quick ?? false;
  const timing = quick
    ? { baselineMs: 6000, faultMs: 6000, recoveryMs: 4000, sliceMs: 500, openMs: 2000 }
    : { baselineMs: 20_000, faultMs: 20_000, recoveryMs: 10_000, sliceMs: 1000, openMs: 5000 };
  const random = seededRandom(options.seed ?? 7);
  const phases = samplePhases(timing);
  const durationMs = phases.at(-1)?.endMs ?? 0;
  const deadlineMs = 5000;
  const chosen = options.clients ?? drillClients;
  const broken: BrokenPromise[] = [];
  if (options.broken === true && chosen.includes('s3')) {
    broken.push({
      client: 's3',
      phase: undefined,
      promise: 'no_leak',
      detail: '1 socket to 127.0.0.1:9000 still open after close()',
    });
  }
  const clients = chosen.map((client): ClientResults => {
    const sides = drillSides.map((side) => {
      const leaked = broken.some((b) => b.client === client && b.promise === 'no_leak') ? 1 : 0;
      return sampleSide({ client, side, phases, durationMs, deadlineMs, timing, random, leaked });
    });
    return { client, target: sampleTargets[client], sides };
  });
  return {
    version: 1,
    startedAt: '2026-11-24T09:30:00.000Z',
    durationMs,
    mode: 'embedded',
    quick,
    deadlineMs,
    sliceMs: timing.sliceMs,
    phases,
    clients,
    broken,
  };
}

const sampleTargets: Readonly<Record<DrillClient, string>> = {
  s3: 'http://127.0.0.1:9000/drill-bucket',
  postgres: 'postgres://127.0.0.1:5432/drill',
  redis: 'redis://127.0.0.1:6379/0',
  http: 'http://127.0.0.1:8080/',
};

const descriptions: Readonly<Record<PhaseName, string>> = {
  baseline: 'no fault: the service as it is',
  latency: 'latency: +250 ms on every response',
  bandwidth: 'bandwidth: 64 KB/s each way',
  blackhole: 'blackhole: no bytes pass, connections stay open',
  reset: 'reset: connections reset by the peer',
  down: 'down: the service refuses connections',
  flapping: 'flapping: connections reset for 300 ms of every second',
  throttle: 'throttle: half the requests answered 429 / SlowDown',
  tail: 'tail: one reply in twenty held back by 500 ms',
  overload: 'overload: a server offered twice its capacity',
};

interface Timing {
  readonly baselineMs: number;
  readonly faultMs: number;
  readonly recoveryMs: number;
  readonly sliceMs: number;
  readonly openMs: number;
}

function samplePhases(timing: Timing): PhaseSpan[] {
  let at = 0;
  return phaseNames.map((name) => {
    const startMs = at;
    const faultEndMs = name === 'baseline' ? startMs : startMs + timing.faultMs;
    const endMs =
      name === 'baseline' ? startMs + timing.baselineMs : faultEndMs + timing.recoveryMs;
    at = endMs;
    const clients = sampleClientsOf[name] ?? drillClients;
    const faultWindows =
      name === 'flapping' ? pulses(startMs, faultEndMs) : [{ startMs, endMs: faultEndMs }];
    const outage = ['blackhole', 'reset', 'down'].includes(name);
    const description = descriptions[name];
    return { name, description, startMs, faultEndMs, endMs, clients, faultWindows, outage };
  });
}

/** 300 ms of every second, as the drill flaps. */
function pulses(startMs: number, endMs: number): TimeWindow[] {
  const windows: TimeWindow[] = [];
  for (let at = startMs; at < endMs; at += 1000) windows.push({ startMs: at, endMs: at + 300 });
  return windows;
}

function sampleSide(input: {
  client: DrillClient;
  side: DrillSide;
  phases: readonly PhaseSpan[];
  durationMs: number;
  deadlineMs: number;
  timing: Timing;
  random: () => number;
  leaked: number;
}): SideResults {
  const { client, side, phases, timing } = input;
  const applies = phases.filter((p) => p.clients.includes(client));
  const breaker: BreakerTransition[] =
    side === 'raw'
      ? []
      : applies.flatMap((phase) =>
          phase.name === 'blackhole' || phase.name === 'reset' || phase.name === 'down'
            ? sampleBreakerTransitions(
                { phase, ...breakingFaults[phase.name] },
                timing.openMs,
                sampleProfiles[client].baseMs,
              )
            : [],
        );
  const slices: SampleSlice[] = [];
  for (let atMs = 0; atMs < input.durationMs; atMs += timing.sliceMs) {
    const phase = applies.find((p) => atMs >= p.startMs && atMs < p.endMs);
    slices.push(sampleSlice({ ...input, atMs, sliceMs: timing.sliceMs, phase, breaker }));
  }
  const scores = applies.map((phase) => scorePhase(client, side, phase, slices, breaker));
  const succeeded = scores.reduce((sum, s) => sum + s.succeeded, 0);
  const leakedByRaw = side === 'raw' && client === 'postgres' ? 4 : 0;
  return {
    side,
    phases: scores,
    series: slices.map((slice) => sampleSeriesPoint(slice, side, applies, timing.sliceMs)),
    breaker,
    audit: {
      leakedSockets: side === 'bulwark' ? input.leaked : leakedByRaw,
      lostWrites: 0,
      acknowledgedWrites: Math.round(succeeded / 4),
      // PostgreSQL and Redis count each write's runs; an S3 PUT repeated leaves no trace.
      doubledWrites: client === 'postgres' || client === 'redis' ? 0 : null,
      attemptedWrites: client === 'http' ? 0 : Math.round(sum(scores.map((s) => s.calls)) / 2),
    },
  };
}

function scorePhase(
  client: DrillClient,
  side: DrillSide,
  phase: PhaseSpan,
  slices: readonly SampleSlice[],
  breaker: readonly BreakerTransition[],
): PhaseScore {
  const within = slices.filter((s) => s.atMs >= phase.startMs && s.atMs < phase.endMs);
  const calls = sum(within.map((s) => s.calls));
  const failed = sum(within.map((s) => s.errors));
  // Calls that never ended neither failed nor succeeded.
  const unsettled = sum(within.map((s) => (s.p50Ms === null ? s.calls - s.errors : 0)));
  const errors: Record<string, number> = {};
  for (const slice of within) {
    for (const [kind, count] of Object.entries(slice.kinds))
      errors[kind] = (errors[kind] ?? 0) + count;
  }
  const faultMs = faultDurationMs(phase);
  const inFault = phase.outage ? within.filter((s) => s.atMs < phase.faultEndMs) : [];
  const p50s = within.flatMap((s) => (s.p50Ms === null ? [] : [s.p50Ms])).sort((a, b) => a - b);
  const p99s = within.flatMap((s) => (s.p99Ms === null ? [] : [s.p99Ms]));
  const closed = breaker.find(
    (t) => t.to === 'closed' && t.atMs >= phase.faultEndMs && t.atMs < phase.endMs,
  );
  return {
    phase: phase.name,
    calls,
    succeeded: calls - failed - unsettled,
    successRate: calls === 0 ? null : (calls - failed - unsettled) / calls,
    served: calls - failed - unsettled,
    p50Ms: p50s[Math.floor(p50s.length / 2)] ?? null,
    p99Ms: p99s.length === 0 ? null : Math.max(...p99s),
    hung: sum(within.map((s) => s.hung)),
    attemptsPerCall:
      side === 'raw' || calls === 0 ? null : round2(sum(within.map((s) => s.attempts)) / calls),
    faultCalls: phase.outage ? sum(inFault.map((s) => s.calls)) : null,
    faultAttempts: phase.outage && side === 'bulwark' ? sum(inFault.map((s) => s.attempts)) : null,
    // A check every 250 ms or so while the fault is on, as bulwark's default makes.
    faultChecks: phase.outage && side === 'bulwark' ? Math.floor(faultMs / 250) : null,
    faultMs: phase.outage ? faultMs : null,
    breakerTransitions:
      side === 'raw'
        ? null
        : breaker.filter((t) => t.atMs >= phase.startMs && t.atMs < phase.endMs).length,
    recoveryMs: recoveryMs(client, side, phase, closed),
    errors,
    ...(phase.name === 'tail'
      ? { tail: sampleTailScore(side, calls, sampleProfiles[client].baseMs) }
      : {}),
    ...(phase.name === 'overload' ? { overload: sampleOverloadScore(side, calls) } : {}),
  };
}

/** From the fault's end to the first success: the breaker's closing, or the raw driver's rules. */
function recoveryMs(
  client: DrillClient,
  side: DrillSide,
  phase: PhaseSpan,
  closed: BreakerTransition | undefined,
): number | null {
  const profile = sampleProfiles[client];
  switch (phase.name) {
    case 'baseline':
    case 'latency':
    case 'bandwidth':
      return 0;
    case 'throttle':
    case 'tail':
      return round2(side === 'raw' ? profile.baseMs : profile.baseMs * 1.6);
    case 'overload':
      return round2(profile.baseMs * 2);
    case 'flapping':
      // The fault ends in a quiet spell: both sides are serving again at once.
      return round2(profile.baseMs * 1.5);
    case 'blackhole':
      if (side === 'raw') return profile.rawBlackholeReleaseMs;
      break;
    case 'reset':
      if (side === 'raw') return round2(profile.baseMs * 2);
      break;
    case 'down':
      if (side === 'raw') return profile.rawDownRecoveryMs;
      break;
  }
  return closed === undefined ? null : round2(closed.atMs - phase.faultEndMs);
}

/** mulberry32: a tiny seeded generator, so the same seed gives the same sample everywhere. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function sum(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0);
}

function round2(value: number): number {
  return Math.round(value * 100) / 100;
}
