import { startOverloadableUpstream, type OverloadableUpstream } from 'bulwark/testkit';
import type { DrillProfile } from './drill-profile.ts';
import { quantile } from './call-figures.ts';
import type { SideClient } from './workloads/workload.ts';

/** One side's overloadable server, and how to send that side's calls to it. */
export interface OverloadPoint {
  readonly upstream: OverloadableUpstream;
  /**
   * The side's p99 against it with nobody else asking, ms (measured before the drill):
   * what bulwark's served calls are held to, doubled.
   */
  readonly unloadedP99Ms: number;
  /** Sends the side's calls to the server until the returned function is called. */
  divert(): () => void;
}

/** Requests the server serves at full speed at once: enough for a limit to move by steps. */
export const overloadCapacity = 4;
/** Rounds of `overloadCapacity` reads at once that measure the unloaded p99. */
const calibrationRounds = 10;

/**
 * How long a request takes at full speed, ms, so that the drill's steady pace of calls offers
 * twice what the server can serve: capacity / latency = half of one call per call interval.
 */
export function overloadLatencyMs(profile: DrillProfile): number {
  return overloadCapacity * 2 * profile.callIntervalMs;
}

/**
 * A side's p99 against its server unloaded, through the side's own client: a few rounds of as
 * many reads at once as the server serves at full speed, after one that opens the connections.
 * They warm the client up too, as calls before an overload would: bulwark's limit learns how
 * fast the server is when it is not overloaded.
 */
export async function measureUnloadedP99(client: SideClient): Promise<number> {
  const once = async (): Promise<number> => {
    const start = performance.now();
    await client.read('');
    return performance.now() - start;
  };
  await Promise.all(Array.from({ length: overloadCapacity }, once));
  const times: number[] = [];
  for (let round = 0; round < calibrationRounds; round++) {
    times.push(...(await Promise.all(Array.from({ length: overloadCapacity }, once))));
  }
  return (
    Math.round(
      (quantile(
        times.toSorted((a, b) => a - b),
        0.99,
      ) ?? 0) * 10,
    ) / 10
  );
}

/** Starts one side's overloadable server. */
export function startOverloadServer(profile: DrillProfile): Promise<OverloadableUpstream> {
  return startOverloadableUpstream({
    capacity: overloadCapacity,
    latencyMs: overloadLatencyMs(profile),
  });
}
