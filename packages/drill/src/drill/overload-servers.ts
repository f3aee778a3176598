import { Agent, request } from 'undici';
import { startOverloadableUpstream, type OverloadableUpstream } from 'bulwark/testkit';
import type { DrillProfile } from './drill-profile.ts';
import { quantile } from './score-phases.ts';

/** One side's overloadable server, and how to send that side's calls to it. */
export interface OverloadPoint {
  readonly upstream: OverloadableUpstream;
  /** Its p99 with nobody else asking, ms: what bulwark's served calls are held to, doubled. */
  readonly unloadedP99Ms: number;
  /** Sends the side's calls to the server until the returned function is called. */
  divert(): () => void;
}

/** Requests the server serves at full speed at once: enough for a limit to move by steps. */
export const overloadCapacity = 4;
/** Rounds of `overloadCapacity` requests at once that measure the unloaded p99. */
const calibrationRounds = 6;

/**
 * How long a request takes at full speed, ms, so that the drill's steady pace of calls offers
 * twice what the server can serve: capacity / latency = half of one call per call interval.
 */
export function overloadLatencyMs(profile: DrillProfile): number {
  return overloadCapacity * 2 * profile.callIntervalMs;
}

/**
 * The server's p99 unloaded: a few rounds of as many requests at once as it serves at full
 * speed, after one that opens the connections.
 */
async function unloadedP99(url: string): Promise<number> {
  const agent = new Agent({ connections: overloadCapacity });
  const once = async (): Promise<number> => {
    const start = performance.now();
    const response = await request(url, { dispatcher: agent });
    await response.body.dump();
    return performance.now() - start;
  };
  try {
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
  } finally {
    await agent.close();
  }
}

/** Starts one side's overloadable server and measures its unloaded p99. */
export async function startOverloadServer(
  profile: DrillProfile,
): Promise<Omit<OverloadPoint, 'divert'>> {
  const upstream = await startOverloadableUpstream({
    capacity: overloadCapacity,
    latencyMs: overloadLatencyMs(profile),
  });
  try {
    return { upstream, unloadedP99Ms: await unloadedP99(upstream.url) };
  } catch (error) {
    await upstream.close();
    throw error;
  }
}
