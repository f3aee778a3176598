import { performance } from 'node:perf_hooks';
import type { DrillEnvironment } from './drill-environment.ts';
import type { DrillOptions } from './drill-options.ts';
import { phaseDefinitions, type PhaseDefinition } from './drill-phases.ts';
import { hangGraceMs, type DrillProfile } from './drill-profile.ts';
import type { DrillProgress } from './drill-progress.ts';
import type { ClientResults, DrillResults, PhaseSpan, SideResults } from './drill-results.ts';
import { DrillSetupError } from './drill-setup-error.ts';
import type { SideLog } from './call-log.ts';
import { auditSide } from './audit-side.ts';
import { within } from './driven-side.ts';
import { closeStations, countWireAttempts, openStations, type Station } from './drill-stations.ts';
import { runFault } from './run-fault.ts';
import { sleepUntil } from './sleep-until.ts';
import { scorePhase, seriesOf } from './score-phases.ts';
import { brokenPromises } from './verdict.ts';
import type { Workload } from './workloads/workload.ts';

/** What the drill tells whoever watches it (the progress display). */
export interface DrillObserver {
  phaseStarted(span: PhaseSpan, index: number, count: number): void;
  phaseEnded(span: PhaseSpan, progress: DrillProgress): void;
  update(progress: DrillProgress): void;
  message(line: string): void;
}

/** Prepares each workload (its table, its bucket), naming the first service that fails. */
async function prepare(workloads: readonly Workload[]): Promise<void> {
  await Promise.all(
    workloads.map(async (workload) => {
      try {
        await workload.prepare();
      } catch (error) {
        const why = error instanceof Error ? error.message.split('\n')[0] : String(error);
        throw new DrillSetupError(`${workload.client} at ${workload.target}: ${why}`);
      }
    }),
  );
}

/** Calls started since `sinceMs`, and the ones of them that failed so far. */
function countSince(log: SideLog, sinceMs: number): { calls: number; errors: number } {
  let calls = 0;
  let errors = 0;
  // Newest last: walk back to the phase's first call.
  for (let i = log.calls.length - 1; i >= 0; i--) {
    const call = log.calls[i];
    if (call === undefined || call.startMs < sinceMs) break;
    calls++;
    if (call.endMs !== undefined && !call.ok) errors++;
  }
  return { calls, errors };
}

/** Where the drill stands, with each side's counts for the current phase. */
function progressOf(
  stations: readonly Station[],
  phase: { readonly index: number; readonly startMs: number; readonly faultOn: boolean },
  elapsedMs: number,
  totalMs: number,
): DrillProgress {
  return {
    phase: phaseDefinitions[phase.index]?.name ?? 'baseline',
    phaseIndex: phase.index,
    phaseCount: phaseDefinitions.length,
    faultOn: phase.faultOn,
    elapsedMs,
    totalMs,
    sides: stations.map(({ driven: { log } }) => ({
      client: log.client,
      side: log.side,
      ...countSince(log, phase.startMs),
      inFlight: log.inFlight,
    })),
  };
}

/**
 * Runs every phase against every station: a steady stream of calls on both sides, the phase's
 * fault on for `faultMs`, then off for `recoveryMs`.
 */
async function runPhases(
  stations: readonly Station[],
  profile: DrillProfile,
  now: () => number,
  observer: DrillObserver,
): Promise<PhaseSpan[]> {
  const faultMsOf = (phase: PhaseDefinition) =>
    phase.load ? profile.loadFaultMs : phase.pulse ? profile.pulsedFaultMs : profile.faultMs;
  const totalMs = phaseDefinitions.reduce(
    (sum, phase) => sum + faultMsOf(phase) + profile.recoveryMs,
    0,
  );
  const current = { index: 0, startMs: 0, faultOn: false };
  const caller = setInterval(() => {
    // Each call in a task of its own: what one settles at once (a refusal) is then seen before
    // the next side's call runs its synchronous part (an S3 request's signing), which would
    // otherwise be timed as part of it.
    for (const station of stations) setImmediate(() => station.driven.call());
  }, profile.callIntervalMs);
  const reporter = setInterval(
    () => observer.update(progressOf(stations, current, now(), totalMs)),
    250,
  );
  const spans: PhaseSpan[] = [];
  try {
    for (const [index, phase] of phaseDefinitions.entries()) {
      const startMs = now();
      Object.assign(current, { index, startMs });
      const applies = stations.filter(({ workload }) => phase.appliesTo(workload));
      const clients = [...new Set(applies.map(({ workload }) => workload.client))];
      // The first phase uses the warmed-up clients; each later one a fresh raw client.
      if (index > 0)
        for (const station of stations) if (station.side === 'raw') station.driven.renew();
      const { name, description, outage } = phase;
      const planned = { name, description, outage, clients };
      const faultMs = faultMsOf(phase);
      const endMs = startMs + faultMs + profile.recoveryMs;
      const plan = { ...planned, startMs, faultEndMs: startMs + faultMs, endMs, faultWindows: [] };
      observer.phaseStarted(plan, index, phaseDefinitions.length);
      current.faultOn = true;
      const points = applies.map(({ workload, proxy, gate, tail, overload }) => ({
        client: workload.client,
        proxy,
        gate,
        tail,
        overload,
      }));
      const faultWindows = await runFault(phase, points, { startMs, faultMs, now });
      current.faultOn = false;
      // Taking a fault away can itself take a while (a choked link drains first); the recovery
      // window starts when the fault is really gone.
      const faultEndMs = now();
      await sleepUntil(now, faultEndMs + profile.recoveryMs);
      const span: PhaseSpan = { ...planned, startMs, faultEndMs, endMs: now(), faultWindows };
      spans.push(span);
      observer.phaseEnded(span, progressOf(stations, current, now(), totalMs));
    }
  } finally {
    clearInterval(caller);
    clearInterval(reporter);
  }
  return spans;
}

/** Waits until bulwark's calls have all settled (they must, by their deadline) and a bit more. */
async function drain(stations: readonly Station[], profile: DrillProfile): Promise<void> {
  const until = performance.now() + profile.deadlineMs + hangGraceMs;
  const busy = () => stations.some(({ driven }) => driven.log.inFlight > 0);
  while (busy() && performance.now() < until) {
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Runs a whole drill in `environment` and returns its results. */
export async function runDrill(
  environment: DrillEnvironment,
  options: DrillOptions,
  profile: DrillProfile,
  observer: DrillObserver,
): Promise<DrillResults> {
  const startedAt = new Date();
  await prepare(environment.workloads);
  let t0 = performance.now();
  const now = () => performance.now() - t0;
  const stations = await openStations(environment, profile, now);
  try {
    await Promise.all(stations.map(({ driven }) => driven.warmUp()));
    t0 = performance.now();
    const spans = await runPhases(stations, profile, now, observer);
    await drain(stations, profile);
    const durationMs = now();
    const limitMs = profile.deadlineMs + hangGraceMs;
    const sides = new Map<Station, SideResults>();
    countWireAttempts(stations, t0);
    for (const station of stations) {
      const { log } = station.driven;
      const { audit, doubled } = await auditSide(station.driven, station.workload);
      const limits = { deadlineMs: profile.deadlineMs, limitMs, doubled };
      const server = station.overload && {
        capacityPerS: station.overload.upstream.capacityPerSecond,
        unloadedP99Ms: station.overload.unloadedP99Ms,
      };
      sides.set(station, {
        side: station.side,
        phases: spans
          .filter((span) => span.clients.includes(log.client))
          .map((span) => scorePhase(log, span, limits, server)),
        series: seriesOf(log, profile.sliceMs, durationMs, limits),
        breaker: log.breaker,
        audit,
      });
    }
    const clients: ClientResults[] = environment.workloads.map((workload) => ({
      client: workload.client,
      target: workload.target,
      sides: stations.flatMap((station) => {
        const side = station.workload === workload ? sides.get(station) : undefined;
        return side ? [side] : [];
      }),
    }));
    return {
      version: 1,
      startedAt: startedAt.toISOString(),
      durationMs: Math.round(durationMs),
      mode: environment.mode,
      quick: options.quick,
      deadlineMs: profile.deadlineMs,
      sliceMs: profile.sliceMs,
      phases: spans,
      clients,
      broken: brokenPromises(clients),
    };
  } finally {
    await closeStations(stations);
    await Promise.all(environment.workloads.map((workload) => within(workload.cleanup(), 5_000)));
  }
}
