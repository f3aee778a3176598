import {
  createFaultProxy,
  startHttpFaultGate,
  startTailRelay,
  type FaultProxy,
  type HttpFaultGate,
  type TailRelay,
} from 'bulwark/testkit';
import type { DrillEnvironment } from './drill-environment.ts';
import { phaseDefinitions } from './drill-phases.ts';
import type { DrillProfile } from './drill-profile.ts';
import type { DrillSide } from './drill-results.ts';
import { drillSides } from './drill-results.ts';
import { DrivenSide, within } from './driven-side.ts';
import { measureUnloadedP99, startOverloadServer, type OverloadPoint } from './overload-servers.ts';
import type { Workload } from './workloads/workload.ts';

/** One client side's place in the drill: where faults act, and the side being driven. */
export interface Station {
  readonly workload: Workload;
  readonly side: DrillSide;
  readonly proxy: FaultProxy;
  readonly gate: HttpFaultGate | undefined;
  /** Between the proxy and the service: it makes the tail phase's late replies. */
  readonly tail: TailRelay;
  /** The side's own overloadable server, for the clients the overload phase applies to. */
  readonly overload: OverloadPoint | undefined;
  readonly driven: DrivenSide;
}

const overloads = (workload: Workload) =>
  phaseDefinitions.some((phase) => phase.name === 'overload' && phase.appliesTo(workload));

/**
 * A fault proxy for each side (and an HTTP gate before it, for HTTP services), with a tail
 * relay behind it; and, where the overload phase applies, an overloadable server of the
 * side's own. The relay stands behind the proxy, not before it: a client then meets the
 * proxy's faults as it did without one (a refused connection stays a refused connection).
 */
export async function openStations(
  environment: DrillEnvironment,
  profile: DrillProfile,
  now: () => number,
): Promise<Station[]> {
  const stations: Array<Promise<Station>> = [];
  for (const workload of environment.workloads) {
    const servers = overloads(workload)
      ? await Promise.all(drillSides.map(() => startOverloadServer(profile)))
      : [];
    for (const [i, side] of drillSides.entries()) {
      const tail = await startTailRelay(workload.upstream);
      const proxy = await createFaultProxy(environment.toxiproxy, {
        upstream: tail.address,
        name: `drill-${environment.runId}-${workload.client}-${side}`,
        publishedPorts: environment.publishedPorts,
      });
      const gate = workload.speaksHttp ? await startHttpFaultGate(proxy.address) : undefined;
      const address = gate ? { host: '127.0.0.1', port: gate.port } : proxy;
      const driven = new DrivenSide(workload, side, address, gate !== undefined, profile, now);
      const upstream = servers[i];
      const standby = upstream && driven.standBy({ host: '127.0.0.1', port: upstream.port });
      const station = { workload, side, proxy, gate, tail, driven };
      stations.push(
        upstream && standby
          ? measureUnloadedP99(standby).then((unloadedP99Ms) => ({
              ...station,
              overload: { upstream, unloadedP99Ms, divert: () => driven.divert() },
            }))
          : Promise.resolve({ ...station, overload: undefined }),
      );
    }
  }
  // The sides measure their servers at once: each has one of its own.
  return Promise.all(stations);
}

/**
 * Adds to each side's log the attempts counted on the wire (`t0`: the drill's time origin):
 * those its HTTP gate passed, and those its overloadable server received.
 */
export function countWireAttempts(stations: readonly Station[], t0: number): void {
  for (const { gate, overload, driven } of stations) {
    const { log } = driven;
    if (gate) {
      // bulwark's HTTP and S3 recovery checks are HEAD requests, which no drill call makes.
      for (const request of gate.requests) {
        const times = request.method === 'HEAD' ? log.checkTimes : log.attemptTimes;
        times.push(request.at - t0);
      }
    }
    for (const at of overload?.upstream.arrivals ?? []) log.attemptTimes.push(at - t0);
  }
}

/** Closes everything the stations opened, each part within its time. */
export async function closeStations(stations: readonly Station[]): Promise<void> {
  await Promise.all(
    stations.map(async ({ driven, gate, proxy, tail, overload }) => {
      await driven.close(1_000);
      await gate?.close();
      await within(proxy.dispose(), 2_000);
      await within(tail.close(), 2_000);
      await within(overload?.upstream.close() ?? Promise.resolve(), 2_000);
    }),
  );
}
