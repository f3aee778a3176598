import { isUpstreamError } from '../core/errors.ts';
import type { RedisArg } from '../redis/redis-args.ts';
import type { RedisClient } from '../redis/redis-client.ts';

/** A Lua script and its SHA-1. */
export interface FleetScript {
  readonly source: string;
  readonly sha: string;
}

/**
 * Runs `script` through the client's pipeline in one round trip: EVALSHA, and EVAL when the
 * server does not have it (a restart, a failover, SCRIPT FLUSH). Not retried once sent: a
 * fleet script counts or reserves, and twice would be wrong.
 */
export async function runFleetScript(
  redis: RedisClient,
  script: FleetScript,
  keys: readonly string[],
  args: readonly RedisArg[],
  call: { readonly timeoutMs: number; readonly signal?: AbortSignal | undefined },
): Promise<unknown> {
  const options = {
    idempotent: false,
    timeoutMs: call.timeoutMs,
    attemptTimeoutMs: call.timeoutMs,
    signal: call.signal,
  };
  const tail = [keys.length, ...keys, ...args] as const;
  try {
    return await redis.command('EVALSHA', script.sha, ...tail, options);
  } catch (error) {
    if (!isUpstreamError(error) || error.upstreamCode !== 'NOSCRIPT') throw error;
    return redis.command('EVAL', script.source, ...tail, options);
  }
}
